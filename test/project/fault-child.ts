// The child process of the fault-injection test: builds one of two large, deterministic project states and saves
// it over the target file, saying "ready" before the save starts and "saved" after. The parent kills it with
// SIGKILL at a random moment in between.
import fs from 'node:fs';
import { Project, writeProjectFile, type NamedTensors } from '../../main/project';

const DATE = new Date('2026-03-01T00:00:00.000Z');

const FLOATS_PER_CHECKPOINT = 1 << 20; // 4 MiB each

/** The raw checkpoint values of state `k` (0 or 1): about `mb` megabytes, every value depending on k. */
export function faultStateValues(k: number, mb: number): Float32Array {
  const count = Math.max(1, Math.round((mb * (1 << 20)) / (FLOATS_PER_CHECKPOINT * 4)));
  const values = new Float32Array(count * FLOATS_PER_CHECKPOINT);
  let x = (k + 1) * 2654435761;
  for (let i = 0; i < values.length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    values[i] = (x / 2 ** 32 - 0.5) * (k + 1);
  }
  return values;
}

/** State `k` of the project, its checkpoints cut from `values` (views, no copies). */
export function faultStateFrom(k: number, values: Float32Array): Project {
  const p = Project.create({ name: `state-${k}`, appVersion: '0.1.0', now: DATE });
  const checkpoints = Array.from({ length: values.length / FLOATS_PER_CHECKPOINT }, (_, c) => {
    const weights: NamedTensors = { [`layer${c}/w`]: { dtype: 'float32', shape: [1024, 1024], values: values.subarray(c * FLOATS_PER_CHECKPOINT, (c + 1) * FLOATS_PER_CHECKPOINT) } };
    return { id: `ckpt-${c}`, step: (c + 1) * 100, createdAt: 1_700_000_000_000 + c, meta: { k }, weights, state: {} };
  });
  p.addRun({ id: 'run-1', kind: 'hgn', config: { state: k }, metrics: Array.from({ length: 100 }, (_, i) => ({ step: i, values: { loss: k + 1 / (i + 1) } })), checkpoints });
  p.setUi({ state: k });
  return p;
}

async function main(): Promise<void> {
  // The parent wrote the state's values to `raw`: reading them is faster than computing them, so kills start sooner.
  const [file, k, raw] = process.argv.slice(2);
  const bytes = fs.readFileSync(raw);
  const project = faultStateFrom(Number(k), new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
  process.stdout.write('ready\n');
  await writeProjectFile(project, file, { appVersion: '0.1.0', now: DATE });
  process.stdout.write('saved\n');
}

if (process.argv[1]?.includes('fault-child')) void main();
