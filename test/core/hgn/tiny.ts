// Tiny HGN configurations and synthetic frames for fast tests on the cpu backend.
import { hgnConfig, type HgnConfig } from '../../../main/core/models/hgn/config';
import type { PixelSequences } from '../../../main/core/training/sequences';
import { makeRng } from '../../../main/core/random';

/** 8x8 RGB frames, 2x2 latent with 2 channels of q and p: every stage of the paper's layout, in miniature. */
export function tinyConfig(overrides: Partial<HgnConfig> = {}): HgnConfig {
  return hgnConfig('paper', {
    imageSize: 8,
    channels: 3,
    encoderFrames: 2,
    rolloutFrames: 4,
    encoderFilters: [4, 4, 3],
    transformerFilters: [6, 4],
    hamiltonianFilters: [4, 4],
    hamiltonianKernels: [3, 2, 1],
    hamiltonianStrides: [1, 2, 1],
    hamiltonianPadding: ['same', 'same', 'same'],
    decoderFilters: [4, 3],
    batchSize: 3,
    learningRate: 1e-3,
    ...overrides,
  });
}

/**
 * A bright square moving on a dark background, one pixel per frame in a random direction: enough structure for
 * the loss to fall, trivially cheap to make.
 */
export function movingSquares(count: number, length: number, size = 8, seed = 1): PixelSequences {
  const rng = makeRng(seed);
  const channels = 3;
  const frames = new Float32Array(count * length * size * size * channels).fill(0.1);
  for (let n = 0; n < count; n++) {
    let x = Math.floor(rng() * (size - 2));
    let y = Math.floor(rng() * (size - 2));
    const dx = rng() < 0.5 ? 1 : -1;
    const dy = rng() < 0.5 ? 1 : -1;
    for (let t = 0; t < length; t++) {
      for (let j = 0; j < 2; j++) {
        for (let i = 0; i < 2; i++) {
          const px = ((n * length + t) * size + (y + j)) * size + (x + i);
          frames[px * channels] = 0.9;
          frames[px * channels + 1] = 0.6;
          frames[px * channels + 2] = 0.2;
        }
      }
      x = Math.min(size - 2, Math.max(0, x + dx));
      y = Math.min(size - 2, Math.max(0, y + dy));
    }
  }
  return { count, length, height: size, width: size, channels, frames };
}
