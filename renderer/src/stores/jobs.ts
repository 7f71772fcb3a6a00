// Training jobs as the UI sees them: live info from 'jobs:update', curves from 'jobs:metrics'. Metric rows are
// kept out of Vue's deep reactivity (thousands of points); a per-job version counter tells charts to redraw.
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowReactive } from 'vue';
import type { ArtifactData, BackendChoice, Events, JobConfig, JobInfo, MetricRow } from '../../../preload/contract';
import { FINISHED_STATUSES } from '../../../preload/contract';
import { useApi } from '../api/instance';
import { useNotifications } from './notifications';

export const useJobs = defineStore('jobs', () => {
  const byId = reactive(new Map<string, JobInfo>());
  const metrics = new Map<string, MetricRow[]>();
  const versions = shallowReactive(new Map<string, number>());
  const marks = reactive(new Map<string, Array<Events['jobs:mark']>>());
  /** Each job's log lines (what it trained on, its warnings), oldest first: the run view's Log panel. */
  const logs = shallowReactive(new Map<string, Array<Events['jobs:log']>>());
  /** Latest artifact of each name per job (grids, samples, rollouts): typed arrays, kept out of reactivity. */
  const artifacts = new Map<string, Map<string, ArtifactData>>();
  const artifactVersions = shallowReactive(new Map<string, number>());
  const selected = ref<string[]>([]);
  /** Jobs started for the app's own use (the wizard's timing probe): no notification, never selected. */
  const quiet = new Set<string>();
  const list = computed(() => [...byId.values()].sort((a, b) => b.createdAt - a.createdAt));

  function bump(jobId: string): void {
    versions.set(jobId, (versions.get(jobId) ?? 0) + 1);
  }

  function onUpdate(info: JobInfo): void {
    const before = byId.get(info.id);
    byId.set(info.id, info);
    // A run that appears already finished (opened from a project) brings its whole history with it, and is
    // selected when none is (a reopened project shows a run, not a blank pane).
    if (!before && FINISHED_STATUSES.includes(info.status)) {
      void loadHistory(info.id);
      if (!selected.value.length && !quiet.has(info.id)) selected.value = [info.id];
    }
    if (before && !quiet.has(info.id) && !FINISHED_STATUSES.includes(before.status) && FINISHED_STATUSES.includes(info.status)) {
      const notes = useNotifications();
      if (info.status === 'failed') notes.push('error', `${info.label} failed: ${info.error?.message ?? 'unknown error'}`);
      else if (info.status === 'completed') notes.push('success', `${info.label} finished.`);
    }
  }

  /** When the newest rows of each job left their worker (for the latency the UI bench measures). */
  const sentAt = new Map<string, number>();

  function onMetrics({ jobId, rows, sentAt: sent }: Events['jobs:metrics']): void {
    if (sent) sentAt.set(jobId, sent);
    const arr = metrics.get(jobId) ?? [];
    metrics.set(jobId, arr);
    arr.push(...rows);
    bump(jobId);
  }

  function onArtifact({ jobId, name, data }: Events['jobs:artifact']): void {
    const byName = artifacts.get(jobId) ?? new Map<string, ArtifactData>();
    artifacts.set(jobId, byName);
    byName.set(name, data);
    artifactVersions.set(jobId, (artifactVersions.get(jobId) ?? 0) + 1);
  }

  async function loadArtifacts(jobId: string): Promise<void> {
    const api = useApi();
    for (const name of await api.jobs.artifacts({ jobId })) {
      const data = await api.jobs.artifact({ jobId, name });
      if (data) onArtifact({ jobId, name, data });
    }
  }

  function onMark(mark: Events['jobs:mark']): void {
    marks.set(mark.jobId, [...(marks.get(mark.jobId) ?? []), mark]);
  }

  async function loadHistory(jobId: string): Promise<void> {
    const api = useApi();
    metrics.set(jobId, await api.jobs.metrics({ jobId }));
    // Checkpoints and rollbacks of a run from a project (or from before this page loaded) come with its curves.
    const saved = await api.jobs.marks({ jobId });
    if (saved.length) marks.set(jobId, saved);
    const lines = await api.jobs.logs({ jobId });
    if (lines.length) logs.set(jobId, lines);
    bump(jobId);
    await loadArtifacts(jobId);
  }

  /** Every line goes to the run's Log panel; a warning (a run that sits at the mean frame, a setting that breaks a
   *  constraint) also comes as a toast, so it is seen while the user looks elsewhere. */
  function onLog(line: Events['jobs:log']): void {
    const { jobId, level, message } = line;
    logs.set(jobId, [...(logs.get(jobId) ?? []), line]);
    if (level === 'info' || quiet.has(jobId)) return;
    useNotifications().push(level === 'error' ? 'error' : 'info', `${byId.get(jobId)?.label ?? jobId}: ${message}`, 15_000);
  }

  function onDiscarded({ jobId }: Events['jobs:discarded']): void {
    byId.delete(jobId);
    metrics.delete(jobId);
    versions.delete(jobId);
    marks.delete(jobId);
    logs.delete(jobId);
    artifacts.delete(jobId);
    artifactVersions.delete(jobId);
    quiet.delete(jobId);
    selected.value = selected.value.filter((id) => id !== jobId);
  }

  async function init(): Promise<void> {
    const api = useApi();
    api.on('jobs:update', onUpdate);
    api.on('jobs:discarded', onDiscarded);
    api.on('jobs:metrics', onMetrics);
    api.on('jobs:mark', onMark);
    api.on('jobs:log', onLog);
    api.on('jobs:artifact', onArtifact);
    for (const info of await api.jobs.list()) {
      byId.set(info.id, info);
      await loadHistory(info.id);
    }
    if (!selected.value.length && list.value[0]) selected.value = [list.value[0].id];
  }

  async function start(config: JobConfig, backend: BackendChoice, label?: string, opts: { quiet?: boolean } = {}): Promise<JobInfo> {
    const info = await useApi().jobs.start({ config, backend, label });
    if (opts.quiet) quiet.add(info.id);
    else selected.value = [info.id];
    // A short job's updates can overtake this reply: never let the reply's 'queued' replace a later state.
    if (!byId.has(info.id)) byId.set(info.id, info);
    return byId.get(info.id) ?? info;
  }

  async function discard(jobId: string): Promise<void> {
    try {
      onDiscarded(await useApi().jobs.discard({ jobId }));
    } catch (err) {
      useNotifications().push('error', err instanceof Error ? err.message : String(err));
    }
  }

  const act = (fn: 'cancel' | 'pause' | 'resume') => async (jobId: string) => {
    try {
      onUpdate(await useApi().jobs[fn]({ jobId }));
    } catch (err) {
      useNotifications().push('error', err instanceof Error ? err.message : String(err));
    }
  };

  function toggleSelected(jobId: string, additive: boolean): void {
    if (!additive) selected.value = [jobId];
    else if (selected.value.includes(jobId)) selected.value = selected.value.filter((id) => id !== jobId);
    else selected.value = [...selected.value, jobId];
  }

  return {
    byId, list, metrics, versions, marks, logs, selected, init, start, discard, toggleSelected, artifactVersions,
    artifactOf: (jobId: string, name: string) => artifacts.get(jobId)?.get(name) ?? null,
    cancel: act('cancel'), pause: act('pause'), resume: act('resume'),
    rowsOf: (jobId: string) => metrics.get(jobId) ?? [],
    /** Takes (and forgets) when the rows just drawn were sent by the worker. */
    takeSentAt: (jobId: string) => {
      const t = sentAt.get(jobId);
      sentAt.delete(jobId);
      return t;
    },
  };
});
