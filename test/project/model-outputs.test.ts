// End to end through real models: an HGN checkpoint and a flow's final weights go into a project, out to bytes and
// back; the rebuilt models give bitwise identical outputs, and HGN training resumed from the reopened checkpoint
// continues exactly like the uninterrupted run.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../preload/contract';
import { batchArrays, disposeBatch, toBatch } from '../../main/core/models/hgn/batch';
import { modelFromCheckpoint, type HgnCheckpoint } from '../../main/core/models/hgn/checkpoint';
import { createHgn, disposeHgn, forward, type HgnModel } from '../../main/core/models/hgn/model';
import { HgnTrainer } from '../../main/core/models/hgn/train';
import { logLikelihoods } from '../../main/core/models/flows/evaluate';
import { exportWeights, importWeights } from '../../main/core/models/flows/weights-json';
import { makeRng } from '../../main/core/random';
import { buildFlowData, buildFlowModel } from '../../main/jobs/flow';
import { FlowJobSchema } from '../../preload/contract';
import { checkpointFromHgn, hgnFromCheckpoint, Project, projectToBuffer, readProject } from '../../main/project';
import { runFromJob } from '../../main/services/projects';
import { initTestBackend } from '../core/hgn/backend';
import { movingSquares, tinyConfig } from '../core/hgn/tiny';

beforeAll(async () => {
  await initTestBackend();
});

const data = movingSquares(10, 6);
const config = tinyConfig({ stochastic: true, klWeighting: 'geco' });

async function trainTo(m: HgnModel, steps: number, resume?: HgnCheckpoint): Promise<HgnCheckpoint> {
  const trainer = new HgnTrainer(m, { train: data, steps, resume, checkpointEvery: 0 });
  for await (const _ of trainer.run()) void _;
  const ck = await trainer.checkpoint();
  trainer.dispose();
  return ck;
}

function outputs(m: HgnModel): Float32Array {
  const b = toBatch(config, batchArrays(config, data, [0, 3, 7]));
  const out = tf.tidy(() => forward(m, b.input, { steps: 5, sampleSeed: 9 }).frames);
  const v = out.dataSync().slice() as Float32Array;
  out.dispose();
  disposeBatch(b);
  return v;
}

const bytesOf = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

async function reopen(p: Project): Promise<Project> {
  return readProject(await projectToBuffer(p, { appVersion: '0.1.0' }));
}

describe('real models through a project file', () => {
  it('HGN: the rollout curriculum\'s position survives the project file (a resumed run does not restart it)', async () => {
    const m = createHgn(tinyConfig({ curriculum: 'adaptive', curriculumStartFrames: 2, curriculumSteps: 1, curriculumThreshold: 10 }));
    const ck = await trainTo(m, 3);
    expect(ck.curriculum?.frames).toBeGreaterThan(2);
    const p = Project.create({ name: 'curriculum' });
    p.addRun({ id: 'hgn', kind: 'hgn', config: {} as never, checkpoints: [checkpointFromHgn(ck, { createdAt: 1 })] });
    expect(hgnFromCheckpoint((await reopen(p)).getRun('hgn').checkpoints[0]).curriculum).toEqual(ck.curriculum);
    disposeHgn(m);
  });

  it('HGN: identical outputs from the reopened checkpoint, and an identical continuation', async () => {
    const a = createHgn(config);
    const half = await trainTo(a, 3);
    const p = Project.create({ name: 'hgn' });
    p.addRun({ id: 'hgn', kind: 'hgn', config: { ...config } as never, checkpoints: [checkpointFromHgn(half, { createdAt: 1 })] });
    const back = hgnFromCheckpoint((await reopen(p)).getRun('hgn').checkpoints[0]);
    expect(back.config).toEqual(half.config);
    expect(back.geco).toEqual(half.geco);

    const restored = modelFromCheckpoint(back);
    expect(bytesOf(outputs(restored)).equals(bytesOf(outputs(a)))).toBe(true);

    // Same config (its seed drives the batch noise), other initial weights: the resume must overwrite them.
    const straight = await trainTo(createHgn(config), 6);
    const resumed = await trainTo(createHgn(config, config.seed + 99), 6, back);
    expect(resumed.geco).toEqual(straight.geco);
    for (const [name, arr] of Object.entries(straight.params)) expect(bytesOf(resumed.params[name].values).equals(bytesOf(arr.values)), name).toBe(true);
    disposeHgn(a);
    disposeHgn(restored);
  });

  it('flow: the final-weights artifact of a job, saved and reopened, rebuilds the same density', async () => {
    const c = FlowJobSchema.parse({ kind: 'flow', steps: 1 });
    const dim = buildFlowData(c).density.dim;
    const trained = buildFlowModel(c, dim);
    const saved = { format: 'hamiltonian-studio/flow-model', version: 1, dim, weights: await exportWeights(trained.variables()) };
    const info = { id: 'job-1', kind: 'flow', label: 'flow', status: 'completed', backendChoice: 'cpu', backend: 'cpu', device: 'cpu', step: 1, total: 1, stepsPerSec: 1, etaSec: null, createdAt: 1, startedAt: 2, endedAt: 3, error: null, result: { nll: 1 }, config: c } as unknown as JobInfo;
    const p = Project.create({ name: 'flow' });
    p.addRun(runFromJob({ info, metrics: [], marks: [], logs: [], artifacts: new Map([['weights', { kind: 'json', value: saved }]]) }, { id: 'flow' }));
    const tensors = (await reopen(p)).getRun('flow').weights!.tensors;

    const rebuilt = buildFlowModel({ ...c, seed: c.seed + 1 }, dim);
    importWeights(rebuilt.variables(), Object.entries(tensors).map(([name, t]) => ({ name, shape: t.shape, values: Array.from(t.values) })));
    const points = Float32Array.from({ length: 64 * dim }, (_, i) => Math.sin(i));
    const ll = (m: typeof trained) => logLikelihoods(m, points, { k: 1, bound: 'elbo', rng: makeRng(5) });
    expect(bytesOf(await ll(rebuilt)).equals(bytesOf(await ll(trained)))).toBe(true);
    trained.dispose();
    rebuilt.dispose();
  });
});
