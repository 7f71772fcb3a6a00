// The job runner of the Hamiltonian flows (and their RealNVP baseline): builds the data and the model from a
// flat JSON config, trains, and yields metrics (train ELBO, test ELBO / IWAE, constraints, multipliers) and
// artifacts (density, K and U grids, samples, trajectories, weights) at intervals. No I/O: CSV data arrives as
// text in the config.
//
// Metrics (flat name -> number rows):
//   every metricsEvery steps: train_elbo (the training bound: the ELBO, or IWAE-K with trainSamples K; the exact
//     log-likelihood for RealNVP), loss, grad_norm, lr, steps_per_second, dt_1..dt_T (flow),
//     constraint_<id> = E[{g, H}^2] and lambda_<id> per generator (<id>: so2, tx1, tx2, expr1, ...)
//   every evalEvery steps: test_elbo, test_iwae (K = evalK, first evalPoints test points), and with a finite
//     training set train_iwae and gap = train_iwae - test_iwae
//   at the end: final_test_iwae, final_test_iwae_stderr, final_test_nll (K = finalK, all test points),
//     final_train_iwae(_stderr) and final_gap(_stderr) with a finite training set
//   Log-likelihoods (ELBO, IWAE, NLL) are per point in the units of the user's data: for a standardised CSV the
//   standardisation's log-det is added back (FlowData.logDet), so they compare with other models of that data.
// Artifacts:
//   once: setup (json: model, dim, stateDim, parameters, grid {xmin,xmax,ymin,ymax,nx,ny} or null, transform,
//     generators [{id, label}], trainSize, testSize, entropy), target-grid (f32 [ny, nx] log-density),
//     train-points (f32 [n, d])
//   every artifactEvery steps and at the end: density-grid (f32 [ny, nx], IWAE with K = gridK per cell),
//     kinetic-grid and potential-grid (flow only: f32 [T, ny, nx], K_i(p) on the grid read as (p1, p2) and U_i(q)
//     as (q1, q2), each shifted to min 0), samples (f32 [n, d]), trajectories (f32 [frames, n, stateDim]: frame 0
//     is the base sample, then one frame per leapfrog step (or coupling layer); columns 0..d-1 are q)
//   at the end: weights (json SavedFlowModel)
//
// The config is the contract's (preload/jobs/flow.ts: fields, bounds, defaults). The pieces live beside this file
// by job: flow-build.ts (data, model, generators), flow-metrics.ts (metric rows and evaluations), flow-artifacts.ts
// (what the page draws). Importers use this module's names.
import * as tf from '@tensorflow/tfjs-core';
import { squareGrid } from '../core/densities';
import { countParameters } from '../core/nn/mlp';
import { trainDensityModel, type TrainStep } from '../core/models/flows/train';
import { log, row, artifact, type RunContext, type Runner } from './runner';
import { setupArtifacts, snapshotArtifacts, savedModel, type FlowSetup } from './flow-artifacts';
import { buildFlowData, buildFlowModel, buildGenerators } from './flow-build';
import type { FlowJobConfig } from '../../preload/contract';
import { evaluateBounds, finalEvaluation, metricsRow, stepValues, Window } from './flow-metrics';

export { buildFlowData, buildFlowModel, buildGenerators, standardisationLogDet, standardisedPoints, type FlowData } from './flow-build';
export { finalEvaluation } from './flow-metrics';
export type { SavedFlowModel } from './flow-artifacts';

export const runFlow: Runner<FlowJobConfig> = async function* (c, ctx: RunContext) {
  const { density, data, transform, logDet } = buildFlowData(c);
  const model = buildFlowModel(c, density.dim);
  try {
    const gens = buildGenerators(c, density.dim);
    const parameters = countParameters(model.variables());
    const grid = density.dim === 2 ? squareGrid(c.gridExtent || density.extent, c.gridSize) : null;
    const setup: FlowSetup = { c, density, data, transform, logDet, model, gens, parameters, grid };
    yield log(`${c.model} on ${density.name}: ${parameters} parameters, backend ${tf.getBackend()}`);
    if (c.model === 'hamiltonian' && c.constraint === 'translation' && c.potentialPrior > 0) {
      yield log('the potential prior b |q|^2 / 2 is not translation invariant: set potentialPrior to 0 with the translation constraint', 'warn');
    }
    yield* setupArtifacts(setup);

    const started = Date.now();
    const window = new Window();
    let last: TrainStep | undefined;
    // The job's fields are the loop's options (steps, seed, batchSize, lr, schedule, clipping, kappa, ...); the
    // schedule anneals over the steps or the time budget, whichever ends first.
    for await (const s of trainDensityModel(model, data, { ...c, budgetSeconds: c.maxSeconds, generators: gens })) {
      last = s;
      for (const e of s.events) yield { type: 'event', step: s.step, kind: e.kind, message: e.message };
      if (!s.skipped) window.add(stepValues(s, gens, logDet));
      const timeUp = c.maxSeconds > 0 && (Date.now() - started) / 1000 >= c.maxSeconds;
      const end = s.step === c.steps || timeUp || ctx.cancelled();
      if ((s.step % c.metricsEvery === 0 || end) && window.size > 0) {
        yield { type: 'metrics', step: s.step, values: await metricsRow(window, s, gens, model, started) };
        yield { type: 'progress', step: s.step, total: c.steps };
      }
      if (end) break;
      if (c.evalEvery > 0 && s.step % c.evalEvery === 0) yield { type: 'metrics', step: s.step, values: await evaluateBounds(model, data, c, s.step, logDet) };
      if (c.artifactEvery > 0 && s.step % c.artifactEvery === 0) yield* snapshotArtifacts(model, c, grid, s.step);
    }
    const step = last?.step ?? 0;
    if (ctx.cancelled()) return row({ steps: step });
    yield { type: 'progress', step, total: c.steps, message: 'final evaluation' };
    const final = await finalEvaluation(model, data, c, logDet);
    yield { type: 'metrics', step, values: final };
    yield* snapshotArtifacts(model, c, grid, step);
    yield artifact('weights', { kind: 'json', value: await savedModel(setup, final) });
    return { ...row({ steps: step, seconds: (Date.now() - started) / 1000 }), ...final };
  } finally {
    model.dispose();
  }
};
