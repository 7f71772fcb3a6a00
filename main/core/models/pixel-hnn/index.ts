// The PixelHNN baseline's public surface.
export { PIXEL_HNN_DEFAULTS, pixelHnnConfig, type PixelHnnConfig } from './config';
export { createPixelHnn, disposePixelHnn, encodePairs, decodePairs, vectorField, type PixelHnnModel } from './model';
export { PixelHnnTrainer, pairBatch, pixelHnnLoss, type PixelHnnEvent, type PixelHnnLosses, type PixelHnnTrainOptions } from './train';
export { evaluatePixelHnn, pixelHnnLatentRollouts, rolloutPixelHnn, type PixelHnnEvaluation, type PixelHnnEvalOptions, type PixelHnnRollout } from './evaluate';
