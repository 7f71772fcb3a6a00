// The whole HGN: encoder -> transformer -> (q, p) -> latent integrator with H_gamma -> decoder(q) per step.
import * as tf from '@tensorflow/tfjs-core';
import { ParamStore } from '../../training/params';
import { validateHgnConfig, type HgnConfig } from './config';
import { makeDecoder, decode, type Decoder } from './decoder';
import { encode, klDivergence, makeEncoder, samplePosterior, type Encoder, type Posterior } from './encoder';
import type { Hamiltonian } from './hamiltonian';
import { asHamiltonian, makeHamiltonianNet, type HamiltonianNet } from './hamiltonian-net';
import { trajectory, type IntegratorOptions, type State } from './integrators';
import { makeTransformer, toPhaseState, type Transformer } from './transformer';

export interface HgnModel {
  config: HgnConfig;
  params: ParamStore;
  encoder: Encoder;
  transformer: Transformer;
  hamiltonianNet: HamiltonianNet;
  hamiltonian: Hamiltonian;
  decoder: Decoder;
}

/** Builds the model; weights come from config.seed (or `seed`), so equal seeds give equal models everywhere. */
export function createHgn(config: HgnConfig, seed = config.seed): HgnModel {
  validateHgnConfig(config);
  const params = new ParamStore(seed);
  const encoder = makeEncoder(params, config);
  const transformer = makeTransformer(params, config);
  const hamiltonianNet = makeHamiltonianNet(params, config);
  const decoder = makeDecoder(params, config);
  return { config, params, encoder, transformer, hamiltonianNet, hamiltonian: asHamiltonian(hamiltonianNet, config.hamiltonianHarmonicPrior), decoder };
}

export function disposeHgn(m: HgnModel): void {
  m.params.dispose();
}

export function integratorOptions(c: HgnConfig, dt = c.dt): IntegratorOptions {
  return { method: c.integrator, dt, leapfrogIterations: c.leapfrogIterations };
}

export interface Inference {
  posterior: Posterior;
  z: tf.Tensor4D;
  state: State;
}

/** Encoder input [batch, size, size, channels * k] -> posterior, its sample (or mean) and the initial state. */
export function infer(m: HgnModel, input: tf.Tensor4D, sampleSeed: number | null): Inference {
  const posterior = encode(m.encoder, input);
  const z = samplePosterior(posterior, sampleSeed);
  return { posterior, z, state: toPhaseState(m.transformer, z) };
}

/** Decodes the q of every state in one batched decoder call: [states * batch, size, size, channels], time-major. */
export function decodeStates(m: HgnModel, states: State[]): tf.Tensor4D {
  const qs = tf.concat(states.map((s) => s.q), 0) as tf.Tensor4D;
  return decode(m.decoder, qs);
}

export interface HgnForward {
  posterior: Posterior;
  states: State[];
  /** [(steps + 1) * batch, size, size, channels], step-major: frame t of sequence b at row t * batch + b (with
   *  `decode`, the i-th listed step's frames at rows i * batch + b). */
  frames: tf.Tensor4D;
}

/** The training forward pass: infer the state, integrate `steps` steps of dt, decode every q (or the states at
 *  the steps `decode` lists, ascending: the rollout then stops at the last of them). */
export function forward(
  m: HgnModel,
  input: tf.Tensor4D,
  options: { steps: number; dt?: number; sampleSeed: number | null; decode?: number[] },
): HgnForward {
  const { posterior, state } = infer(m, input, options.sampleSeed);
  const steps = options.decode ? Math.min(options.steps, Math.max(...options.decode)) : options.steps;
  const states = trajectory(m.hamiltonian, state, steps, integratorOptions(m.config, options.dt));
  return { posterior, states, frames: decodeStates(m, options.decode ? options.decode.map((t) => states[t]) : states) };
}

export { klDivergence };
