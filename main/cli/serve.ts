import { InvalidArgumentError } from 'commander';
import { startServer } from '../browser-mode/server';
import { intArg } from './options';
import type { RegisterCommands } from './types';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected a port number 0-65535.');
  return port;
}

/** Loopback names only. IPv6 (::1) is refused for now: the server's URL and Host checks assume IPv4 names. */
const LOOPBACK = ['127.0.0.1', 'localhost'];

function parseHost(value: string): string {
  if (!LOOPBACK.includes(value)) {
    throw new InvalidArgumentError(`browser mode listens on loopback only (${LOOPBACK.join(' or ')}); for a remote machine, tunnel with ssh -L.`);
  }
  return value;
}

/** Runs until SIGINT/SIGTERM: the browser UI (and the WebSocket API) at the printed URL. */
export const register: RegisterCommands = (program) => {
  program
    .command('serve')
    .description('serve the app in a browser (loopback only; use an SSH tunnel for a remote machine)')
    .option('--host <host>', 'interface to bind (127.0.0.1 or localhost)', parseHost, '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', parsePort, 0)
    .option('--workers <n>', 'training jobs that may run at once', intArg(1, 64))
    .option('--data-dir <dir>', 'where datasets and autosaves live (default: the user data folder, or $HS_DATA_DIR)')
    .action(async (opts: { host: string; port: number; workers?: number; dataDir?: string }) => {
      const running = await startServer({ host: opts.host, port: opts.port, token: process.env.HS_TOKEN || undefined, maxParallel: opts.workers, dataDir: opts.dataDir });
      console.log(`Hamiltonian Studio (browser mode) is ready.\nOpen ${running.url}`);
      await new Promise<void>((resolve) => {
        const stop = () => void running.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
};
