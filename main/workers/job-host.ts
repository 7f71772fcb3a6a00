// Drives one job's runner inside a worker: pause/cancel between steps, throttled progress and metrics.
import { toErrorInfo, type JobConfig, type MetricRow } from '../../preload/contract';
import { makeRng } from '../core/random';
import type { FromWorker } from './protocol';
import { runnerFor } from '../jobs';
import { registerSecondOrderGradients } from '../core/autodiff/second-order-gradients';
import { assertSecondOrderGradients } from '../core/autodiff/second-order-check';
import { webGpuLost } from '../engine/webgpu/backend';

/** At most ~20 progress/metrics messages per second per job (the bound), so the UI keeps 60 fps. */
export const FLUSH_INTERVAL_MS = 50;

export interface JobControl {
  cancelled: boolean;
  paused: boolean;
  /** Resolves pending waits when a paused job is resumed or cancelled. */
  wake?: () => void;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

class Throttle {
  private rows: MetricRow[] = [];
  private progress: Extract<FromWorker, { type: 'progress' }> | null = null;
  private lastFlush = 0;
  private rate = new RateMeter();

  constructor(
    private readonly jobId: string,
    private readonly post: (msg: FromWorker) => void,
  ) {}

  metrics(row: MetricRow): void {
    this.rows.push(row);
    this.maybeFlush();
  }

  setProgress(step: number, total: number, message?: string): void {
    this.progress = { type: 'progress', jobId: this.jobId, step, total, stepsPerSec: this.rate.tick(step), message };
    this.maybeFlush();
  }

  private maybeFlush(): void {
    if (Date.now() - this.lastFlush >= FLUSH_INTERVAL_MS) this.flush();
  }

  flush(): void {
    this.lastFlush = Date.now();
    if (this.rows.length) this.post({ type: 'metrics', jobId: this.jobId, rows: this.rows.splice(0), sentAt: Date.now() });
    if (this.progress) this.post(this.progress);
    this.progress = null;
  }
}

/** Steps per second over a sliding window of about two seconds. */
class RateMeter {
  private samples: Array<{ t: number; step: number }> = [];
  tick(step: number): number {
    const t = Date.now();
    this.samples.push({ t, step });
    while (this.samples.length > 2 && t - this.samples[0].t > 2000) this.samples.shift();
    const first = this.samples[0];
    const dt = (t - first.t) / 1000;
    return dt > 0 ? (step - first.step) / dt : 0;
  }
}

async function waitWhilePaused(control: JobControl): Promise<void> {
  while (control.paused && !control.cancelled) {
    await new Promise<void>((resolve) => (control.wake = resolve));
  }
}

export async function hostJob(jobId: string, config: JobConfig, control: JobControl, post: (msg: FromWorker) => void): Promise<void> {
  const throttle = new Throttle(jobId, post);
  const runner = runnerFor(config);
  const seed = Number(jobId.replace(/\D/g, '')) || 0;
  let lastStep = 0;
  try {
    // Every job, not only the worker's first: a package loaded since may have replaced the fixed gradients.
    registerSecondOrderGradients();
    await assertSecondOrderGradients();
    const gen = runner(config, { cancelled: () => control.cancelled, rng: makeRng(seed) });
    for (;;) {
      await waitWhilePaused(control);
      if (control.cancelled) {
        await gen.return(undefined);
        throttle.flush();
        post({ type: 'done', jobId, status: 'cancelled', result: null });
        return;
      }
      const next = await gen.next();
      if (next.done) {
        throttle.flush();
        post({ type: 'done', jobId, status: 'completed', result: next.value ?? null });
        return;
      }
      const ev = next.value;
      const lost = webGpuLost();
      if (lost) throw new Error(`${lost}: the run stopped after step ${lastStep}. Its results so far are kept; start it again (on another backend if the GPU does not come back).`);
      if (ev.type === 'progress') lastStep = ev.step;
      if (ev.type === 'metrics') throttle.metrics({ step: ev.step, values: ev.values });
      else if (ev.type === 'progress') throttle.setProgress(ev.step, ev.total, ev.message);
      else if (ev.type === 'log') post({ type: 'log', jobId, level: ev.level, message: ev.message });
      else if (ev.type === 'event') post({ type: 'mark', jobId, step: ev.step, kind: ev.kind, message: ev.message });
      else post({ type: 'artifact', jobId, name: ev.name, data: ev.data, internal: ev.internal });
      // Let cancel/pause messages in between steps.
      await nextTick();
    }
  } catch (err) {
    throttle.flush();
    post({ type: 'error', jobId, error: toErrorInfo(err) });
  }
}
