import type { RegisterCommands } from './types';

/** Every command group of the CLI, in the order `--help` lists them. */
export const COMMAND_GROUPS: RegisterCommands[] = [];
