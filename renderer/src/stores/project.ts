// The open project: its name, file and dirty marker (also in the window title), and New/Open/Save/Save As.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { ProjectInfo, RecentProject, RecoveryOffer } from '../../../preload/contract';
import { FINISHED_STATUSES } from '../../../preload/contract';
import { useApi } from '../api/instance';
import { useNotifications } from './notifications';

export const useProject = defineStore('project', () => {
  const info = ref<ProjectInfo | null>(null);
  const recent = ref<RecentProject[]>([]);
  /** Versions that can be recovered, and why the file asked for could not be opened (then nothing was opened). */
  const recovery = ref<{ offers: RecoveryOffer[]; openError: string | null } | null>(null);
  const busy = ref(false);

  watch(info, (p) => {
    document.title = p ? `${p.dirty ? '• ' : ''}${p.name} — Hamiltonian Studio` : 'Hamiltonian Studio';
  });

  async function init(): Promise<void> {
    const api = useApi();
    api.on('projects:state', (p) => (info.value = p));
    api.on('jobs:update', (j) => {
      if (FINISHED_STATUSES.includes(j.status)) void refresh();
    });
    await refresh();
    recent.value = await api.projects.recent();
    const untitled = await api.projects.recoverable();
    if (untitled.length) recovery.value = { offers: untitled.slice(0, 1), openError: null };
  }

  async function refresh(): Promise<void> {
    info.value = await useApi().projects.state();
  }

  /** Runs an action with a busy flag; errors become a toast (the message names the problem). */
  async function act<T>(what: string, fn: () => Promise<T>): Promise<T | null> {
    busy.value = true;
    try {
      return await fn();
    } catch (err) {
      useNotifications().push('error', `${what} failed: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    } finally {
      busy.value = false;
    }
  }

  const save = () =>
    act('Save', async () => {
      info.value = await useApi().projects.save();
      useNotifications().push('success', `Saved ${info.value.path}`);
    });
  const saveAs = (path: string) =>
    act('Save As', async () => {
      info.value = await useApi().projects.saveAs({ path });
      recent.value = await useApi().projects.recent();
      useNotifications().push('success', `Saved ${info.value.path}`);
    });
  const open = (path: string) =>
    act('Open', async () => {
      const res = await useApi().projects.open({ path });
      info.value = res.project;
      recovery.value = res.recoveries.length ? { offers: res.recoveries, openError: res.openError } : null;
      recent.value = await useApi().projects.recent();
    });
  const create = () => act('New project', async () => void (info.value = await useApi().projects.new({})));
  const recover = (offer: RecoveryOffer) =>
    act('Recover', async () => {
      info.value = await useApi().projects.recover({ path: offer.path, autosavePath: offer.autosavePath });
      recovery.value = null;
    });

  return { info, recent, recovery, busy, init, refresh, save, saveAs, open, create, recover };
});
