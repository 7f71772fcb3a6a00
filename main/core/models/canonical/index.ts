// Public surface of the canonical-transformation family (README.md in this folder).
export * from './config';
export { CanonicalFlow, STATE_PREFIX } from './model';
export type { SymplecticLayer, ForwardContext, LayerMode } from './layer';
export { ZeroCentreLayer } from './zero-centre';
export { LinearSymplecticLayer } from './linear';
export { CouplingLayer } from './coupling';
export { radiusLoss, planeRadii, angleRateTerm, type LossWeighting } from './loss';
export * from './data';
export * from './truth';
export * from './evaluate';
export * from './action-angle';
export * from './use';
export { batchJacobian, symplecticDefects } from './jacobian';
export * from './train';
export { decomposeSymplectic, decomposeUnitary, nakMatrix, kMatrix, symplecticDefect, type LinearParams } from './symplectic-matrix';
