// `train-hnn`: the HNN paper's mass-spring experiment, headless, on the same core as the app's jobs. Its options
// are the HNN job's fields (preload/jobs/hnn.ts).
import { HnnJobSchema, type BackendChoice } from '../../preload/contract';
import { initBackend } from '../engine/backends';
import { writeFileAtomicSync } from '../files/atomic';
import { runHnn } from '../jobs/hnn';
import { makeRng } from '../core/random';
import { backendOption } from './options';
import { progressLine } from './progress';
import { addSchemaOptions, schemaValues } from './schema-options';
import type { RegisterCommands } from './types';

const SHAPE = HnnJobSchema.shape;

async function trainHnnCommand(opts: Record<string, unknown> & { backend: BackendChoice; out?: string }): Promise<void> {
  const config = HnnJobSchema.parse({ kind: 'hnn', ...schemaValues(opts, SHAPE) });
  const backend = await initBackend(opts.backend);
  process.stderr.write(`backend: ${backend.name} (${backend.device})\n`);
  const run = runHnn(config, { cancelled: () => false, rng: makeRng(config.seed) });
  for (;;) {
    const next = await run.next();
    if (next.done) {
      const r = next.value ?? {};
      const result = { trainLoss: r.train_loss, testLoss: r.test_loss, energyMse: r.energy_mse };
      const report = { config, backend: backend.name, device: backend.device, date: new Date().toISOString(), result };
      const text = JSON.stringify(report, null, 2);
      if (opts.out) writeFileAtomicSync(opts.out, text + '\n', 0o644);
      console.log(text);
      return;
    }
    const ev = next.value;
    if (ev.type === 'metrics' && ev.values.train_loss !== undefined) progressLine(config.model, ev.step, config.steps, `loss ${ev.values.train_loss.toExponential(3)}`);
  }
}

export const register: RegisterCommands = (program) => {
  addSchemaOptions(
    program.command('train-hnn').description('train an HNN (or the baseline MLP) on the ideal mass-spring, as in the HNN paper; prints the energy MSE'),
    SHAPE,
  )
    .addOption(backendOption())
    .option('--out <file>', 'also write the JSON report here')
    .action(trainHnnCommand);
};
