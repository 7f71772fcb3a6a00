// The names of the target densities (registry.ts holds the densities): plain constants, so the job schemas can
// offer them without loading the densities.
export const DENSITY_NAMES = [
  '8gaussians',
  'checkerboard',
  'rings',
  'moons',
  'pinwheel',
  '2spirals',
  'swissroll',
  'rotsym',
  'multimodal',
] as const;
export type DensityName = (typeof DENSITY_NAMES)[number];
