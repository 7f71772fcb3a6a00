import type { RegisterCommands } from './types';
import { register as serve } from './serve';
import { register as hnn } from './hnn';
import { register as flows } from './flows';
import { register as generate } from './generate';
import { register as project } from './project';
import { register as hgn } from './hgn';
import { register as canonical } from './canonical';
import { register as sweep } from './sweep';

/** Every command group of the CLI, in the order `--help` lists them. */
export const COMMAND_GROUPS: RegisterCommands[] = [serve, generate, hnn, hgn, flows, canonical, project, sweep];
