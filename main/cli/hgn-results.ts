// What `hgn rollout` and `hgn sample` give back: an array pack (--out), a PNG strip (--png), and the learned H at
// each trajectory's ends in words (or everything as JSON).
import fs from 'node:fs';
import type { RolloutResult } from '../core/models/hgn';
import { packArrays } from '../core/training/pack';
import { writeFileAtomic } from '../files/atomic';
import { framesPng } from './frames-png';
import { num } from './human-output';

export async function writeResults(
  r: RolloutResult,
  opts: { out?: string; png?: string; json?: boolean },
  meta: Record<string, unknown>,
  groundTruth: Float32Array,
  gtFrames: number,
  what: string,
): Promise<void> {
  const img = [...r.imageShape];
  const arr = (values: Float32Array, shape: number[]) => ({ values, shape });
  if (opts.out) {
    const groups = {
      rollout: {
        frames: arr(r.images, [r.batch, r.decoded, ...img]),
        q: arr(r.q, [r.batch, r.frames, ...r.latentShape]),
        p: arr(r.p, [r.batch, r.frames, ...r.latentShape]),
        energy: arr(r.energy, [r.batch, r.frames]),
        ...(gtFrames > 0 ? { groundTruth: arr(groundTruth, [r.batch, gtFrames, ...img]) } : {}),
      },
    };
    await writeFileAtomic(opts.out, [packArrays({ ...meta, dt: r.dt, frames: r.frames }, groups)]);
  }
  if (opts.png) {
    // One row per sequence (ground truth above its prediction when there is one), one column per frame.
    const rows: Float32Array[] = [];
    const px = img[0] * img[1] * img[2];
    for (let b = 0; b < r.batch; b++) {
      if (gtFrames > 0) {
        const row = new Float32Array(r.decoded * px);
        row.set(groundTruth.subarray(b * gtFrames * px, (b + 1) * gtFrames * px));
        rows.push(row);
      }
      rows.push(r.images.subarray(b * r.decoded * px, (b + 1) * r.decoded * px));
    }
    fs.writeFileSync(opts.png, framesPng(rows, r.decoded, img[0], img[1], img[2]));
  }
  const energy = Array.from({ length: r.batch }, (_, b) => Array.from(r.energy.subarray(b * r.frames, (b + 1) * r.frames)));
  if (opts.json) {
    console.log(JSON.stringify({ ...meta, sequences: r.batch, frames: r.frames, dt: r.dt, energy, out: opts.out ?? null, png: opts.png ?? null }));
    return;
  }
  // In words: what was rolled out, the learned H at its ends (its drift), where the arrays went; the whole series
  // is in --out (or --json).
  console.log(`${what}: ${r.frames} frames, dt ${num(r.dt)}`);
  const names = Array.isArray(meta.indices) ? (meta.indices as number[]).map((i) => `sequence ${i}`) : energy.map((_, b) => `sample ${b}`);
  const w = Math.max(...names.map((n) => n.length));
  energy.forEach((e, b) => {
    const h0 = e[0];
    const h1 = e[e.length - 1];
    const drift = h0 !== 0 ? ` (${h1 >= h0 ? '+' : ''}${num((100 * (h1 - h0)) / Math.abs(h0))}%)` : '';
    console.log(`  ${names[b].padEnd(w)}  learned H ${num(h0).padStart(8)} -> ${num(h1).padStart(8)}${drift}`);
  });
  if (opts.out) console.log(`frames, q, p and H written to ${opts.out}`);
  if (opts.png) console.log(`frames written to ${opts.png}`);
}
