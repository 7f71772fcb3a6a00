// The runners of the canonical transformations (issue 17; core/models/canonical): `canonical` trains a symplectic
// network T on trajectories of the true dynamics and reports what the app draws; `canonical-map` uses a trained one
// on a new initial state. No I/O: the CLI and the worker drive the same generators.
//
// Metrics (flat name -> number rows; names and directions in preload/results.ts):
//   every metricsEvery steps: train_loss (mean radius loss since the last row), grad_norm, lr, step_ms, epoch
//   at step 0 and every evalEvery steps: validation_loss, validation_radius_spread (first evalTrajectories
//     validation trajectories), symplectic_defect (max |J^T Omega J - Omega| over symplecticPoints states)
//   at the end (test trajectories): test_loss, test_radius_spread, identity_radius_spread (the identity map centred
//     on the data: the trivial baseline), symplectic_defect, action_corr_<quantity> (the best plane's correlation
//     with each true quantity), radii_r2 (Kepler: the two radii regressed on the quadratic features of (E, |L|)),
//     mode_match and mode_match_identity (FPUT), frequency_rel_error (one degree of freedom: dK/dI against the
//     exact frequency), aa_rel_error (the action-angle motion of the first test state mapped back, against the truth)
// Artifacts:
//   once: canonical-setup (json CanonicalSetupInfo)
//   with every evaluation (validation while training, test at the end): canonical-states and canonical-latent (f32
//     [V, points, 2n]: V trajectories in phase space and in the learned (Q, P)), canonical-actions (json
//     CanonicalActionsInfo: the learned actions against the true conserved quantities)
//   at the end: canonical-map (json CanonicalMapInfo), weights (json SavedCanonicalModel: the config, the layer
//     stack, every array; what `canonical train --out` writes and `canonical evaluate|map` read)
import * as tf from '@tensorflow/tfjs-core';
import {
  CanonicalFlow,
  CanonicalTrainer,
  canonicalConfig,
  defaultDataSpec,
  evaluateCanonical,
  fputFrequencyGroups,
  frequenciesFromK,
  makeCanonicalData,
  mapMotion,
  modeMatch,
  pearson,
  quadraticFeatures,
  rSquared,
  symplecticCheck,
  type CanonicalData,
  type CanonicalDataSpec,
  type CanonicalEvaluation,
  type CanonicalModelConfig,
  type MappedMotion,
  type TrajectorySet,
} from '../core/models/canonical';
import { DEFAULT_NAN_GUARD } from '../core/training/nan-guard';
import { budgetProgress, scheduleFactor } from '../core/training/lr-schedule';
import type { NamedArrays } from '../core/training/named-arrays';
import { getSystem, resolveParams } from '../core/physics';
import type { HamiltonianSystem, Params } from '../core/physics/types';
import type {
  CanonicalActionsInfo,
  CanonicalJobConfig,
  CanonicalMapInfo,
  CanonicalMapJobConfig,
  CanonicalQuantity,
  CanonicalSetupInfo,
  Metrics,
  SavedCanonicalModel,
} from '../../preload/contract';
import { artifact, log, rollbackMarks, row, type Runner, type RunnerEvent } from './runner';

export const CANONICAL_MODEL_FORMAT = 'hamiltonian-studio/canonical-model';

/** The data spec of a job: the system's defaults (core), with every field the job sets. */
export function canonicalDataSpec(c: CanonicalJobConfig): CanonicalDataSpec {
  const base = defaultDataSpec(c.system);
  const spec: CanonicalDataSpec = {
    ...base,
    params: { ...(base.params ?? {}), ...(c.params ?? {}) },
    train: c.train,
    validation: c.validation,
    test: c.test,
    seed: c.seed,
    points: c.points ?? base.points,
    dt: c.dt ?? base.dt,
  };
  const range = (r: [number, number] | undefined, lo: number | undefined, hi: number | undefined): [number, number] | undefined =>
    r ? [lo ?? r[0], hi ?? r[1]] : undefined;
  spec.energy = range(base.energy, c.energyMin, c.energyMax);
  spec.eccentricity = range(base.eccentricity, c.eccentricityMin, c.eccentricityMax);
  spec.amplitude = range(base.amplitude, c.amplitudeMin, c.amplitudeMax);
  return spec;
}

/** The layer stack of a job (core's layout: zero-centre, [linear, p-coupling, q-coupling] x blocks, linear, zero-centre). */
export function canonicalModelConfig(c: CanonicalJobConfig, dof: number): CanonicalModelConfig {
  const base = canonicalConfig({ dof, blocks: c.blocks, hidden: c.hidden, depth: c.depth, form: c.form, activation: c.activation, zeroCentre: c.zeroCentre, linear: c.linear }, c.seed);
  return { ...base, momentum: c.momentum, initScale: c.initScale };
}

/** How people name the coordinates of a system's state [q..., p...]. */
export function coordinateNames(system: HamiltonianSystem): string[] {
  if (system.id === 'kepler') return ['x', 'y', 'px', 'py'];
  const n = system.dim / 2;
  if (n === 1) return ['q', 'p'];
  return [...Array.from({ length: n }, (_, i) => `q${i + 1}`), ...Array.from({ length: n }, (_, i) => `p${i + 1}`)];
}

/** The true conserved quantities the actions are shown against, per system, with how people write them. */
function quantitiesOf(system: HamiltonianSystem, truth: Record<string, Float64Array>): Array<{ name: string; label: string; values: Float64Array }> {
  const pick = (name: string, label: string, f: (x: number) => number = (x) => x) =>
    truth[name] ? [{ name, label, values: Float64Array.from(truth[name], f) }] : [];
  switch (system.id) {
    case 'kepler':
      return [...pick('energy', 'energy E'), ...pick('angular_momentum', '|L|', Math.abs), ...pick('lrl', '|A| (Laplace-Runge-Lenz)')];
    case 'pendulum':
    case 'mass-spring':
      return [...pick('action', 'exact action I'), ...pick('energy', 'energy E')];
    default:
      return Object.keys(truth)
        .filter((k) => k.startsWith('mode_energy_'))
        .flatMap((k) => pick(k, `normal-mode ${k.slice('mode_energy_'.length)} energy`));
  }
}

/** `count` states spread over all trajectories and times of a set (the bench's probe). */
function probeStates(set: TrajectorySet, count: number): { states: Float64Array; count: number } {
  const total = set.count * set.points;
  const n = Math.min(count, total);
  const stride = Math.max(1, Math.floor(total / n));
  const d = set.dim;
  return { states: Float64Array.from({ length: n * d }, (_, k) => set.states[Math.floor(k / d) * stride * d + (k % d)]), count: n };
}

/** The views of one evaluation: trajectories in phase space and in the learned planes, the actions against the truth. */
function viewArtifacts(
  system: HamiltonianSystem,
  set: TrajectorySet,
  e: CanonicalEvaluation,
  which: 'validation' | 'test',
  step: number,
  views: number,
  symplectic: { max: number; points: number },
): { events: RunnerEvent[]; correlations: Record<string, number> } {
  const v = Math.min(views, e.count);
  const d = set.dim;
  const n = d / 2;
  const span = v * set.points * d;
  const quantities: CanonicalQuantity[] = quantitiesOf(system, e.truth).map((q) => {
    let best = { plane: 0, correlation: 0 };
    for (let j = 0; j < n; j++) {
      const r = pearson(Float64Array.from({ length: e.count }, (_, c) => e.actions[c * n + j]), q.values);
      if (Math.abs(r) > Math.abs(best.correlation) || j === 0) best = { plane: j, correlation: r };
    }
    return {
      name: q.name,
      label: q.label,
      truth: Array.from(q.values),
      action: Array.from({ length: e.count }, (_, c) => e.actions[c * n + best.plane]),
      plane: best.plane,
      correlation: best.correlation,
    };
  });
  const info: CanonicalActionsInfo = {
    set: which,
    step,
    dof: n,
    count: e.count,
    actions: Array.from({ length: e.count }, (_, c) => Array.from(e.actions.subarray(c * n, (c + 1) * n))),
    radiusSpread: e.radiusSpread,
    symplecticDefect: symplectic.max,
    symplecticPoints: symplectic.points,
    quantities,
  };
  const shape = [v, set.points, d];
  return {
    events: [
      artifact('canonical-states', { kind: 'f32', shape, values: Float32Array.from(set.states.subarray(0, span)) }),
      artifact('canonical-latent', { kind: 'f32', shape, values: e.latent.slice(0, span) }),
      artifact('canonical-actions', { kind: 'json', value: info }),
    ],
    correlations: Object.fromEntries(quantities.map((q) => [`action_corr_${q.name}`, Math.abs(q.correlation)])),
  };
}

/** An evaluation of a set with its symplecticity check, its metric values and its views. */
async function evaluateSet(model: CanonicalFlow, system: HamiltonianSystem, set: TrajectorySet, c: CanonicalJobConfig, which: 'validation' | 'test', step: number, trajectories = set.count) {
  const e = await evaluateCanonical(model, set, trajectories);
  const probe = probeStates(set, c.symplecticPoints);
  const sym = await symplecticCheck(model, probe.states, probe.count);
  const views = viewArtifacts(system, set, e, which, step, c.viewTrajectories, { max: sym.max, points: probe.count });
  return { e, sym, views, probe };
}

/** The `canonical-map` artifact of a motion. */
export function mapInfo(m: MappedMotion, state: ArrayLike<number>, dt: number, rates: CanonicalMapInfo['rates'], coordinates: string[]): CanonicalMapInfo {
  const d = state.length;
  const frames = m.truth.length / d;
  const rows = (a: Float64Array) => Array.from({ length: frames }, (_, t) => Array.from(a.subarray(t * d, (t + 1) * d)));
  return {
    state: Array.from(state),
    dof: d / 2,
    dt,
    frames,
    rates,
    actions: Array.from(m.actions),
    angles: Array.from(m.angles),
    omega: Array.from(m.omega),
    truth: rows(m.truth),
    mapped: rows(m.mapped),
    relError: m.relError,
    coordinates: [...coordinates],
  };
}

/** The saved model: the job, the layer stack, the step, the final metrics and every array as plain numbers. */
export async function savedCanonicalModel(model: CanonicalFlow, c: CanonicalJobConfig, spec: CanonicalDataSpec, params: Params, step: number, metrics: Record<string, number>): Promise<SavedCanonicalModel> {
  const arrays = await model.weights();
  return {
    format: CANONICAL_MODEL_FORMAT,
    version: 1,
    system: c.system,
    params: { ...params },
    dt: spec.dt,
    points: spec.points,
    model: structuredClone(model.config),
    job: { ...c },
    step,
    metrics,
    weights: Object.entries(arrays).map(([name, a]) => ({ name, shape: [...a.shape], values: Array.from(a.values) })),
  };
}

/** A saved model back as a CanonicalFlow (shapes checked), with its system and parameters. */
export function loadCanonicalModel(saved: SavedCanonicalModel): { model: CanonicalFlow; system: HamiltonianSystem; params: Params } {
  const system = getSystem(saved.system);
  const params = resolveParams(system, saved.params);
  if (saved.model.dof * 2 !== system.dim) throw new Error(`the saved model maps ${2 * saved.model.dof} coordinates; ${system.label} has ${system.dim}`);
  const model = new CanonicalFlow(saved.model);
  try {
    const arrays: NamedArrays = {};
    for (const w of saved.weights) arrays[w.name] = { shape: [...w.shape], values: Float32Array.from(w.values) };
    model.load(arrays);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return { model, system, params };
}

/**
 * The test evaluation of a trained model (the end of a run, `canonical evaluate`): the metrics, the views, and the
 * action-angle motion of the first test state mapped back.
 */
export async function finalEvaluation(model: CanonicalFlow, data: CanonicalData, c: CanonicalJobConfig, step: number): Promise<{ values: Record<string, number>; views: RunnerEvent[]; motion: MappedMotion }> {
  const { system } = data;
  const dof = system.dim / 2;
  const t = await evaluateSet(model, system, data.test, c, 'test', step);
  const final: Metrics = {
    test_loss: t.e.loss,
    test_radius_spread: t.e.radiusSpread,
    symplectic_defect: t.sym.max,
    ...t.views.correlations,
  };
  // The trivial baseline: the identity, centred on the training data.
  const identity = new CanonicalFlow({ dof, layers: [{ kind: 'zero-centre' }], seed: c.seed, momentum: 0.05, initScale: 0 });
  try {
    const x = tf.tensor2d(Float32Array.from(data.train.states), [data.train.count * data.train.points, system.dim]);
    identity.initialiseStatistics(x);
    x.dispose();
    final.identity_radius_spread = (await evaluateCanonical(identity, data.test)).radiusSpread;
    if (system.id === 'fput') {
      const groups = fputFrequencyGroups(dof);
      final.mode_match = await modeMatch(model, t.probe.states, t.probe.count, groups);
      final.mode_match_identity = await modeMatch(identity, t.probe.states, t.probe.count, groups);
    }
  } finally {
    identity.dispose();
  }
  if (system.id === 'kepler') {
    const radii = [0, 1].map((j) => Float64Array.from({ length: t.e.count }, (_, i) => 2 * t.e.actions[i * 2 + j]));
    final.radii_r2 = rSquared(radii, quadraticFeatures(t.e.truth.energy, Float64Array.from(t.e.truth.angular_momentum, Math.abs)));
  }
  // Using it: the first test state's motion in action-angle space, mapped back.
  const x0 = data.test.states.subarray(0, system.dim);
  if (dof === 1 && data.test.truth.frequency) {
    const omega = await frequenciesFromK(model, system.dynamics(data.params), x0);
    final.frequency_rel_error = Math.abs(omega[0] - data.test.truth.frequency[0]) / data.test.truth.frequency[0];
  }
  const motion = await mapMotion(model, system, data.params, x0, c.mapFrames || 2 * data.spec.points, data.spec.dt, c.rates);
  final.aa_rel_error = motion.relError;
  return { values: row(final), views: t.views.events, motion };
}


export const runCanonical: Runner<CanonicalJobConfig> = async function* (c, ctx) {
  const spec = canonicalDataSpec(c);
  const data = makeCanonicalData(spec);
  const { system } = data;
  const dof = system.dim / 2;
  const model = new CanonicalFlow(canonicalModelConfig(c, dof));
  let trainer: CanonicalTrainer | null = null;
  try {
    const coordinates = coordinateNames(system);
    const setup: CanonicalSetupInfo = {
      system: system.id, systemLabel: system.label, params: { ...data.params }, dof, coordinates, parameters: model.parameterCount(),
      points: spec.points, dt: spec.dt, train: spec.train, validation: spec.validation, test: spec.test,
    };
    yield log(`${system.label}: ${model.parameterCount()} parameters in ${model.layers.length} symplectic layers; ${spec.train} trajectories of ${spec.points} states (dt ${spec.dt}); backend ${tf.getBackend()}`);
    yield artifact('canonical-setup', { kind: 'json', value: setup });

    // The cosine decay runs over the steps or the time budget, whichever ends first (the trainer's own rate is
    // constant; its scheduleScale carries the decay).
    trainer = new CanonicalTrainer(model, { train: data.train, validation: data.validation }, {
      steps: c.steps,
      seed: c.seed,
      batchTrajectories: c.batchTrajectories,
      centring: c.centring,
      weighting: c.weighting,
      angleWeight: c.angleWeight,
      learningRate: c.learningRate,
      learningRateSchedule: 'constant',
      clipNorm: c.clipNorm,
      evalEvery: 0,
      checkpointEvery: c.evalEvery > 0 ? c.evalEvery : 200,
      nanGuard: { ...DEFAULT_NAN_GUARD, maxRollbacks: c.maxRollbacks },
    });
    const started = Date.now();
    const elapsed = () => (Date.now() - started) / 1000;
    const interval = async function* (step: number): AsyncGenerator<RunnerEvent> {
      const v = await evaluateSet(model, system, data.validation, c, 'validation', step, c.evalTrajectories);
      yield { type: 'metrics', step, values: row({ validation_loss: v.e.loss, validation_radius_spread: v.e.radiusSpread, symplectic_defect: v.sym.max }) };
      yield* v.views.events;
    };
    // The start: the untrained map (near the identity), so the views show the trajectories turning into circles.
    yield* interval(0);
    let window = { loss: 0, grad: 0, ms: 0, n: 0 };
    let step = 0;
    for await (const ev of trainer.run()) {
      if (ev.type === 'nan-rollback') {
        yield* rollbackMarks(ev);
        window = { loss: 0, grad: 0, ms: 0, n: 0 };
        continue;
      }
      if (ev.type !== 'metrics') continue;
      step = ev.step;
      window = { loss: window.loss + ev.values.loss, grad: window.grad + ev.values.gradNorm, ms: window.ms + ev.values.stepMs, n: window.n + 1 };
      const timeUp = c.maxSeconds > 0 && elapsed() >= c.maxSeconds;
      const end = step >= c.steps || timeUp || ctx.cancelled();
      trainer.scheduleScale = scheduleFactor(c.learningRateSchedule, c.learningRateFinal, budgetProgress(step, c.steps, elapsed(), c.maxSeconds));
      if (step % c.metricsEvery === 0 || end) {
        yield {
          type: 'metrics',
          step,
          values: row({ train_loss: window.loss / window.n, grad_norm: window.grad / window.n, lr: ev.values.learningRate, step_ms: window.ms / window.n, epoch: ev.values.epoch }),
        };
        yield { type: 'progress', step, total: c.steps };
        window = { loss: 0, grad: 0, ms: 0, n: 0 };
      }
      if (end) break;
      if (c.evalEvery > 0 && step % c.evalEvery === 0) yield* interval(step);
    }
    if (ctx.cancelled()) return row({ steps: step });

    yield { type: 'progress', step, total: c.steps, message: 'final evaluation' };
    const { values, views, motion } = await finalEvaluation(model, data, c, step);
    yield { type: 'metrics', step, values };
    yield* views;
    yield artifact('canonical-map', { kind: 'json', value: mapInfo(motion, data.test.states.subarray(0, system.dim), spec.dt, c.rates, coordinates) });
    yield artifact('weights', { kind: 'json', value: await savedCanonicalModel(model, c, spec, data.params, step, values) });
    yield { type: 'progress', step, total: c.steps, message: 'evaluated' };
    return { ...values, ...row({ steps: step, seconds: elapsed(), rollbacks: trainer.rollbacks }) };
  } finally {
    trainer?.dispose();
    model.dispose();
  }
};

/** Maps one initial state with a saved model: its actions and angles, the motion, mapped back, and the truth. */
export const runCanonicalMap: Runner<CanonicalMapJobConfig> = async function* (c) {
  const { model, system, params } = loadCanonicalModel(c.model);
  try {
    yield { type: 'progress', step: 0, total: 1, message: 'mapping' };
    const dt = c.dt ?? c.model.dt;
    const motion = await mapMotion(model, system, params, c.state, c.frames, dt, c.rates);
    yield artifact('canonical-map', { kind: 'json', value: mapInfo(motion, c.state, dt, c.rates, coordinateNames(system)) });
    yield { type: 'progress', step: 1, total: 1 };
    return row({ aa_rel_error: motion.relError });
  } finally {
    model.dispose();
  }
};
