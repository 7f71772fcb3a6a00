// `train-hnn`: the HNN paper's mass-spring experiment, headless, on the same core as the app's jobs.
import fs from 'node:fs';
import { HnnJobSchema, type BackendChoice } from '../../preload/contract';
import { initBackend } from '../engine/backends';
import { HNN_DEFAULTS, trainHnn } from '../core/models/hnn/train';
import { disposeMlp } from '../core/models/hnn/mlp';
import { backendOption, intArg, positiveArg } from './options';
import { progressLine } from './progress';
import type { RegisterCommands } from './types';

interface HnnCliOptions {
  model: 'hnn' | 'baseline';
  steps: number;
  hidden: number;
  lr: number;
  seed: number;
  backend: BackendChoice;
  out?: string;
}

async function trainHnnCommand(opts: HnnCliOptions): Promise<void> {
  const config = HnnJobSchema.parse({ ...HNN_DEFAULTS, kind: 'hnn', model: opts.model, steps: opts.steps, hidden: opts.hidden, learningRate: opts.lr, seed: opts.seed });
  const backend = await initBackend(opts.backend);
  process.stderr.write(`backend: ${backend.name} (${backend.device})\n`);
  const { kind: _kind, fault: _fault, ...core } = config;
  const run = trainHnn(core);
  for (;;) {
    const next = await run.next();
    if (next.done) {
      const { model, ...result } = next.value;
      disposeMlp(model.net);
      const report = { config, backend: backend.name, device: backend.device, date: new Date().toISOString(), result };
      const text = JSON.stringify(report, null, 2);
      if (opts.out) fs.writeFileSync(opts.out, text + '\n');
      console.log(text);
      return;
    }
    const { step, trainLoss } = next.value;
    progressLine(opts.model, step, config.steps, `loss ${trainLoss.toExponential(3)}`);
  }
}

export const register: RegisterCommands = (program) => {
  program
    .command('train-hnn')
    .description('train an HNN (or the baseline MLP) on the ideal mass-spring, as in the HNN paper; prints the energy MSE')
    .option('--model <kind>', 'hnn or baseline', (v) => {
      if (v !== 'hnn' && v !== 'baseline') throw new Error('--model must be hnn or baseline');
      return v;
    }, 'hnn')
    .option('--steps <n>', 'training steps', intArg(1), HNN_DEFAULTS.steps)
    .option('--hidden <n>', 'hidden units', intArg(1, 4096), HNN_DEFAULTS.hidden)
    .option('--lr <x>', 'learning rate', positiveArg, HNN_DEFAULTS.learningRate)
    .option('--seed <n>', 'seed', intArg(0), HNN_DEFAULTS.seed)
    .addOption(backendOption())
    .option('--out <file>', 'also write the JSON report here')
    .action(trainHnnCommand);
};
