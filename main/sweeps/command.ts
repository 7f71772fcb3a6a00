// What runs this app's CLI on the cluster's nodes, when the sweep does not say (its `command`). Through sbatch on
// this machine: this very CLI (the nodes share this machine's disk, or are this machine). Through SSH: the
// `hamiltonian-studio` command on the nodes' PATH (npm's bin of this package, or the packaged CLI).
import fs from 'node:fs';
import path from 'node:path';

/** The argv that runs this installation's CLI with the Node (or Electron, as Node) running now. */
export function thisCli(): string[] {
  const node = process.versions.electron ? ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', process.execPath] : [process.execPath];
  if (__filename.endsWith('.ts')) {
    // From source (tests, `npm run cli`): main/cli.ts through tsx.
    const cli = path.resolve(__dirname, '../cli.ts');
    return [...node, require.resolve('tsx/cli'), cli];
  }
  // Built: out/main/cli.js beside this bundle (or one folder up, from a chunk).
  for (const dir of [__dirname, path.resolve(__dirname, '..')]) {
    const cli = path.join(dir, 'cli.js');
    if (fs.existsSync(cli)) return [...node, cli];
  }
  return ['hamiltonian-studio'];
}

export const defaultCommand = (ssh: string | undefined): string[] => (ssh ? ['hamiltonian-studio'] : thisCli());
