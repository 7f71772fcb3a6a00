// Weights in TensorFlow.js's format: model.json with a weightsManifest, plus one .bin of the tensors'
// little-endian bytes in manifest order. Loadable with tf.io.weightsLoaderFactory / tf.io.decodeWeights (these
// models are not Keras layers, so there is no modelTopology for tf.loadLayersModel). tfjs has no float64 or
// uint8 weights: those become float32 and int32.
import { littleEndianBytes, writeAtomic, type NamedTensors, type Tensor } from '../../../project';
import type { JsonObject } from '../../../project';
import { outputPath } from './safe-path';

export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
}

export interface TfjsModelJson {
  format: 'hamiltonian-studio-weights';
  generatedBy: string;
  convertedBy: null;
  weightsManifest: Array<{ paths: string[]; weights: TfjsWeightSpec[] }>;
  userDefinedMetadata: JsonObject;
}

/** The tensor as tfjs stores it (float64 -> float32, uint8 -> int32). */
function tfjsTensor(t: Tensor): Tensor {
  if (t.dtype === 'float64') return { dtype: 'float32', shape: t.shape, values: Float32Array.from(t.values as Float64Array) };
  if (t.dtype === 'uint8') return { dtype: 'int32', shape: t.shape, values: Int32Array.from(t.values as Uint8Array) };
  return t;
}

export interface TfjsExport {
  modelJsonPath: string;
  weightsPath: string;
  bytes: number;
  tensors: number;
}

export async function exportTfjsWeights(tensors: NamedTensors, outDir: string, meta: { appVersion: string; baseName?: string; metadata: JsonObject }): Promise<TfjsExport> {
  const base = meta.baseName ?? 'model';
  const binName = `${base}.weights.bin`;
  const converted = Object.entries(tensors).map(([name, t]) => ({ name, t: tfjsTensor(t) }));
  const modelJson: TfjsModelJson = {
    format: 'hamiltonian-studio-weights',
    generatedBy: `Hamiltonian Studio ${meta.appVersion}`,
    convertedBy: null,
    weightsManifest: [{ paths: [binName], weights: converted.map(({ name, t }) => ({ name, shape: [...t.shape], dtype: t.dtype as 'float32' | 'int32' })) }],
    userDefinedMetadata: meta.metadata,
  };
  const weightsPath = outputPath(outDir, binName);
  // Streamed from the tensors' own memory: a large checkpoint is not copied into one buffer first.
  const bytes = await writeAtomic(weightsPath, (async function* () {
    for (const { t } of converted) yield littleEndianBytes(t);
  })(), { backup: false });
  const modelJsonPath = outputPath(outDir, `${base}.json`);
  await writeAtomic(modelJsonPath, [Buffer.from(JSON.stringify(modelJson, null, 2) + '\n')], { backup: false });
  return { modelJsonPath, weightsPath, bytes, tensors: converted.length };
}
