// `open PATH` (validate a project file and summarise it) and `export PATH --run ID --what KIND --out DIR`.
import fs from 'node:fs';
import { InvalidArgumentError, Option } from 'commander';
import { version } from '../../package.json';
import { ProjectError, readProject, summarizeProject, type ProjectSummary } from '../project';
import { EXPORT_KINDS, exportRun, type ExportKind, type ExportResult } from '../services/projects';
import { intArg, positiveArg } from './options';
import type { RegisterCommands } from './types';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) (v /= 1024), u++;
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, j) => Math.max(...rows.map((r) => r[j].length))) ?? [];
  return rows.map((r) => '  ' + r.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd());
}

export function formatSummary(s: ProjectSummary, file: string, fileBytes: number): string {
  const migrated = s.readFromVersion !== null && s.readFromVersion < 2 ? ` (migrated from format ${s.readFromVersion})` : '';
  const lines = [
    `${s.name}`,
    `  file ${file}, ${formatBytes(fileBytes)}; arrays ${formatBytes(s.tensorBytes)}`,
    `  format ${s.readFromVersion}${migrated}, last saved by Hamiltonian Studio ${s.appVersion}`,
    `  created ${s.createdAt}, modified ${s.modifiedAt}`,
    `datasets (${s.datasets.length})`,
    ...table(s.datasets.map((d) => [d.id, d.name, d.system ? `system ${d.system}` : '', d.embeddedBytes ? `data ${formatBytes(d.embeddedBytes)}` : 'spec only'])),
    `runs (${s.runs.length})`,
    ...table(
      s.runs.map((r) => [
        r.id, r.kind, r.status, r.backend ?? '-', `step ${r.step}/${r.total}`, `${r.metricRows} metric rows`, `${r.checkpoints} checkpoints`,
        `${r.saved} saved`, `${r.weightTensors} tensors, ${r.parameters} parameters`, formatBytes(r.bytes),
      ]),
    ),
  ];
  return lines.join('\n');
}

/** Validates the file fully and returns the summary (text, or JSON with `json`). */
export async function openCommand(file: string, opts: { json?: boolean } = {}): Promise<string> {
  const project = await readProject(file);
  const summary = summarizeProject(project);
  const bytes = fs.statSync(file).size;
  return opts.json ? JSON.stringify({ file, fileBytes: bytes, ...summary }, null, 2) : formatSummary(summary, file, bytes);
}

export interface ExportCommandOptions {
  run: string;
  what: ExportKind;
  out: string;
  checkpoint?: string;
  saved?: string;
  sequence?: number;
  scale?: number;
  fps?: number;
}

export async function exportCommand(file: string, opts: ExportCommandOptions): Promise<ExportResult> {
  const project = await readProject(file);
  return exportRun(project, opts.run, opts.what, opts.out, { appVersion: version, ...opts });
}

/** A project error names the file and its code; anything else is passed on as is. */
function explain(file: string, e: unknown): never {
  if (e instanceof ProjectError) throw new Error(`${e.message.includes(file) ? '' : `${file}: `}${e.message} [${e.code}]`);
  throw e;
}

export const register: RegisterCommands = (program) => {
  program
    .command('open')
    .description('validate a project file (.hsproj) and print a summary of its datasets and runs')
    .argument('<path>', 'project file')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      console.log(await openCommand(file, opts).catch((e: unknown) => explain(file, e)));
    });
  program
    .command('export')
    .description('export a run of a project: weights (TensorFlow.js model.json + .bin), metrics or samples (CSV), a rollout (PNG sequence or GIF)')
    .argument('<path>', 'project file')
    .requiredOption('--run <id>', 'run id (see `open`)')
    .addOption(new Option('--what <kind>', 'what to export').choices(EXPORT_KINDS).makeOptionMandatory())
    .requiredOption('--out <dir>', 'output folder (created if needed)')
    .option('--checkpoint <id>', "weights: 'final' (default), 'latest' or a checkpoint id")
    .option('--saved <id>', 'samples / rollouts: a saved item id (default: the latest)')
    .option('--sequence <n>', 'rollouts: which sequence of a batch', intArg(0))
    .option('--scale <n>', 'rollouts: integer upscaling', intArg(1, 64))
    .option('--fps <x>', 'GIF frames per second', (v: string) => {
      const x = positiveArg(v);
      if (x > 50) throw new InvalidArgumentError('expected at most 50.');
      return x;
    })
    .action(async (file: string, opts: ExportCommandOptions) => {
      const r = await exportCommand(file, opts).catch((e: unknown) => explain(file, e));
      console.log(`exported ${r.what} of run ${r.runId} from ${r.source}:`);
      for (const f of r.files) console.log(`  ${f}`);
    });
};
