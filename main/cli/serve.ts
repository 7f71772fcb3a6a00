import { InvalidArgumentError } from 'commander';
import { startServer } from '../browser-mode/server';
import type { RegisterCommands } from './types';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected a port number 0-65535.');
  return port;
}

/** Runs until SIGINT/SIGTERM: the browser UI (and the WebSocket API) at the printed URL. */
export const register: RegisterCommands = (program) => {
  program
    .command('serve')
    .description('serve the app in a browser (loopback only; use an SSH tunnel for a remote machine)')
    .option('--host <host>', 'interface to bind (loopback addresses only)', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', parsePort, 0)
    .option('--workers <n>', 'training jobs that may run at once', (v) => Number(v))
    .action(async (opts: { host: string; port: number; workers?: number }) => {
      if (!['127.0.0.1', 'localhost', '::1'].includes(opts.host)) {
        throw new Error(`Refusing to bind ${opts.host}: browser mode listens on loopback only. Tunnel with ssh -L instead.`);
      }
      const running = await startServer({ host: opts.host, port: opts.port, token: process.env.HS_TOKEN || undefined, maxParallel: opts.workers });
      console.log(`Hamiltonian Studio (browser mode) is ready.\nOpen ${running.url}`);
      await new Promise<void>((resolve) => {
        const stop = () => void running.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
};
