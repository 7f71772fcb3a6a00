// The machine a run was trained on, recorded with the run.
import os from 'node:os';
import type { MachineInfo } from '../../project';

export function machineInfo(appVersion: string): MachineInfo {
  const cpus = os.cpus();
  return {
    platform: process.platform,
    arch: process.arch,
    cpuModel: (cpus[0]?.model ?? 'unknown').trim().slice(0, 300),
    cpus: cpus.length,
    memoryMb: Math.round(os.totalmem() / (1 << 20)),
    node: process.version,
    app: appVersion,
  };
}
