// Runs one CLI command group in process (commander with exits turned into throws), returning what it logged:
// the canonical and flow CLI tests call their commands this way.
import { Command } from 'commander';
import { vi } from 'vitest';
import type { RegisterCommands } from '../../main/cli/types';

export async function runGroup(register: RegisterCommands, argv: string[]): Promise<string> {
  const program = new Command().exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  register(program);
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
  return lines.join('\n');
}
