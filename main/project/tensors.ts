// Typed-array tensors: dtype + shape + values. In a file, the dtype and shape live in JSON and the values are raw
// little-endian bytes in their own zip entry.
import { ProjectError } from './errors';

export const DTYPES = ['float32', 'float64', 'int32', 'uint8'] as const;
export type DType = (typeof DTYPES)[number];

export interface TypedArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  uint8: Uint8Array;
}
export type TensorValues = TypedArrayOf[DType];

export interface Tensor {
  dtype: DType;
  shape: number[];
  values: TensorValues;
}

/** Tensor name -> tensor. Names are keys in JSON, never paths. */
export type NamedTensors = Record<string, Tensor>;

export const BYTES_PER_ELEMENT: Record<DType, number> = { float32: 4, float64: 8, int32: 4, uint8: 1 };
export const MAX_RANK = 8;
/** Never "__proto__": names become object keys. */
export const TENSOR_NAME = /^(?!__proto__$)[A-Za-z0-9_.:/-]{1,200}$/;

const CONSTRUCTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint8: Uint8Array } as const;

export function dtypeOf(values: TensorValues): DType {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Float64Array) return 'float64';
  if (values instanceof Int32Array) return 'int32';
  return 'uint8';
}

export function tensor<D extends DType>(dtype: D, shape: number[], values: TypedArrayOf[D]): Tensor {
  return { dtype, shape, values };
}

/** Element count of a shape; NaN if any dimension is not a non-negative safe integer. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) return Number.NaN;
    n *= d;
  }
  return Number.isSafeInteger(n) ? n : Number.NaN;
}

export function byteLengthOf(dtype: DType, shape: readonly number[]): number {
  return sizeOf(shape) * BYTES_PER_ELEMENT[dtype];
}

export const IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Reverses each element's bytes in place (big-endian hosts only: files are little-endian). */
export function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

/** The tensor's little-endian bytes: a view (no copy) on little-endian hosts. */
export function littleEndianBytes(t: Tensor): Uint8Array {
  const view = new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength);
  if (IS_LITTLE_ENDIAN) return view;
  const copy = view.slice();
  swapBytes(copy, BYTES_PER_ELEMENT[t.dtype]);
  return copy;
}

/** A tensor over `bytes` (little-endian, from a file); takes ownership of the buffer, no copy on little-endian hosts. */
export function tensorFromBytes(dtype: DType, shape: number[], bytes: Uint8Array): Tensor {
  if (!IS_LITTLE_ENDIAN) swapBytes(bytes, BYTES_PER_ELEMENT[dtype]);
  const Ctor = CONSTRUCTORS[dtype];
  if (bytes.byteOffset % BYTES_PER_ELEMENT[dtype] !== 0) bytes = bytes.slice();
  return { dtype, shape, values: new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / BYTES_PER_ELEMENT[dtype]) };
}

/** Index of the first NaN or infinite element, or -1. */
export function firstNonFinite(values: TensorValues): number {
  if (!(values instanceof Float32Array || values instanceof Float64Array)) return -1;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

/** Why a tensor is malformed (dtype, shape, size; and, if `finite`, NaN or Inf), or null. */
export function tensorProblem(t: Tensor, finite: boolean): { code: 'invalid' | 'non-finite'; message: string } | null {
  if (!DTYPES.includes(t.dtype)) return { code: 'invalid', message: `unknown dtype ${String(t.dtype)}` };
  if (!Array.isArray(t.shape) || t.shape.length > MAX_RANK) return { code: 'invalid', message: `shape must be a list of at most ${MAX_RANK} sizes` };
  const size = sizeOf(t.shape);
  if (Number.isNaN(size)) return { code: 'invalid', message: `bad shape [${t.shape.join(', ')}]` };
  if (!(t.values instanceof CONSTRUCTORS[t.dtype])) return { code: 'invalid', message: `values are not a ${CONSTRUCTORS[t.dtype].name} (dtype ${t.dtype})` };
  if (t.values.length !== size) return { code: 'invalid', message: `${t.values.length} values for shape [${t.shape.join(', ')}] (${size} expected)` };
  if (finite) {
    const i = firstNonFinite(t.values);
    if (i >= 0) return { code: 'non-finite', message: `value ${i} is ${t.values[i]}` };
  }
  return null;
}

/** Throws a ProjectError naming `where` and the tensor if any tensor of the group is malformed. */
export function assertTensors(tensors: NamedTensors, where: string, finite: boolean): void {
  if (typeof tensors !== 'object' || tensors === null) throw new ProjectError('invalid', `${where}: tensors must be an object`);
  for (const [name, t] of Object.entries(tensors)) {
    if (!TENSOR_NAME.test(name)) throw new ProjectError('invalid', `${where}: bad tensor name ${JSON.stringify(name.slice(0, 80))}`);
    const problem = tensorProblem(t, finite);
    if (problem) throw new ProjectError(problem.code, `${where}, tensor "${name}": ${problem.message}`);
  }
}

export function tensorsByteLength(tensors: NamedTensors): number {
  let n = 0;
  for (const t of Object.values(tensors)) n += t.values.byteLength;
  return n;
}
