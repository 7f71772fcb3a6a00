// What the sweep view and the Runs page show of each sweep: the live sweeps main reports (local ones, Slurm ones
// it polls) with each element's job overlaid, and the sweeps whose runs came back from a project (their jobs
// carry the sweep's tag: axes and values). Pure (no Vue), so tests can feed it infos and jobs.
import {
  FINISHED_STATUSES, metricInfo, type AxisValue, type Direction, type JobInfo, type SweepElementInfo, type SweepElementState, type SweepInfo, type SweepPlanAxis,
} from '../../../../preload/contract';

export interface ElementView extends SweepElementInfo {
  job: JobInfo | null;
}

export interface SweepView {
  id: string;
  name: string;
  kind: string;
  /** 'local' | 'slurm' while main follows it; 'project' for runs reopened from a project. */
  source: 'local' | 'slurm' | 'project';
  via: string;
  dir: string | null;
  axes: Array<Pick<SweepPlanAxis, 'path' | 'label'> & { values: AxisValue[] }>;
  elements: ElementView[];
  problem: string | null;
  counts: Record<SweepElementState, number>;
}

/** A job's status as an element's state. */
export function stateOfJob(job: JobInfo): SweepElementState {
  if (job.status === 'completed') return 'done';
  if (FINISHED_STATUSES.includes(job.status)) return 'failed';
  return job.status === 'queued' || job.status === 'starting' ? 'pending' : 'running';
}

function countsOf(elements: readonly ElementView[]): SweepView['counts'] {
  const c = { planned: 0, pending: 0, running: 0, done: 0, failed: 0 };
  for (const e of elements) c[e.state]++;
  return c;
}

const sameValue = (a: AxisValue, b: AxisValue) => JSON.stringify(a) === JSON.stringify(b);

export function sweepViews(live: readonly SweepInfo[], jobs: readonly JobInfo[]): SweepView[] {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const views: SweepView[] = live.map((s) => {
    const elements = s.elements.map((e): ElementView => {
      const job = (e.jobId && byId.get(e.jobId)) || jobs.find((j) => j.sweep?.id === s.id && j.sweep.index === e.index) || null;
      // A local element's job knows best; a Slurm element is what Slurm says until its run is brought in.
      const state = job && (s.scheduler === 'local' || e.state === 'done') ? stateOfJob(job) : e.state;
      return { ...e, job, jobId: job?.id ?? e.jobId, state, result: job?.result ?? e.result, message: e.message ?? (state === 'failed' ? job?.error?.message ?? null : null) };
    });
    return { id: s.id, name: s.name, kind: s.kind, source: s.scheduler, via: s.via, dir: s.dir, axes: s.axes, elements, problem: s.problem, counts: countsOf(elements) };
  });
  // Sweeps known only from their runs' tags (a reopened project).
  const tagged = new Map<string, JobInfo[]>();
  for (const j of jobs) if (j.sweep && !live.some((s) => s.id === j.sweep!.id)) tagged.set(j.sweep.id, [...(tagged.get(j.sweep.id) ?? []), j]);
  for (const [id, list] of tagged) {
    const tag = list[0].sweep!;
    const axes = tag.axes.map((a) => {
      const values: AxisValue[] = [];
      for (const j of list) {
        const v = j.sweep!.values[a.path];
        if (v !== undefined && !values.some((x) => sameValue(x, v))) values.push(v);
      }
      return { ...a, values };
    });
    const elements: ElementView[] = [];
    for (let index = 0; index < tag.size; index++) {
      const job = list.find((j) => j.sweep!.index === index) ?? null;
      elements.push({
        index, label: job?.label ?? `${tag.name} · element ${index}`, values: job?.sweep?.values ?? {}, state: job ? stateOfJob(job) : 'planned', jobId: job?.id ?? null,
        schedulerId: null, message: job ? null : 'not in this project', logTail: null, result: job?.result ?? null, job,
      });
    }
    views.push({ id, name: tag.name, kind: list[0].kind, source: 'project', via: 'from the project', dir: null, axes, elements, problem: null, counts: countsOf(elements) });
  }
  return views;
}

/** The final metrics the done elements report, with which way is better (the contract's directions). */
export function finalMetrics(view: SweepView): Array<{ name: string; direction: Direction }> {
  const names = new Set<string>();
  for (const e of view.elements) if (e.state === 'done' && e.result) for (const [k, v] of Object.entries(e.result)) if (Number.isFinite(v)) names.add(k);
  return [...names].map((name) => ({ name, direction: metricInfo(name)?.direction ?? 'none' }));
}

export interface Best {
  metric: string;
  direction: Exclude<Direction, 'none'>;
  element: ElementView;
  value: number;
}

/** The best done element for each metric that has a better direction. */
export function bestPerMetric(view: SweepView): Best[] {
  const out: Best[] = [];
  for (const { name, direction } of finalMetrics(view)) {
    if (direction === 'none') continue;
    let best: Best | null = null;
    for (const e of view.elements) {
      const v = e.state === 'done' ? e.result?.[name] : undefined;
      if (v === undefined || !Number.isFinite(v)) continue;
      if (!best || (direction === 'lower' ? v < best.value : v > best.value)) best = { metric: name, direction, element: e, value: v };
    }
    if (best) out.push(best);
  }
  return out;
}

/** "1e-3", "pendulum", "[16, 32]". */
export function valueText(v: AxisValue | undefined): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  if (typeof v === 'number') return v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6) ? v.toExponential() : String(Number(v.toPrecision(6)));
  return String(v);
}
