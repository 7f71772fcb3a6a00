// Where training batches come from: fresh samples every step (infinite data), or a finite training set drawn
// once, visited in shuffled epochs; either way with a fixed held-out test set.
import type { Density } from '../../densities/types';
import { deriveSeed, makeRng, type Rng } from '../../random';

export interface FlowDataset {
  readonly dim: number;
  /** The held-out points, row-major [n, dim]. */
  readonly test: Float32Array;
  /** The finite training set (row-major), or undefined with infinite data. */
  readonly train?: Float32Array;
  /** A batch of `size` rows: fresh samples, or the next rows of the shuffled training set. */
  nextBatch(size: number, rng: Rng): Float32Array;
}

export function infiniteData(density: Density, testSize: number, seed: number): FlowDataset {
  return {
    dim: density.dim,
    test: density.sample(testSize, makeRng(deriveSeed(seed, 'data/test'))),
    nextBatch: (size, rng) => density.sample(size, rng),
  };
}

/** Rows of a finite set, reshuffled (Fisher-Yates) each time an epoch runs out. */
function epochBatches(points: Float32Array, dim: number): (size: number, rng: Rng) => Float32Array {
  const n = points.length / dim;
  const order = Array.from({ length: n }, (_, i) => i);
  let cursor = n;
  return (size, rng) => {
    const out = new Float32Array(size * dim);
    for (let r = 0; r < size; r++) {
      if (cursor >= n) {
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(rng() * (i + 1));
          [order[i], order[j]] = [order[j], order[i]];
        }
        cursor = 0;
      }
      const k = order[cursor++];
      out.set(points.subarray(k * dim, (k + 1) * dim), r * dim);
    }
    return out;
  };
}

export function finiteData(density: Density, trainSize: number, testSize: number, seed: number): FlowDataset {
  const train = density.sample(trainSize, makeRng(deriveSeed(seed, 'data/train')));
  return {
    dim: density.dim,
    train,
    test: density.sample(testSize, makeRng(deriveSeed(seed, 'data/test'))),
    nextBatch: epochBatches(train, density.dim),
  };
}

/** Splits a fixed point set (e.g. a CSV file) into train and test at random, `testFraction` held out. */
export function splitPointSet(points: Float32Array, dim: number, testFraction: number, seed: number): FlowDataset {
  const n = points.length / dim;
  const nTest = Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = makeRng(deriveSeed(seed, 'data/split'));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const take = (idx: number[]) => {
    const out = new Float32Array(idx.length * dim);
    idx.forEach((k, r) => out.set(points.subarray(k * dim, (k + 1) * dim), r * dim));
    return out;
  };
  const train = take(order.slice(nTest));
  return { dim, train, test: take(order.slice(0, nTest)), nextBatch: epochBatches(train, dim) };
}
