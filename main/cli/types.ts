import type { Command } from 'commander';

/** Each command file exports one of these; `main/cli.ts` calls them all. */
export type RegisterCommands = (program: Command) => void;
