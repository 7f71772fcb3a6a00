// Systems (what can be simulated) and the dataset cache (what has been generated).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DatasetEntry, DatasetSpec, SystemInfo } from '../../../preload/contract';
import { useApi } from '../api/instance';
import { useNotifications } from './notifications';

export const useDatasets = defineStore('datasets', () => {
  const systems = ref<SystemInfo[]>([]);
  const entries = ref<DatasetEntry[]>([]);
  /** Datasets being generated: cache key -> job id, so the panel can show the job's progress. */
  const generating = ref<Record<string, string>>({});

  async function init(): Promise<void> {
    const api = useApi();
    systems.value = await api.systems.list();
    api.on('datasets:changed', (e) => {
      delete generating.value[e.key];
      if (e.change === 'failed') useNotifications().push('error', `Dataset could not be stored: ${e.message ?? 'unknown error'}`);
      if (e.change === 'added') useNotifications().push('success', 'Dataset generated and cached.');
      void refresh();
    });
    await refresh();
  }

  async function refresh(): Promise<void> {
    entries.value = await useApi().datasets.list();
  }

  async function generate(spec: DatasetSpec): Promise<void> {
    const res = await useApi().datasets.generate(spec);
    if (res.cached) useNotifications().push('info', 'This dataset is already in the cache: reused.');
    else if (res.jobId) generating.value[res.key] = res.jobId;
  }

  async function remove(key: string): Promise<void> {
    await useApi().datasets.delete({ key });
  }

  const system = (id: string) => systems.value.find((s) => s.id === id);
  return { systems, entries, generating, init, refresh, generate, remove, system };
});
