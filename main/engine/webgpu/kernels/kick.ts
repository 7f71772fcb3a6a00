// The energy kick's kernels on the webgpu backend: the programs of kick-shader.ts run through tfjs-webgpu's
// runWebGPUProgram (its buffer pool, uniforms and pipeline cache). Forward: one dispatch. Backward: one dispatch
// for the per-sample gradients, one summing the weight gradient over the batch, one per input part.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { specFromAttrs, type KickAttrs, type KickSpec } from '../../../core/nn/energy-kick';
import {
  WORKGROUP,
  backwardRowSize,
  kickBackwardSource,
  kickForwardSource,
  kickGeometry,
  partOfRowsSource,
  sumRowsSource,
  workgroupFloats,
  type KickGeometry,
} from './kick-shader';

type ProgramUniform = Array<{ type: string; data: number[] }>;

/** What the kernels use of tfjs-webgpu's WebGPUBackend. */
interface WebGpuBackendLike {
  device: GPUDevice;
  runWebGPUProgram(program: object, inputs: TensorInfo[], outputType: 'float32', uniforms?: ProgramUniform): TensorInfo;
  disposeData(dataId: object): boolean;
}

/** A tfjs-webgpu program with generated code; made per call (tfjs rewrites its dispatch and key), code cached. */
class Program {
  readonly dispatchLayout: { x: number[] };
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  dispatch: [number, number, number];
  constructor(
    public shaderKey: string,
    readonly outputShape: number[],
    readonly variableNames: string[],
    private readonly code: string,
    workgroups: number,
    readonly uniforms?: string,
  ) {
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = [workgroups, 1, 1];
  }
  getUserCode(): string {
    // WebGPU's automatic layout keeps only the bindings a shader uses, while tfjs binds every input and the
    // uniforms: a phony use of each keeps the layouts equal whatever the generated code happens to read.
    const uses = [...this.variableNames.map((v) => `_ = ${v}[0];`), '_ = uniforms.NAN;'].join(' ');
    return this.code.replace(/fn main\(index: i32\) \{/, (m) => `${m}\n  ${uses}`);
  }
}

const sources = new Map<string, string>();
function cached(key: string, make: () => string): string {
  let s = sources.get(key);
  if (s === undefined) {
    s = make();
    sources.set(key, s);
  }
  return s;
}

const KICK_UNIFORMS = 'coef : f32, prior : f32,';
const uniformsOf = (a: KickAttrs): ProgramUniform => [
  { type: 'float32', data: [a.coef] },
  { type: 'float32', data: [a.prior] },
];

function geometryOf(attrs: KickAttrs, x0: TensorInfo): { spec: KickSpec; geo: KickGeometry; key: string } {
  const spec = specFromAttrs(attrs);
  const [, height, width] = x0.shape;
  const key = `${attrs.layers.join(',')}|${attrs.parts.join(',')}|${attrs.wrt}|${height}x${width}`;
  return { spec, geo: kickGeometry(spec, height, width), key };
}

/** Whether this device's workgroup memory holds the network's activations (else the composed ops run). */
export function kickFits(limits: { maxComputeWorkgroupStorageSize: number }, spec: KickSpec, height: number, width: number): boolean {
  const geo = kickGeometry(spec, height, width);
  return workgroupFloats(geo, 'backward') * 4 <= limits.maxComputeWorkgroupStorageSize;
}

function partsOf(inputs: Record<string, TensorInfo | undefined>, attrs: KickAttrs): TensorInfo[] {
  return attrs.parts.map((_, j) => {
    const t = inputs[`x${j}`];
    if (!t) throw new Error(`webgpu kick: missing input x${j}`);
    return t;
  });
}

export const kickForwardWebGpu: KernelFunc = (args) => {
  const backend = args.backend as unknown as WebGpuBackendLike;
  const attrs = args.attrs as unknown as KickAttrs;
  const inputs = args.inputs as Record<string, TensorInfo | undefined>;
  const parts = partsOf(inputs, attrs);
  const packed = inputs.packed!;
  const target = inputs.target ?? null;
  const { geo, key } = geometryOf(attrs, parts[0]);
  const names = [...parts.map((_, j) => `x${j}`), 'packed', ...(target ? ['tgt'] : [])];
  const code = cached(`fwd|${key}|${target != null}`, () => kickForwardSource(geo, target != null));
  const [batch] = parts[0].shape;
  const outShape = [...parts[attrs.wrt].shape];
  const program = new Program(`hsKickFwd_${key}_${target != null}`, outShape, names, code, batch, KICK_UNIFORMS);
  return backend.runWebGPUProgram(program, [...parts, packed, ...(target ? [target] : [])], 'float32', uniformsOf(attrs));
};

export const kickBackwardWebGpu: KernelFunc = (args) => {
  const backend = args.backend as unknown as WebGpuBackendLike;
  const attrs = args.attrs as unknown as KickAttrs;
  const inputs = args.inputs as Record<string, TensorInfo | undefined>;
  const parts = partsOf(inputs, attrs);
  const packed = inputs.packed!;
  const dy = inputs.dy!;
  const { geo, key } = geometryOf(attrs, parts[0]);
  const [batch] = parts[0].shape;
  const row = backwardRowSize(geo);
  const names = [...parts.map((_, j) => `x${j}`), 'packed', 'dy'];
  const rows = backend.runWebGPUProgram(
    new Program(`hsKickBwd_${key}`, [batch, row], names, cached(`bwd|${key}`, () => kickBackwardSource(geo)), batch, KICK_UNIFORMS),
    [...parts, packed, dy],
    'float32',
    uniformsOf(attrs),
  );
  try {
    const zSize = geo.height * geo.width * geo.channels;
    const sumKey = `sum|${key}|${batch}`;
    const dPacked = backend.runWebGPUProgram(
      new Program(`hsKickSum_${sumKey}`, [geo.packedSize], ['rows'], cached(sumKey, () => sumRowsSource(batch, row, zSize, geo.packedSize)), Math.ceil(geo.packedSize / WORKGROUP)),
      [rows],
      'float32',
    );
    const dParts = parts.map((p, j) => {
      const partKey = `part${j}|${key}|${batch}`;
      const size = p.shape.reduce((a, b) => a * b, 1);
      return backend.runWebGPUProgram(
        new Program(`hsKickPart_${partKey}`, [...p.shape], ['rows'], cached(partKey, () => partOfRowsSource(geo, j, batch)), Math.ceil(size / WORKGROUP)),
        [rows],
        'float32',
      );
    });
    return [...dParts, dPacked];
  } finally {
    backend.disposeData(rows.dataId);
  }
};
