export type { Density } from './types';
export { DENSITY_NAMES, type DensityName, getDensity, isDensityName } from './registry';
export { checkerboard, eightGaussians, moons, pinwheel, rings, swissRoll, twoSpirals } from './toy';
export { multimodal, rotationSymmetric } from './paper';
export { CsvError, parsePointsCsv, pointSetDensity, standardizePoints, type PointSet, type Standardized } from './csv';
export { estimateEntropy, gridPoints, logHistogram, squareGrid, targetLogDensityGrid, type Grid2 } from './statistics';
