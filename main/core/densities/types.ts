// What a target density offers the flows: seeded samples and, when known, its exact log-density.
import type { Rng } from '../random';

export interface Density {
  readonly name: string;
  readonly dim: number;
  /** `n` points drawn with `rng`, row-major [n, dim]. */
  sample(n: number, rng: Rng): Float32Array;
  /** Exact log-density (nats) at row-major points [n, dim]; -Infinity outside the support. */
  readonly logProb?: (points: Float32Array) => Float64Array;
  /** Half-width of a centred square that holds nearly all the mass: the default view box of heatmaps. */
  readonly extent: number;
  /** Entropy in nats when it has a closed form (checkerboard); else estimate it with `estimateEntropy`. */
  readonly entropy?: number;
}

/** A regular grid over a rectangle: nx * ny cell centres, row-major with y as the slow axis. */
export interface Grid2 {
  xmin: number;
  xmax: number;
  ymin: number;
  ymax: number;
  nx: number;
  ny: number;
}
