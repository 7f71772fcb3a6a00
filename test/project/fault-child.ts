// The child process of the fault-injection test: builds one of two large, deterministic project states and saves
// it over the target file, saying "ready" before the save starts and "saved" after. The parent kills it with
// SIGKILL at a random moment in between.
import { Project, writeProjectFile, type NamedTensors } from '../../main/project';

const DATE = new Date('2026-03-01T00:00:00.000Z');

/** State `k` (0 or 1) of a project with about `mb` megabytes of checkpoints: every value depends on k. */
export function faultState(k: number, mb: number): Project {
  const p = Project.create({ name: `state-${k}`, appVersion: '0.1.0', now: DATE });
  const perCheckpoint = 1 << 20; // floats (4 MiB)
  const count = Math.max(1, Math.round((mb * (1 << 20)) / (perCheckpoint * 4)));
  let x = (k + 1) * 2654435761;
  const checkpoints = Array.from({ length: count }, (_, c) => {
    const values = new Float32Array(perCheckpoint);
    for (let i = 0; i < values.length; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      values[i] = (x / 2 ** 32 - 0.5) * (k + 1);
    }
    const weights: NamedTensors = { [`layer${c}/w`]: { dtype: 'float32', shape: [1024, 1024], values } };
    return { id: `ckpt-${c}`, step: (c + 1) * 100, createdAt: 1_700_000_000_000 + c, meta: { k }, weights, state: {} };
  });
  p.addRun({ id: 'run-1', kind: 'hgn', config: { state: k }, metrics: Array.from({ length: 100 }, (_, i) => ({ step: i, values: { loss: k + 1 / (i + 1) } })), checkpoints });
  p.setUi({ state: k });
  return p;
}

async function main(): Promise<void> {
  const [file, k, mb] = process.argv.slice(2);
  const project = faultState(Number(k), Number(mb));
  process.stdout.write('ready\n');
  await writeProjectFile(project, file, { appVersion: '0.1.0', now: DATE });
  process.stdout.write('saved\n');
}

if (process.argv[1]?.includes('fault-child')) void main();
