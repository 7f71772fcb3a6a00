// The CLI's contract with its user: help lists the commands, --version prints the version, and every usage
// error prints the usage of the command concerned and exits non-zero. Runs `runCli` in process.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildProgram, runCli } from '../../main/cli';
import { version } from '../../package.json';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  out = '';
  err = '';
  const code = await runCli(argv);
  return { code, out, err };
}

const commandNames = () => buildProgram().commands.map((c) => c.name());

describe('hamiltonian-studio CLI', () => {
  it('--help lists every registered command (serve among them) and exits 0', async () => {
    const names = commandNames();
    expect(names).toContain('serve');
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: hamiltonian-studio /);
    for (const name of names) expect(r.out, name).toMatch(new RegExp(`^\\s+${name}\\b`, 'm'));
  });

  it('--version and -V print the package version and exit 0', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await cli(flag);
      expect(r.code).toBe(0);
      expect(r.out.trim()).toBe(version);
    }
  });

  it('every command has its own --help', async () => {
    for (const name of commandNames()) {
      const r = await cli(name, '--help');
      expect(r.code, name).toBe(0);
      expect(r.out, name).toContain(`Usage: hamiltonian-studio ${name}`);
    }
  });

  it('no command prints the usage and exits non-zero', async () => {
    const r = await cli();
    expect(r.code).not.toBe(0);
    expect(r.out + r.err).toContain('Usage: hamiltonian-studio');
  });

  it('an unknown command names it, prints the usage, exits non-zero', async () => {
    const r = await cli('frobnicate');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("unknown command 'frobnicate'");
    expect(r.err).toContain('Usage: hamiltonian-studio [options] [command]');
  });

  it('an unknown option on any command prints that command\'s usage and exits non-zero', async () => {
    for (const name of commandNames()) {
      const r = await cli(name, '--definitely-not-an-option');
      expect(r.code, name).not.toBe(0);
      // Commands with required options or arguments may report those first; either way it is a usage error.
      expect(r.err, name).toMatch(/^error: (unknown option '--definitely-not-an-option'|required option|missing required argument)/m);
      expect(r.err, name).toContain(`Usage: hamiltonian-studio ${name}`);
    }
  });

  it('bad values for serve are refused with the usage, before anything starts', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--port', 'abc'], /--port <port>.*invalid/],
      [['--port', '70000'], /--port <port>.*invalid/],
      [['--host', '0.0.0.0'], /loopback only/],
      [['--host', 'example.com'], /loopback only/],
      [['--workers', 'many'], /--workers <n>.*invalid/],
      [['--port'], /argument missing/],
    ];
    for (const [args, message] of cases) {
      const r = await cli('serve', ...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.err, args.join(' ')).toContain('Usage: hamiltonian-studio serve');
      expect(r.out, args.join(' ')).not.toContain('is ready');
    }
  });
});
