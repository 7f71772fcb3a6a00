// A canonical-transformation run through a project: saved with its curves, views and model, reopened in a fresh
// app (new session, new job manager) with the same artifacts, its model usable again (the map of a state gives the
// same motion), and exported like the other runs (weights in TensorFlow.js format, metrics as CSV).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { makeRng } from '../../../main/core/random';
import { runCanonical, runCanonicalMap } from '../../../main/jobs/canonical';
import type { RunnerEvent } from '../../../main/jobs/runner';
import { JobManager } from '../../../main/services/jobs/job-manager';
import { AppProjects } from '../../../main/services/projects/app-projects';
import { ProjectSession } from '../../../main/services/projects/session';
import {
  CanonicalJobSchema,
  CanonicalMapJobSchema,
  SavedCanonicalModelSchema,
  type ArtifactData,
  type CanonicalMapInfo,
  type JobInfo,
  type MetricRow,
} from '../../../preload/contract';

let root: string;
beforeAll(async () => {
  await initBackend('wasm');
});
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'hsproj-canonical-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const config = CanonicalJobSchema.parse({
  kind: 'canonical', system: 'pendulum', train: 16, validation: 4, test: 4, points: 12, blocks: 1, hidden: 8, steps: 10, evalEvery: 5,
  metricsEvery: 5, batchTrajectories: 8, viewTrajectories: 2, symplecticPoints: 4, mapFrames: 16,
});

/** Runs the job as a worker would, keeping what the JobManager keeps (rows, the latest artifact of each name). */
async function finishedRun() {
  const metrics: MetricRow[] = [];
  const artifacts = new Map<string, ArtifactData>();
  const run = runCanonical(config, { cancelled: () => false, rng: makeRng(1) });
  let result: Record<string, number> = {};
  for (;;) {
    const r = await run.next();
    if (r.done) {
      result = r.value as Record<string, number>;
      break;
    }
    const e: RunnerEvent = r.value;
    if (e.type === 'metrics') metrics.push({ step: e.step, values: e.values });
    if (e.type === 'artifact') artifacts.set(e.name, e.data);
  }
  const info: Omit<JobInfo, 'id'> = {
    kind: 'canonical', label: 'pendulum transformation', status: 'completed', backendChoice: 'wasm', backend: 'wasm', device: 'wasm', step: 10, total: 10,
    stepsPerSec: 0, etaSec: null, memoryBytes: null, createdAt: 1, startedAt: 2, endedAt: 3, error: null, result, config,
  };
  return { info, metrics, marks: [], logs: [], artifacts };
}

function app(dir: string) {
  const emit = () => {};
  const jobs = new JobManager({ emit, predictBackend: () => 'wasm' });
  const session = new ProjectSession({ configDir: path.join(dir, 'config'), appVersion: '0.1.0' });
  return { jobs, session, projects: new AppProjects(session, jobs, emit, '0.1.0') };
}

async function mapWith(model: unknown, state: number[]): Promise<CanonicalMapInfo> {
  const run = runCanonicalMap(CanonicalMapJobSchema.parse({ kind: 'canonical-map', model, state, frames: 16 }), { cancelled: () => false, rng: makeRng(1) });
  for (let r = await run.next(); !r.done; r = await run.next()) {
    if (r.value.type === 'artifact' && r.value.data.kind === 'json') return r.value.data.value as CanonicalMapInfo;
  }
  throw new Error('no map');
}

describe('a canonical run in a project', () => {
  it('saves, reopens in a fresh app with its views and model, maps a state the same way, and exports', async () => {
    const run = await finishedRun();
    const first = app(path.join(root, 'a'));
    const job = first.jobs.importRun(run);
    const file = path.join(root, 'study.hsproj');
    await first.projects.saveAs(file);
    const weightsOut = path.join(root, 'weights');
    const exported = await first.projects.export(job.id, 'weights', weightsOut);
    expect(exported.files.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['run-1.json', 'run-1.weights.bin']));
    const modelJson = JSON.parse(await fs.readFile(exported.files.find((f) => f.endsWith('.json'))!, 'utf8'));
    expect(JSON.stringify(modelJson)).toContain('state/');
    const csv = await first.projects.export(job.id, 'metrics', path.join(root, 'metrics'));
    expect(await fs.readFile(csv.files[0], 'utf8')).toMatch(/train_loss/);
    await first.session.dispose();

    const second = app(path.join(root, 'b'));
    const opened = await second.projects.open(file);
    expect(opened.openError).toBeNull();
    const [reopened] = second.jobs.list();
    expect(reopened).toMatchObject({ kind: 'canonical', label: 'pendulum transformation', status: 'completed', result: run.info.result });
    expect(reopened.config).toEqual(config);
    expect(second.jobs.metrics(reopened.id)).toEqual(run.metrics);
    const names = second.jobs.artifactNames(reopened.id).sort();
    expect(names).toEqual(['canonical-actions', 'canonical-latent', 'canonical-map', 'canonical-setup', 'canonical-states', 'weights']);
    const latent = second.jobs.artifact(reopened.id, 'canonical-latent');
    expect(latent).toEqual(run.artifacts.get('canonical-latent'));
    expect(second.jobs.artifact(reopened.id, 'canonical-actions')).toEqual(run.artifacts.get('canonical-actions'));

    // The model is back: the same saved model (to the float32 values), and the same motion of a new state.
    const before = run.artifacts.get('weights')!;
    const after = second.jobs.artifact(reopened.id, 'weights')!;
    expect(after.kind).toBe('json');
    const savedAfter = SavedCanonicalModelSchema.parse(after.kind === 'json' ? after.value : null);
    const savedBefore = SavedCanonicalModelSchema.parse(before.kind === 'json' ? before.value : null);
    expect(savedAfter).toEqual(savedBefore);
    const [a, b] = [await mapWith(savedBefore, [0.7, -0.3]), await mapWith(savedAfter, [0.7, -0.3])];
    expect(b.mapped).toEqual(a.mapped);
    expect(b.relError).toBe(a.relError);
    await second.session.dispose();
  });
});
