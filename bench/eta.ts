// `npm run bench -- eta [--steps 2000] [--budget 90] [--train 400] [--backend auto] [--set key=value ...]`:
// is the time shown honest? Two small HGN runs (the laptop preset on the pendulum, with its adaptive rollout
// curriculum; smaller by --set, by default batch 4 and 16 frames, so each takes a minute or two) go through the
// app's own JobManager and worker threads, and Measure's probe (the wizard's probeConfig and estimateFrom)
// runs before the step-counted one:
//   eta_ratio_steps      a `--steps` run: the "time left" shown a tenth of the way in (the first update at or past
//                        steps / 10), over the time it really had left (to the run's end, final evaluation and
//                        rollouts included)
//   eta_ratio_budget     a run with a time budget of `--budget` s (and steps it cannot reach): the same, a tenth of
//                        the budget into training
//   measure_ratio_steps  Measure's estimate of the step-counted run over its real duration (start to end)
//   measure_ratio_budget the same for the budgeted run (its probe is the same one)
// plus the seconds behind each ratio and the step times at the curriculum's first and full lengths.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HgnJobSchema, type BackendChoice, type EventName, type Events, type HgnJobConfig, type JobInfo } from '../preload/contract';
import { JobManager } from '../main/services/jobs/job-manager';
import { nodeWorkerFactory } from '../main/services/jobs/worker-factory';
import { predictBackend } from '../main/engine/backends';
import { estimateFrom, probeConfig } from '../renderer/src/pages/wizard/estimate';
import { arg, type Bench } from './run';

/** `--set key=value` model overrides (numbers where they parse), on top of the bench's small defaults. */
function modelOverrides(args: string[]): Record<string, unknown> {
  const model: Record<string, unknown> = { batchSize: 4, rolloutFrames: 16, curriculumStartFrames: 4 };
  args.forEach((a, i) => {
    if (a !== '--set' || !args[i + 1]) return;
    const [k, v] = args[i + 1].split('=');
    model[k] = v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  });
  return model;
}

interface Watched {
  info: JobInfo;
  /** Wall-clock ms of each update, with the step and the ETA it showed. */
  updates: Array<{ t: number; step: number; eta: number | null }>;
  startedAt: number;
  endedAt: number;
}

async function main(args: string[]): Promise<{ backend: string; metrics: Record<string, number> }> {
  const steps = Number(arg(args, 'steps', '2000'));
  const budget = Number(arg(args, 'budget', '90'));
  const train = Number(arg(args, 'train', '400'));
  const backend = arg(args, 'backend', 'auto') as BackendChoice;
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const updates = new Map<string, Watched['updates']>();
  const jobs = new JobManager({
    emit: <E extends EventName>(event: E, payload: Events[E]) => {
      if (event !== 'jobs:update') return;
      const info = payload as JobInfo;
      if (info.status !== 'running') return;
      const list = updates.get(info.id) ?? [];
      list.push({ t: Date.now(), step: info.step, eta: info.etaSec });
      updates.set(info.id, list);
    },
    workerFactory: nodeWorkerFactory,
    predictBackend,
    maxParallel: 1,
    nativeThreads: () => 1,
  });

  const config = (extra: Partial<HgnJobConfig>): HgnJobConfig =>
    HgnJobSchema.parse({ kind: 'hgn', preset: 'laptop', model: modelOverrides(args), data: { system: 'pendulum', train, test: 50 }, steps, ...extra });

  async function run(c: HgnJobConfig, label: string): Promise<Watched> {
    const startedAt = Date.now();
    const info = jobs.start(c, backend, label);
    const done = await jobs.whenFinished(info.id);
    const endedAt = Date.now();
    if (done.status !== 'completed') throw new Error(`${label}: ${done.status} ${done.error?.message ?? ''}`);
    return { info: done, updates: updates.get(info.id) ?? [], startedAt, endedAt };
  }

  /** The ETA shown at the first update that `at` accepts, over the time the run really had left then. */
  function etaRatio(w: Watched, at: (u: Watched['updates'][number], trainingStart: number) => boolean): { ratio: number; shown: number; real: number; step: number } {
    const trainingStart = w.updates.find((u) => u.step > 0)?.t ?? w.startedAt;
    const u = w.updates.find((x) => x.step > 0 && x.eta !== null && at(x, trainingStart));
    if (!u) throw new Error(`${w.info.label}: no update with an ETA where it was looked for`);
    const real = (w.endedAt - u.t) / 1000;
    return { ratio: u.eta! / real, shown: u.eta!, real, step: u.step };
  }

  const stepRun = config({});
  log(`eta bench: laptop preset, model ${JSON.stringify(stepRun.model)}, ${train} train sequences, backend ${backend}`);

  // Measure, as the wizard's review step does it: the probe job, then its estimate of the whole run.
  const probe = await run(probeConfig(stepRun) as HgnJobConfig, 'measure probe');
  const estimate = estimateFrom(stepRun, jobs.metrics(probe.info.id), probe.info);
  const budgetRun = config({ steps: 1_000_000, maxSeconds: budget });
  const budgetEstimate = estimateFrom(budgetRun, jobs.metrics(probe.info.id), probe.info);
  if (!estimate || !budgetEstimate) throw new Error('Measure gave no estimate');
  log(`measure: ${estimate.startMs?.toFixed(1)} ms/step at the first length, ${estimate.fullMs?.toFixed(1)} ms at full length; ${estimate.seconds.toFixed(1)} s for ${steps} steps, ${budgetEstimate.seconds.toFixed(1)} s with a ${budget} s budget`);

  const s = await run(stepRun, `${steps} steps`);
  const sDuration = (s.endedAt - s.startedAt) / 1000;
  const sEta = etaRatio(s, (u) => u.step >= steps / 10);
  const frames = jobs.metrics(s.info.id).filter((r) => r.values.rollout_frames !== undefined);
  // The rows behind the numbers, for a look at where the time went (HS_ETA_DUMP=file).
  if (process.env.HS_ETA_DUMP) {
    const dump = { probe: jobs.metrics(probe.info.id), steps: frames.map((r) => [r.step, r.values.rollout_frames, r.values.step_ms]), updates: s.updates.map((u) => [u.t - s.startedAt, u.step, u.eta]) };
    fs.writeFileSync(process.env.HS_ETA_DUMP, JSON.stringify(dump));
  }
  const fullAt = frames.find((r) => r.values.rollout_frames >= Number(stepRun.model.rolloutFrames ?? 30))?.step ?? NaN;
  log(`${steps} steps: ${sDuration.toFixed(1)} s; at step ${sEta.step} the ETA said ${sEta.shown.toFixed(1)} s, ${sEta.real.toFixed(1)} s were left; full rollout length from step ${fullAt}`);

  const b = await run(budgetRun, `${budget} s budget`);
  const bDuration = (b.endedAt - b.startedAt) / 1000;
  const bEta = etaRatio(b, (u, t0) => (u.t - t0) / 1000 >= budget / 10);
  log(`${budget} s budget: ${bDuration.toFixed(1)} s, ${b.info.step} steps; at step ${bEta.step} the ETA said ${bEta.shown.toFixed(1)} s, ${bEta.real.toFixed(1)} s were left`);

  const r3 = (x: number) => Number(x.toFixed(3));
  const r1 = (x: number) => Number(x.toFixed(1));
  return {
    backend: s.info.backend ?? backend,
    metrics: {
      eta_ratio_budget: r3(bEta.ratio),
      eta_ratio_steps: r3(sEta.ratio),
      measure_ratio_steps: r3(estimate.seconds / sDuration),
      measure_ratio_budget: r3(budgetEstimate.seconds / bDuration),
      steps: steps,
      steps_run_s: r1(sDuration),
      steps_eta_shown_s: r1(sEta.shown),
      steps_eta_real_s: r1(sEta.real),
      steps_full_length_from_step: fullAt,
      measure_steps_s: r1(estimate.seconds),
      budget_s: budget,
      budget_run_s: r1(bDuration),
      budget_run_steps: b.info.step,
      budget_eta_shown_s: r1(bEta.shown),
      budget_eta_real_s: r1(bEta.real),
      measure_budget_s: r1(budgetEstimate.seconds),
      probe_ms_first_length: r1(estimate.startMs ?? NaN),
      probe_ms_full_length: r1(estimate.fullMs ?? NaN),
      cpus: os.cpus().length,
      load_avg_1m_at_end: r1(os.loadavg()[0]),
    },
  };
}

const bench: Bench = async (args) => {
  // The workers' datasets are generated in place (no cache): nothing is written but the result.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-eta-'));
  process.env.HS_CONFIG_DIR ??= tmp;
  try {
    return await main(args);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
};
export default bench;
