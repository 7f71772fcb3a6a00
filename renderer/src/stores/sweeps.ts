// Sweeps as the UI sees them: the ones main runs or follows ('sweeps:update'), merged with the jobs store (each
// element's job, and sweeps whose runs came back from a project) into views (pages/sweeps/sweep-views.ts).
// Subscribes on first use.
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { SweepInfo, SweepStartRequest } from '../../../preload/contract';
import { useApi } from '../api/instance';
import { sweepViews, type SweepView } from '../pages/sweeps/sweep-views';
import { useJobs } from './jobs';
import { useNotifications } from './notifications';

export const useSweeps = defineStore('sweeps', () => {
  const live = reactive(new Map<string, SweepInfo>());
  const selected = ref<string | null>(null);
  const jobs = useJobs();
  const api = useApi();
  api.on('sweeps:update', (s) => live.set(s.id, s));
  void api.sweeps.list().then((list) => list.forEach((s) => live.set(s.id, s)));

  const views = computed<SweepView[]>(() => sweepViews([...live.values()], jobs.list).sort((a, b) => (a.source === 'project' ? 1 : 0) - (b.source === 'project' ? 1 : 0)));
  const current = computed(() => views.value.find((v) => v.id === selected.value) ?? views.value[0] ?? null);

  async function act(what: () => Promise<SweepInfo>): Promise<SweepInfo | null> {
    try {
      const s = await what();
      live.set(s.id, s);
      return s;
    } catch (e) {
      useNotifications().push('error', e instanceof Error ? e.message : String(e));
      return null;
    }
  }

  async function start(request: SweepStartRequest): Promise<SweepInfo | null> {
    const s = await act(() => api.sweeps.start(request));
    if (s) selected.value = s.id;
    return s;
  }

  return {
    live, views, selected, current, start,
    attach: async (dir: string) => {
      const s = await act(() => api.sweeps.attach({ dir }));
      if (s) selected.value = s.id;
      return s;
    },
    cancel: (sweepId: string, indices?: number[]) => act(() => api.sweeps.cancel({ sweepId, indices })),
    resubmit: (sweepId: string, indices?: number[]) => act(() => api.sweeps.resubmit({ sweepId, indices })),
  };
});
