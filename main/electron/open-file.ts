// Which project the OS asked us to open: from the command line (Windows and Linux file associations launch
// `app path.hsproj`; a second launch forwards its argv) or macOS's open-file event. Pure.
import path from 'node:path';
import { PROJECT_EXTENSION } from '../project/version';

/**
 * The first .hsproj argument, resolved against `cwd`. Switches (and values glued to them, `--x=a.hsproj`)
 * are skipped; Chromium may append its own switches after the file, so position does not matter.
 */
export function projectFromArgv(argv: readonly string[], cwd: string): string | null {
  for (const arg of argv) {
    if (!arg || arg.startsWith('-')) continue;
    if (arg.toLowerCase().endsWith(PROJECT_EXTENSION)) return path.resolve(cwd, arg);
  }
  return null;
}

/** Queues open requests that arrive before the window can take them (cold start via a double-click). */
export class PendingOpen {
  private queued: string | null = null;
  private deliver: ((file: string) => void) | null = null;

  /** A request from the OS: delivered now when the window is ready, kept (latest wins) otherwise. */
  request(file: string): void {
    if (this.deliver) this.deliver(file);
    else this.queued = file;
  }

  /** The window is ready: takes any queued request, then delivers every later one directly. */
  ready(deliver: (file: string) => void): void {
    this.deliver = deliver;
    const file = this.queued;
    this.queued = null;
    if (file) deliver(file);
  }

  /** The window went away (closed on macOS): queue again until a new one is ready. */
  notReady(): void {
    this.deliver = null;
  }
}
