// The named target densities a user can pick, by the names the CLI and the job config use.
import { multimodal, rotationSymmetric } from './paper';
import { checkerboard, eightGaussians, moons, pinwheel, rings, swissRoll, twoSpirals } from './toy';
import type { Density } from './types';
import { DENSITY_NAMES, type DensityName } from './names';

export { DENSITY_NAMES, type DensityName };

const DENSITIES: Record<DensityName, Density> = {
  '8gaussians': eightGaussians,
  checkerboard,
  rings,
  moons,
  pinwheel,
  '2spirals': twoSpirals,
  swissroll: swissRoll,
  rotsym: rotationSymmetric,
  multimodal,
};

export function isDensityName(name: string): name is DensityName {
  return (DENSITY_NAMES as readonly string[]).includes(name);
}

export function getDensity(name: string): Density {
  if (!isDensityName(name)) throw new Error(`unknown density "${name}" (known: ${DENSITY_NAMES.join(', ')})`);
  return DENSITIES[name];
}
