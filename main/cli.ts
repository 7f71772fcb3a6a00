// Headless entry: `hamiltonian-studio <command>`. No electron import; jobs run on the same core as the app.
import { Command, CommanderError } from 'commander';
import { version } from '../package.json';
import { COMMAND_GROUPS } from './cli/commands';

export function buildProgram(): Command {
  const program = new Command()
    .name('hamiltonian-studio')
    .description('Hamiltonian Studio: HGN, Hamiltonian flows and HNNs, headless.')
    .version(version)
    // A usage error prints the usage of the command it concerns (to stderr), then exits non-zero.
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMAND_GROUPS) register(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  // Commander prints its own usage errors; an error of its kind thrown from inside a command (e.g. a bad value
  // found while the command runs) it does not, and that must not end in a silent exit 1.
  let printed = false;
  const program = buildProgram();
  const errorOutput = (str: string, write: (s: string) => void) => {
    printed = true;
    write(str);
  };
  const wire = (cmd: typeof program): void => {
    cmd.configureOutput({ outputError: errorOutput });
    cmd.commands.forEach(wire);
  };
  wire(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      const shown = printed || err.exitCode === 0 || err.code.startsWith('commander.help') || err.code === 'commander.version';
      if (!shown) console.error(`error: ${err.message}`);
      return err.exitCode;
    }
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
