// One entry for every export of a run: what to write, into which folder. Every file is written atomically and
// stays inside `outDir`.
import fs from 'node:fs/promises';
import { writeAtomic, type JsonObject, type Project } from '../../../project';
import { metricsCsv, samplesCsv } from './csv';
import { framesOf, gifOf, pngOf } from './rollout-images';
import { outputPath, safeFileName } from './safe-path';
import { selectSaved, selectWeights } from './select';
import { exportTfjsWeights } from './tfjs-weights';

export const EXPORT_KINDS = ['weights', 'metrics', 'samples', 'rollout-png', 'rollout-gif'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportOptions {
  appVersion: string;
  /** weights: 'final' (default), 'latest' or a checkpoint id. */
  checkpoint?: string;
  /** samples / rollouts: a saved item id (default: the latest of the right kind). */
  saved?: string;
  /** rollouts: which sequence of a batch, upscaling, GIF speed. */
  sequence?: number;
  scale?: number;
  fps?: number;
}

export interface ExportResult {
  what: ExportKind;
  runId: string;
  files: string[];
  /** What was exported, for people ("checkpoint step-200", "saved rollout rollout-1 (10 frames)"). */
  source: string;
}

const write = (file: string, data: string | Uint8Array) => writeAtomic(file, [typeof data === 'string' ? Buffer.from(data) : data], { backup: false });

export async function exportRun(project: Project, runId: string, what: ExportKind, outDir: string, opts: ExportOptions): Promise<ExportResult> {
  const run = project.getRun(runId);
  const base = safeFileName(run.id, 'run');
  await fs.mkdir(outDir, { recursive: true });
  switch (what) {
    case 'weights': {
      const w = selectWeights(run, { checkpoint: opts.checkpoint });
      const metadata: JsonObject = { project: project.name, runId: run.id, kind: run.kind, label: run.label, step: w.step, source: w.source, config: run.config };
      const r = await exportTfjsWeights(w.tensors, outDir, { appVersion: opts.appVersion, baseName: base, metadata });
      return { what, runId, files: [r.modelJsonPath, r.weightsPath], source: `${w.source} (${r.tensors} tensors)` };
    }
    case 'metrics': {
      const file = outputPath(outDir, `${base}.metrics.csv`);
      await write(file, metricsCsv(run.metrics));
      return { what, runId, files: [file], source: `${run.metrics.length} metric rows` };
    }
    case 'samples': {
      const s = selectSaved(run, ['samples'], ['samples', 'trajectories'], opts.saved);
      const file = outputPath(outDir, `${base}.${safeFileName(s.item.id)}.csv`);
      await write(file, samplesCsv(s.tensor));
      return { what, runId, files: [file], source: `saved ${s.item.kind} "${s.item.id}", array "${s.name}"` };
    }
    case 'rollout-png':
    case 'rollout-gif': {
      const s = selectSaved(run, ['rollout'], ['frames', 'rollout'], opts.saved);
      const frames = framesOf(s.tensor, { sequence: opts.sequence, scale: opts.scale });
      const stem = `${base}.${safeFileName(s.item.id)}`;
      const source = `saved rollout "${s.item.id}" (${frames.count} frames, ${frames.width}x${frames.height})`;
      if (what === 'rollout-gif') {
        const file = outputPath(outDir, `${stem}.gif`);
        await write(file, gifOf(frames, opts.fps ?? (typeof s.item.meta.fps === 'number' ? s.item.meta.fps : 8)));
        return { what, runId, files: [file], source };
      }
      const files: string[] = [];
      const digits = String(frames.count - 1).length;
      for (let i = 0; i < frames.count; i++) {
        const file = outputPath(outDir, `${stem}.${String(i).padStart(Math.max(3, digits), '0')}.png`);
        await write(file, pngOf(frames, i));
        files.push(file);
      }
      return { what, runId, files, source };
    }
  }
}

export { csvCell, metricsCsv, samplesCsv } from './csv';
export { framesOf, gifOf, pngOf, type Frames } from './rollout-images';
export { exportTfjsWeights, type TfjsModelJson } from './tfjs-weights';
