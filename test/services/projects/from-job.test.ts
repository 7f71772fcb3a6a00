import { describe, expect, it } from 'vitest';
import type { ArtifactData, JobInfo } from '../../../preload/contract';
import { encodeCheckpoint, type HgnCheckpoint } from '../../../main/core/models/hgn/checkpoint';
import { hgnFromCheckpoint, Project, projectToBuffer, readProject } from '../../../main/project';
import { machineInfo, runFromJob, type JobSnapshot } from '../../../main/services/projects';
import { exportRun } from '../../../main/services/projects/export';
import { packArrays } from '../../../main/core/training/pack';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const info = (over: Partial<JobInfo> = {}): JobInfo => ({
  id: 'job-7', kind: 'hnn', label: 'HNN #7', status: 'failed', backendChoice: 'auto', backend: 'wasm', device: 'wasm simd',
  step: 40, total: 100, stepsPerSec: 3, etaSec: null, memoryBytes: null, createdAt: 1000, startedAt: 2000, endedAt: 9000,
  error: { name: 'Error', message: 'worker crashed', stack: undefined }, result: null,
  config: { kind: 'hnn', model: 'hnn', hidden: 16, learningRate: 1e-3, steps: 100, seed: 1, trainTrajectories: 5, testTrajectories: 2, noise: 0.1, evalEvery: 10, rolloutTime: 5 },
  ...over,
});

function snapshot(artifacts: Array<[string, ArtifactData]>, over: Partial<JobInfo> = {}): JobSnapshot {
  return {
    info: info(over),
    metrics: [{ step: 10, values: { loss: 0.5 } }, { step: 20, values: { loss: Number.NaN } }],
    marks: [{ step: 20, kind: 'nan-rollback', message: 'rolled back' }],
    logs: [{ level: 'info', message: 'started', time: 2100 }],
    artifacts: new Map(artifacts),
  };
}

describe('runFromJob', () => {
  it('keeps config, backend, machine, status, timings, history, marks and logs', async () => {
    const p = Project.create();
    p.addRun(runFromJob(snapshot([]), { machine: machineInfo('0.1.0') }));
    const run = (await readProject(await projectToBuffer(p, { appVersion: '0.1.0' }))).getRun('run-1');
    expect(run).toMatchObject({
      label: 'HNN #7', kind: 'hnn', status: 'failed', backend: 'wasm', device: 'wasm simd', backendChoice: 'auto',
      timings: { createdAt: 1000, startedAt: 2000, endedAt: 9000 }, progress: { step: 40, total: 100 },
      error: { name: 'Error', message: 'worker crashed' }, config: { hidden: 16 },
      marks: [{ step: 20, kind: 'nan-rollback', message: 'rolled back' }], logs: [{ level: 'info', message: 'started', time: 2100 }],
    });
    expect(run.machine).toMatchObject({ platform: process.platform, app: '0.1.0' });
    expect(run.metrics[1].values.loss).toBeNaN();
  });

  it('turns artifacts into weights, saved arrays, checkpoints and JSON', async () => {
    const ck: HgnCheckpoint = {
      format: 'hgn-checkpoint', version: 1, config: { imageSize: 8 } as HgnCheckpoint['config'], step: 30, cursor: 31,
      params: { 'enc.w': { shape: [2, 2], values: Float32Array.of(1, 2, 3, 4) } },
      optimizer: { step: 30, learningRate: 1e-3, m: { 'enc.w': { shape: [2, 2], values: Float32Array.of(0.1, 0.2, 0.3, 0.4) } }, v: { 'enc.w': { shape: [2, 2], values: Float32Array.of(1, 1, 1, 1) } } },
      geco: { lambda: 1.5, cMa: null },
    };
    const job = snapshot([
      ['setup', { kind: 'json', value: { parameters: 12 } }],
      ['weights', { kind: 'json', value: { format: 'hamiltonian-studio/flow-model', dim: 2, weights: [{ name: 'mlp/w', shape: [2], values: [0.5, -0.5] }] } }],
      ['bad', { kind: 'json', value: { x: Number.NaN } }],
      ['samples', { kind: 'f32', shape: [2, 2], values: Float32Array.of(1, 2, 3, 4) }],
      ['density grid', { kind: 'f64', shape: [1, 2], values: Float64Array.of(Number.NaN, 1) }],
      ['checkpoint', { kind: 'u8', shape: [0], values: encodeCheckpoint(ck) }],
    ]);
    const p = Project.create();
    p.addRun(runFromJob(job, { id: 'r' }));
    const run = (await readProject(await projectToBuffer(p, { appVersion: '0.1.0' }))).getRun('r');
    expect(run.artifacts).toEqual({ setup: { parameters: 12 } });
    expect(run.logs.at(-1)!.message).toMatch(/artifact "bad" was not saved: x is NaN/);
    expect(run.weights!.meta).toEqual({ format: 'hamiltonian-studio/flow-model', dim: 2 });
    expect(run.weights!.tensors['mlp/w'].values).toEqual(Float32Array.of(0.5, -0.5));
    expect(run.saved.map((s) => [s.id, s.kind])).toEqual([['samples', 'samples'], ['density-grid', 'artifact']]);
    expect(run.saved[1].tensors['density-grid'].values[0]).toBeNaN();
    const back = hgnFromCheckpoint(run.checkpoints[0]);
    expect(back).toMatchObject({ step: 30, cursor: 31, geco: { lambda: 1.5, cMa: null }, optimizer: { step: 30, learningRate: 1e-3 } });
    expect(back.params['enc.w'].values).toEqual(ck.params['enc.w'].values);
    expect(back.optimizer!.v['enc.w'].values).toEqual(ck.optimizer!.v['enc.w'].values);
  });

  it('saves an HGN run whose last periodic checkpoint is at its last step (the final weights, once)', async () => {
    const at = (lambda: number): HgnCheckpoint => ({
      format: 'hgn-checkpoint', version: 1, config: { imageSize: 8 } as HgnCheckpoint['config'], step: 24, cursor: 25,
      params: { 'enc.w': { shape: [1], values: Float32Array.of(lambda) } }, optimizer: null, geco: { lambda, cMa: null },
    });
    // checkpointEvery 3, steps 24 (the wizard: checkpoints at the test interval, 2000 steps, every 250).
    const job = snapshot([['checkpoint', { kind: 'u8', shape: [0], values: encodeCheckpoint(at(1)) }], ['weights', { kind: 'u8', shape: [0], values: encodeCheckpoint(at(2)) }]], { kind: 'hgn' });
    const p = Project.create();
    p.addRun(runFromJob(job, { id: 'h' }));
    const run = (await readProject(await projectToBuffer(p, { appVersion: '0.1.0' }))).getRun('h');
    expect(run.checkpoints.map((c) => c.id)).toEqual(['step-24']);
    expect(hgnFromCheckpoint(run.checkpoints[0]).geco.lambda).toBe(2);
  });

  it("keeps a PixelHNN's packed weights as the run's weights, which export writes as a tfjs model", async () => {
    const meta = { format: 'pixel-hnn-weights', version: 1, config: { latentDim: 1 }, step: 12 };
    const packed = packArrays(meta, { params: { 'encoder.0.w': { shape: [2, 3], values: Float32Array.of(1, 2, 3, 4, 5, 6) }, 'hnn.2.b': { shape: [1], values: Float32Array.of(-1) } } });
    const p = Project.create();
    p.addRun(runFromJob(snapshot([['weights', { kind: 'u8', shape: [], values: packed }]], { kind: 'pixel-hnn' }), { id: 'px' }));
    const run = (await readProject(await projectToBuffer(p, { appVersion: '0.1.0' }))).getRun('px');
    expect(run.weights!.meta).toEqual(meta);
    expect(run.weights!.tensors['encoder.0.w']).toMatchObject({ shape: [2, 3], values: Float32Array.of(1, 2, 3, 4, 5, 6) });
    expect(run.checkpoints).toEqual([]);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-px-export-'));
    const r = await exportRun(p, 'px', 'weights', out, { appVersion: '0.1.0' });
    const manifest = JSON.parse(fs.readFileSync(r.files[0], 'utf8'));
    expect(JSON.stringify(manifest)).toContain('encoder.0.w');
    expect(fs.statSync(r.files[1]).size).toBe(7 * 4);
  });
});
