// log I0(z), the modified Bessel function, for ring densities (a circle blurred by an isotropic Gaussian).
// Abramowitz & Stegun 9.8.1 and 9.8.2: relative error below 2e-7, and no overflow at large z.

export function logBesselI0(z: number): number {
  const x = Math.abs(z);
  if (x < 3.75) {
    const t = (x / 3.75) ** 2;
    return Math.log(
      1 + t * (3.5156229 + t * (3.0899424 + t * (1.2067492 + t * (0.2659732 + t * (0.0360768 + t * 0.0045813))))),
    );
  }
  const u = 3.75 / x;
  const poly =
    0.39894228 +
    u * (0.01328592 + u * (0.00225319 + u * (-0.00157565 + u * (0.00916281 +
    u * (-0.02057706 + u * (0.02635537 + u * (-0.01647633 + u * 0.00392377)))))));
  return x - 0.5 * Math.log(x) + Math.log(poly);
}

/**
 * Log-density at (x, y) of a point drawn uniformly on the circle of radius r, plus N(0, sigma^2 I) noise:
 * (1 / 2 pi sigma^2) exp(-(rho^2 + r^2) / 2 sigma^2) I0(rho r / sigma^2).
 */
export function logBlurredCircle(x: number, y: number, r: number, sigma: number): number {
  const s2 = sigma * sigma;
  const rho = Math.hypot(x, y);
  return -Math.log(2 * Math.PI * s2) - (rho * rho + r * r) / (2 * s2) + logBesselI0((rho * r) / s2);
}
