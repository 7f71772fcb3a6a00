// The numbers the flow runner reports: running means of the per-step values between metrics rows, the bounds at
// intervals (test ELBO / IWAE, train IWAE and the gap) and the final IWAE on the whole test set.
import { meanLogLikelihood } from '../core/models/flows/evaluate';
import type { FlowDataset } from '../core/models/flows/data';
import type { SymmetryGenerator } from '../core/models/flows/generators';
import { HamiltonianFlow } from '../core/models/flows/hamiltonian-flow';
import type { DensityModel } from '../core/models/flows/model';
import type { TrainStep } from '../core/models/flows/train';
import { deriveSeed, makeRng } from '../core/random';
import { type Metrics, row, type MetricValues } from './runner';
import type { FlowJobConfig } from '../../preload/contract';

/** The first n points of a row-major [N, dim] array (a view, not a copy). */
export function firstRows(points: Float32Array, dim: number, n: number): Float32Array {
  return points.subarray(0, Math.min(points.length, n * dim));
}

/** Running means of the per-step numbers between two metrics rows. */
export class Window {
  private sums: Record<string, number> = {};
  private n = 0;
  add(values: MetricValues): void {
    for (const [k, v] of Object.entries(values)) this.sums[k] = (this.sums[k] ?? 0) + v;
    this.n++;
  }
  flush(): MetricValues {
    const out: MetricValues = {};
    for (const [k, v] of Object.entries(this.sums)) out[k] = v / this.n;
    this.sums = {};
    this.n = 0;
    return out;
  }
  get size(): number {
    return this.n;
  }
}

/**
 * Log-likelihoods are reported in the units of the user's data: `logDet` (FlowData.logDet, 0 for named densities)
 * is added to every bound the model computes on standardised points. Gaps and the loss are left as they are.
 */
export function stepValues(s: TrainStep, gens: readonly SymmetryGenerator[], logDet = 0): MetricValues {
  const v: Metrics = { train_elbo: -s.nll + logDet, loss: s.loss, grad_norm: s.gradNorm };
  gens.forEach((g, k) => {
    v[`constraint_${g.id}`] = s.constraints[k];
  });
  return row(v);
}

/** A metrics row: the window's means plus what is read at the row's step (rate, speed, multipliers, dt). */
export async function metricsRow(window: Window, s: TrainStep, gens: readonly SymmetryGenerator[], model: DensityModel, started: number): Promise<MetricValues> {
  const values: Metrics = { ...window.flush(), lr: s.learningRate, steps_per_second: s.step / Math.max(1e-3, (Date.now() - started) / 1000) };
  gens.forEach((g, k) => {
    values[`lambda_${g.id}`] = s.lambdas[k];
  });
  if (model instanceof HamiltonianFlow) (await model.stepSizes()).forEach((dt, i) => (values[`dt_${i + 1}`] = dt));
  return row(values);
}

export async function evaluateBounds(model: DensityModel, data: FlowDataset, c: FlowJobConfig, step: number, logDet = 0): Promise<MetricValues> {
  const rng = makeRng(deriveSeed(c.seed, `eval/${step}`));
  const test = firstRows(data.test, model.dim, c.evalPoints);
  const elbo = await meanLogLikelihood(model, test, { k: 1, bound: 'elbo', rng });
  const iwae = await meanLogLikelihood(model, test, { k: c.evalK, bound: 'iwae', rng });
  const out: Metrics = { test_elbo: elbo.mean + logDet, test_iwae: iwae.mean + logDet };
  if (data.train) {
    const train = await meanLogLikelihood(model, firstRows(data.train, model.dim, c.evalPoints), { k: c.evalK, bound: 'iwae', rng });
    out.train_iwae = train.mean + logDet;
    out.gap = train.mean - iwae.mean;
  }
  return row(out);
}

/**
 * The reported numbers: IWAE (K = finalK) on the whole test set, and on as many training points if finite, in the
 * units of the user's data (`logDet` added back: see stepValues).
 */
export async function finalEvaluation(model: DensityModel, data: FlowDataset, c: FlowJobConfig, logDet = 0): Promise<MetricValues> {
  const rng = makeRng(deriveSeed(c.seed, 'final-eval'));
  const test = await meanLogLikelihood(model, data.test, { k: c.finalK, bound: 'iwae', rng });
  const ll = test.mean + logDet;
  const out: Metrics = { final_test_iwae: ll, final_test_iwae_stderr: test.stderr, final_test_nll: -ll };
  if (data.train) {
    const n = Math.min(data.train.length, data.test.length) / model.dim;
    const train = await meanLogLikelihood(model, firstRows(data.train, model.dim, n), { k: c.finalK, bound: 'iwae', rng });
    out.final_train_iwae = train.mean + logDet;
    out.final_train_iwae_stderr = train.stderr;
    out.final_gap = train.mean - test.mean;
    out.final_gap_stderr = Math.hypot(train.stderr, test.stderr);
  }
  return row(out);
}
