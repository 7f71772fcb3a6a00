// The registry of systems by id, in the order the UI lists them (the four HGN systems first).
import type { HamiltonianSystem, SystemId } from '../types';
import { SYSTEM_IDS } from '../types';
import { massSpring } from './mass-spring';
import { pendulum } from './pendulum';
import { twoBody, threeBody } from './n-body';
import { doublePendulum } from './double-pendulum';
import { fput } from './fput';
import { kepler } from './kepler';
import { withFriction } from './friction';

export const SYSTEMS: Readonly<Record<SystemId, HamiltonianSystem>> = Object.freeze({
  'mass-spring': massSpring,
  pendulum,
  'two-body': twoBody,
  'three-body': threeBody,
  'double-pendulum': doublePendulum,
  'mass-spring-friction': withFriction(massSpring, 'mass-spring-friction', 'Mass-spring with friction'),
  'pendulum-friction': withFriction(pendulum, 'pendulum-friction', 'Pendulum with friction'),
  fput,
  kepler,
});

export function isSystemId(id: string): id is SystemId {
  return (SYSTEM_IDS as readonly string[]).includes(id);
}

/** The system with this id, or a clear error listing the known ids. */
export function getSystem(id: string): HamiltonianSystem {
  if (!isSystemId(id)) throw new Error(`unknown system '${id}' (known: ${SYSTEM_IDS.join(', ')})`);
  return SYSTEMS[id];
}
