// Job runner: generates a dataset from its spec, reporting progress; the result is the encoded dataset file
// (artifact 'dataset', kind 'u8', shape [byteLength]) plus its header as JSON (artifact 'dataset-header').
// No I/O: the caller writes the bytes (e.g. into the DatasetCache folder under header.specHash).
import { generateDataset } from '../core/data/generate';
import { encodeDatasetParts } from '../core/data/format';
import type { DatasetSpec } from '../core/data/spec';
import { nodeSha256 } from './node-hash';
import { artifact, log, row, type Runner } from './runner';

export type GenerateDatasetConfig = DatasetSpec;

export const generateDatasetRunner: Runner<GenerateDatasetConfig> = async function* (config, ctx) {
  const started = Date.now();
  const gen = generateDataset(config);
  for (;;) {
    if (ctx.cancelled()) {
      yield log('dataset generation cancelled', 'warn');
      return;
    }
    const step = gen.next();
    if (step.done) {
      const { parts, header, byteLength } = encodeDatasetParts(step.value, nodeSha256);
      const bytes = new Uint8Array(byteLength);
      parts.reduce((at, part) => (bytes.set(part, at), at + part.byteLength), 0);
      yield artifact('dataset-header', { kind: 'json', value: header });
      yield artifact('dataset', { kind: 'u8', shape: [bytes.byteLength], values: bytes }, true);
      const seconds = (Date.now() - started) / 1000;
      const sequences = step.value.train.count + step.value.test.count;
      return row({ sequences, bytes: bytes.byteLength, seconds, sequencesPerSecond: sequences / Math.max(seconds, 1e-9) });
    }
    const p = step.value;
    yield {
      type: 'progress',
      step: p.overallDone,
      total: p.overallTotal,
      message: `${p.split} ${p.done}/${p.total}`,
    };
  }
};
