// The fused Adam update (main/core/training/adam-step.ts) on webgpu: tfjs programs have one output, so one
// elementwise program per output (m', v', p'), each recomputing what it needs: three dispatches, one kernel.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { AdamStepAttrs } from '../../../core/training/adam-step';
import { WORKGROUP } from './kick-shader';

type ProgramUniform = Array<{ type: string; data: number[] }>;
interface WebGpuBackendLike {
  runWebGPUProgram(program: object, inputs: TensorInfo[], outputType: 'float32', uniforms?: ProgramUniform): TensorInfo;
}

const MOMENTS = `
fn firstMoment(i: i32) -> f32 { return uniforms.beta1 * m[i] + (1.0 - uniforms.beta1) * g[i]; }
fn secondMoment(i: i32) -> f32 { return uniforms.beta2 * v[i] + (1.0 - uniforms.beta2) * g[i] * g[i]; }
`;

const BODY = {
  m: 'firstMoment(index)',
  v: 'secondMoment(index)',
  p: 'p[index] - uniforms.lr * firstMoment(index) / (sqrt(secondMoment(index)) + uniforms.epsilon)',
} as const;

class AdamProgram {
  readonly variableNames = ['p', 'm', 'v', 'g'];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly uniforms = 'lr : f32, beta1 : f32, beta2 : f32, epsilon : f32,';
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  shaderKey: string;
  readonly size = true;
  constructor(
    readonly outputShape: number[],
    private readonly output: keyof typeof BODY,
  ) {
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = [Math.ceil(outputShape.reduce((a, b) => a * b, 1) / WORKGROUP), 1, 1];
    this.shaderKey = `hsAdam_${output}`;
  }
  getUserCode(): string {
    // Every binding used (WebGPU's automatic layout drops unused ones, while tfjs binds them all).
    return `${MOMENTS}
fn main(index: i32) {
  _ = p[0]; _ = m[0]; _ = v[0]; _ = g[0];
  if (index < uniforms.size) { result[index] = ${BODY[this.output]}; }
}`;
  }
}

export const adamStepWebGpu: KernelFunc = (args) => {
  const backend = args.backend as unknown as WebGpuBackendLike;
  const a = args.attrs as unknown as AdamStepAttrs;
  const inputs = args.inputs as Record<string, TensorInfo>;
  const ins = [inputs.p, inputs.m, inputs.v, inputs.g];
  const uniforms: ProgramUniform = [a.lr, a.beta1, a.beta2, a.epsilon].map((x) => ({ type: 'float32', data: [x] }));
  return (['p', 'm', 'v'] as const).map((o) => backend.runWebGPUProgram(new AdamProgram([...inputs.p.shape], o), ins, 'float32', uniforms));
};
