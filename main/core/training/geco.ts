// GECO (Rezende & Viola 2018) as the ReScience HGN replication ran it: the reconstruction error is a
// constraint C = mse - tolerance^2 with a Lagrange multiplier lambda, updated from a moving average of C.
// Loss = KL + lambda * C; lambda <- lambda * exp(lambdaStep * C_ma), clamped.

export interface GecoOptions {
  /** Moving-average factor of the constraint (RS: 0.99). */
  alpha: number;
  /** Tolerated per-pixel error; the constraint is on its square, mean squared error <= tolerance^2 (RS: 3.3e-2). */
  tolerance: number;
  /** Initial multiplier (RS: 1). */
  lambdaInit: number;
  /** Multiplier step nu in lambda *= exp(nu * C_ma) (RS: 0.1). */
  lambdaStep: number;
  lambdaMin?: number;
  lambdaMax?: number;
}

export interface GecoState {
  lambda: number;
  /** Moving average of the constraint; null before the first step. */
  cMa: number | null;
}

export function initialGeco(options: GecoOptions): GecoState {
  return { lambda: options.lambdaInit, cMa: null };
}

export function gecoConstraint(mse: number, options: GecoOptions): number {
  return mse - options.tolerance * options.tolerance;
}

/** The state after a step whose reconstruction error was `mse`: lambda grows while the constraint is violated. */
export function gecoUpdate(state: GecoState, mse: number, options: GecoOptions): GecoState {
  const c = gecoConstraint(mse, options);
  const cMa = state.cMa === null ? c : options.alpha * state.cMa + (1 - options.alpha) * c;
  const lo = options.lambdaMin ?? 1e-10;
  const hi = options.lambdaMax ?? 1e10;
  const lambda = Math.min(hi, Math.max(lo, state.lambda * Math.exp(options.lambdaStep * cMa)));
  return { lambda, cMa };
}
