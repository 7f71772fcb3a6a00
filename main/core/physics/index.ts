// Public surface of the physics core: systems, parameters, simulation, rendering.
export * from './types';
export { SYSTEMS, getSystem, isSystemId } from './systems';
export { resolveParams, resolveSampling, energy } from './params';
export { makeSimulator, simulate, type SimulateOptions, type Simulator } from './simulate';
export { totalMomentum, angularMomentum, keplerInvariants, keplerVectors3, type KeplerInvariants } from './invariants';
export {
  makeRenderer,
  checkImageSize,
  MIN_IMAGE_SIZE,
  MAX_IMAGE_SIZE,
  type FrameRenderer,
  type RenderOptions,
} from './render/renderer';
export { RENDER_STYLES, type RenderStyle } from './render/palette';
export { projectX, projectY, type Projection } from './render/projection';
