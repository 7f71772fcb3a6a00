// A named set of trainable variables with seeded initialisation.
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, gaussian, makeRng } from '../random';
import { readTensors, writeVariables, type NamedArrays } from './named-arrays';

export type Init =
  /** U(-l, l) with l = gain * sqrt(3 / fanIn): He-uniform for gain sqrt(2) (ReLU), LeCun-uniform for gain 1. */
  | { kind: 'fan-in-uniform'; fanIn: number; gain: number }
  /** N(0, std^2). */
  | { kind: 'normal'; std: number }
  | { kind: 'constant'; value: number };

let storeCounter = 0;

/**
 * Variables keyed by a logical name ("encoder.0.w"). tfjs registers variables engine-wide by name, so each store
 * prefixes its own unique id: two models (a loaded checkpoint next to a live one) never clash.
 */
export class ParamStore {
  readonly vars: Record<string, tf.Variable> = {};
  private readonly prefix = `p${++storeCounter}_`;

  constructor(private readonly seed: number) {}

  /** The seed of each parameter depends only on the store's seed and the parameter's name. */
  add(name: string, shape: number[], init: Init): tf.Variable {
    if (this.vars[name]) throw new Error(`parameter "${name}" defined twice`);
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    const rng = makeRng(deriveSeed(this.seed, name));
    if (init.kind === 'fan-in-uniform') {
      const limit = init.gain * Math.sqrt(3 / init.fanIn);
      for (let i = 0; i < size; i++) values[i] = (2 * rng() - 1) * limit;
    } else if (init.kind === 'normal') {
      for (let i = 0; i < size; i++) values[i] = gaussian(rng) * init.std;
    } else {
      values.fill(init.value);
    }
    const initial = tf.tensor(values, shape, 'float32');
    const v = tf.variable(initial, true, this.prefix + name);
    initial.dispose(); // the variable holds its own reference to the data
    this.vars[name] = v;
    return v;
  }

  get(name: string): tf.Variable {
    const v = this.vars[name];
    if (!v) throw new Error(`no parameter "${name}"`);
    return v;
  }

  names(): string[] {
    return Object.keys(this.vars);
  }

  list(): tf.Variable[] {
    return Object.values(this.vars);
  }

  count(): number {
    return this.list().reduce((n, v) => n + v.size, 0);
  }

  read(): Promise<NamedArrays> {
    return readTensors(this.vars);
  }

  /** Assigns every parameter (or only `only`) from arrays of the same names and shapes. */
  write(arrays: NamedArrays, only?: string[]): void {
    const vars = only ? Object.fromEntries(only.map((n) => [n, this.get(n)])) : this.vars;
    writeVariables(vars, arrays);
  }

  dispose(): void {
    for (const v of this.list()) v.dispose();
  }
}
