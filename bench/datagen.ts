// Dataset generation throughput: 30-step 32x32 RS-style rollouts per second on one thread (sample, simulate,
// render, store), per system, and the stored size per pendulum sequence. Plain TypeScript: no tfjs backend.
// Rates are sequences per second of this thread's CPU time (best of three runs): this machine is shared, and wall
// time there mostly measures the neighbours. The pendulum's wall-clock rate and the load average are recorded too.
// Args: [seconds per system, default 2].
import os from 'node:os';
import { generateDatasetSync } from '../main/core/data/generate';
import { encodeDatasetParts } from '../main/core/data/format';
import { nodeSha256 } from '../main/jobs/node-hash';
import type { SystemId } from '../main/core/physics';
import type { Bench } from './run';

const SPEC = { steps: 30, size: 32, style: 'rs', test: 0, seed: 1 } as const;

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Best of three runs, as CPU-time and wall-time rates. */
function rates(system: SystemId, seconds: number): { cpu: number; wall: number } {
  generateDatasetSync({ ...SPEC, system, train: 50 });
  const probe = cpuMs();
  generateDatasetSync({ ...SPEC, system, train: 100 });
  const perSeq = (cpuMs() - probe) / 100;
  const n = Math.max(100, Math.round((seconds * 1000) / 3 / perSeq));
  let cpu = 0;
  let wall = 0;
  for (let run = 0; run < 3; run++) {
    const c0 = cpuMs();
    const w0 = performance.now();
    generateDatasetSync({ ...SPEC, system, train: n });
    cpu = Math.max(cpu, n / ((cpuMs() - c0) / 1000));
    wall = Math.max(wall, n / ((performance.now() - w0) / 1000));
  }
  return { cpu: Math.round(cpu), wall: Math.round(wall) };
}

const bench: Bench = async (args) => {
  const seconds = Number(args[0] ?? 2);
  const metrics: Record<string, number> = { load_avg_1m: Number(os.loadavg()[0].toFixed(2)) };
  const systems: [SystemId, string][] = [
    ['pendulum', 'pendulum'],
    ['mass-spring', 'mass_spring'],
    ['two-body', 'two_body'],
    ['three-body', 'three_body'],
    ['double-pendulum', 'double_pendulum'],
    ['fput', 'fput'],
    ['pendulum-friction', 'pendulum_friction'],
  ];
  for (const [id, name] of systems) {
    const r = rates(id, seconds);
    metrics[`seq_per_s_${name}`] = r.cpu;
    if (id === 'pendulum') metrics.wall_seq_per_s_pendulum = r.wall;
  }
  const count = 500;
  const encoded = encodeDatasetParts(generateDatasetSync({ ...SPEC, system: 'pendulum', train: count }), nodeSha256);
  metrics.bytes_per_seq_pendulum = Math.round(encoded.byteLength / count);
  metrics.frame_bytes_per_seq = SPEC.steps * SPEC.size * SPEC.size * 3;
  return { backend: 'none (plain TypeScript, one thread)', metrics };
};

export default bench;
