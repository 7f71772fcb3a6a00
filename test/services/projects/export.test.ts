import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import { Project, readProject, projectToBuffer, type Tensor } from '../../../main/project';
import { exportRun, type ExportResult } from '../../../main/services/projects';
import { csvCell, framesOf } from '../../../main/services/projects/export';
import { outputPath, safeFileName } from '../../../main/services/projects/export/safe-path';
import { selectSaved } from '../../../main/services/projects/export/select';
import type { RunRecord } from '../../../main/project';
import { sampleProject } from '../../project/fixtures';

let dir: string;
let project: Project;

beforeAll(async () => {
  await initBackend('cpu');
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hsproj-export-'));
  // Exports run on a project as it comes out of a file.
  project = await readProject(await projectToBuffer(sampleProject(11), { appVersion: '0.1.0' }));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const run = (what: Parameters<typeof exportRun>[2], runId: string, opts = {}, out = dir): Promise<ExportResult> =>
  exportRun(project, runId, what, out, { appVersion: '0.1.0', ...opts });

/** Loads an exported model.json + .bin with tfjs-core's own weights loader, reading files instead of URLs. */
async function loadWithTfjs(modelJsonPath: string): Promise<tf.NamedTensorMap> {
  const modelJson = JSON.parse(await fs.readFile(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
  const base = path.dirname(modelJsonPath);
  const fetchFiles = (paths: string[]) => Promise.all(paths.map(async (p) => new Uint8Array(await fs.readFile(path.join(base, path.basename(p)))).buffer as ArrayBuffer));
  const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const buffers = await fetchFiles(manifest.flatMap((g) => g.paths));
    return [tf.io.getWeightSpecs(manifest), tf.io.concatenateArrayBuffers(buffers)];
  });
  expect(artifacts.weightSpecs!.length).toBeGreaterThan(0);
  const load = tf.io.weightsLoaderFactory(fetchFiles);
  return load(modelJson.weightsManifest, '');
}

async function expectLoadedEqual(loaded: tf.NamedTensorMap, tensors: Record<string, Tensor>): Promise<void> {
  expect(Object.keys(loaded).sort()).toEqual(Object.keys(tensors).sort());
  for (const [name, t] of Object.entries(tensors)) {
    expect(loaded[name].shape, name).toEqual(t.shape);
    const got = await loaded[name].data();
    const want = t.dtype === 'float64' ? Float32Array.from(t.values) : t.values;
    expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(want.buffer, want.byteOffset, want.byteLength)), name).toBe(true);
  }
}

describe('exports', () => {
  it('final weights in TensorFlow.js format load back bitwise with tf.io', async () => {
    const r = await run('weights', 'hgn-1');
    expect(r.files.map((f) => path.basename(f))).toEqual(['hgn-1.json', 'hgn-1.weights.bin']);
    const json = JSON.parse(await fs.readFile(r.files[0], 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['hgn-1.weights.bin']);
    expect(json.userDefinedMetadata).toMatchObject({ runId: 'hgn-1', kind: 'hgn', source: 'final weights' });
    await expectLoadedEqual(await loadWithTfjs(r.files[0]), project.getRun('hgn-1').weights!.tensors);
  });

  it('a checkpoint can be exported instead (its weights, not the optimiser state)', async () => {
    const out = path.join(dir, 'ckpt');
    const r = await run('weights', 'hgn-1', { checkpoint: 'step-100' }, out);
    await expectLoadedEqual(await loadWithTfjs(r.files[0]), project.getRun('hgn-1').checkpoints[0].weights);
    await expect(run('weights', 'hgn-1', { checkpoint: 'nope' }, out)).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('step-100, step-200') });
  });

  it('int32 weights stay int32', async () => {
    const r = await run('weights', 'flow-1', {}, path.join(dir, 'flow'));
    const loaded = await loadWithTfjs(r.files[0]);
    expect(loaded.steps.dtype).toBe('int32');
    await expectLoadedEqual(loaded, project.getRun('flow-1').weights!.tensors);
  });

  it('metrics as CSV: every row, every metric, NaN and Infinity spelled out, gaps empty', async () => {
    const r = await run('metrics', 'flow-1');
    const lines = (await fs.readFile(r.files[0], 'utf8')).trimEnd().split('\n');
    const metrics = project.getRun('flow-1').metrics;
    expect(lines[0]).toBe('step,loss,test_elbo');
    expect(lines).toHaveLength(metrics.length + 1);
    expect(lines[1]).toBe('1,2,-1.5');
    expect(lines[2]).toBe(`2,${2 - 0.01},`);
    expect(lines.at(-1)).toBe('30,Infinity,');
    const hgn = (await fs.readFile((await run('metrics', 'hgn-1')).files[0], 'utf8')).split('\n');
    expect(hgn[8].split(',')[3]).toBe('NaN');
    // Every number reads back exactly.
    lines.slice(1).forEach((l, i) => expect(Number(l.split(',')[1])).toBe(metrics[i].values.loss));
  });

  it('flow samples as CSV', async () => {
    const r = await run('samples', 'flow-1');
    const lines = (await fs.readFile(r.files[0], 'utf8')).trimEnd().split('\n');
    const samples = project.getRun('flow-1').saved[0].tensors.samples.values;
    expect(lines[0]).toBe('x0,x1');
    expect(lines).toHaveLength(257);
    expect(lines[5].split(',').map(Number)).toEqual([samples[8], samples[9]]);
  });

  it('a rollout as a PNG sequence: every pixel of every frame', async () => {
    const r = await run('rollout-png', 'hgn-1', { scale: 2 }, path.join(dir, 'png'));
    expect(r.files).toHaveLength(10);
    expect(path.basename(r.files[3])).toBe('hgn-1.rollout-1.003.png');
    const frames = project.getRun('hgn-1').saved[0].tensors.frames.values as Uint8Array;
    const png = PNG.sync.read(await fs.readFile(r.files[3]));
    expect([png.width, png.height]).toEqual([64, 64]);
    for (const [x, y] of [[0, 0], [5, 9], [63, 63], [31, 2]]) {
      const src = ((3 * 32 + Math.floor(y / 2)) * 32 + Math.floor(x / 2)) * 3;
      const dst = (y * 64 + x) * 4;
      expect([...png.data.subarray(dst, dst + 4)]).toEqual([frames[src], frames[src + 1], frames[src + 2], 255]);
    }
  });

  it('a rollout as an animated GIF: one image per frame, at the frame size', async () => {
    const r = await run('rollout-gif', 'hgn-1', { fps: 10 });
    const gif = await fs.readFile(r.files[0]);
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect([gif.readUInt16LE(6), gif.readUInt16LE(8)]).toEqual([128, 128]); // 32 px upscaled x4 by default
    expect(countGifImages(gif)).toBe(10);
  });

  it('a rollout export is the prediction unless another array is chosen (the ground truth is saved after it)', () => {
    const item = (id: string) => ({ id, kind: 'rollout', name: id, step: 1, createdAt: 0, meta: {}, tensors: { [id]: { dtype: 'float32', shape: [1], values: new Float32Array(1) } } });
    const r = { id: 'hgn-2', saved: [item('rollout-frames'), item('rollout-q'), item('rollout-ground-truth')] } as unknown as RunRecord;
    expect(selectSaved(r, ['rollout'], ['frames']).item.id).toBe('rollout-frames');
    expect(selectSaved(r, ['rollout'], ['frames'], 'rollout-ground-truth').item.id).toBe('rollout-ground-truth');
    const older = { id: 'x', saved: [item('rollout-1'), item('rollout-2')] } as unknown as RunRecord;
    expect(selectSaved(older, ['rollout'], ['frames']).item.id).toBe('rollout-2');
  });

  it('float frames in [0, 1], greyscale and batches', () => {
    const t: Tensor = { dtype: 'float32', shape: [2, 3, 1, 1, 1], values: Float32Array.of(0, 0.5, 1, 2, Number.NaN, -1) };
    const f = framesOf(t, { sequence: 1, scale: 1 });
    expect(f.count).toBe(3);
    expect([...f.rgba[0]]).toEqual([255, 255, 255, 255]);
    expect([...f.rgba[1]]).toEqual([0, 0, 0, 255]);
    expect(() => framesOf(t, { sequence: 2 })).toThrow(/out of range/);
    expect(() => framesOf({ dtype: 'uint8', shape: [4], values: new Uint8Array(4) })).toThrow(/shape/);
  });

  it('file names from hostile ids stay inside the chosen folder', () => {
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('...')).toBe('export');
    for (const name of ['../x', '/abs', 'a/b', '..', 'C:\\x', '']) {
      const p = outputPath(dir, name);
      expect(path.dirname(p)).toBe(path.resolve(dir));
    }
  });

  it('CSV cells a spreadsheet would run as formulas are defused', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('loss')).toBe('loss');
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it('missing things are refused clearly', async () => {
    await expect(run('rollout-gif', 'flow-1')).rejects.toMatchObject({ code: 'invalid', message: 'run "flow-1" has no saved rollout' });
    await expect(run('metrics', 'nope')).rejects.toMatchObject({ code: 'invalid', message: 'the project has no run "nope"' });
  });
});

/** Counts image descriptors by walking the GIF's blocks (a minimal parser, enough to check the structure). */
function countGifImages(b: Buffer): number {
  let i = 13;
  const flags = b[10];
  if (flags & 0x80) i += 3 * (1 << ((flags & 7) + 1));
  const skipSubBlocks = () => {
    while (b[i] !== 0) i += b[i] + 1;
    i++;
  };
  let images = 0;
  while (i < b.length) {
    const block = b[i++];
    if (block === 0x3b) return images;
    if (block === 0x21) {
      i++;
      skipSubBlocks();
    } else if (block === 0x2c) {
      images++;
      const local = b[i + 8];
      i += 9;
      if (local & 0x80) i += 3 * (1 << ((local & 7) + 1));
      i++; // LZW minimum code size
      skipSubBlocks();
    } else throw new Error(`bad GIF block 0x${block.toString(16)} at ${i - 1}`);
  }
  throw new Error('GIF has no trailer');
}
