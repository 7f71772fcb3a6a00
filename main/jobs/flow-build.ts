// From a resolved flow config to what training needs: the data (named density or CSV split), the model (the
// Hamiltonian flow or the RealNVP baseline) and the symmetry generators. Shared by the runner, the CLI and benches.
import { getDensity, parsePointsCsv, pointSetDensity, standardizePoints, type Density } from '../core/densities';
import { finiteData, infiniteData, splitPointSet, type FlowDataset } from '../core/models/flows/data';
import { generatorsFor, type SymmetryGenerator } from '../core/models/flows/generators';
import { HamiltonianFlow } from '../core/models/flows/hamiltonian-flow';
import type { DensityModel } from '../core/models/flows/model';
import { RealNvp } from '../core/models/flows/realnvp';
import type { FlowJobConfig } from '../../preload/contract';

export interface FlowData {
  density: Density;
  data: FlowDataset;
  /** CSV standardisation: original = x * scale + shift (identity for named densities). */
  transform: { shift: number[]; scale: number };
  /**
   * log |det| of the map from the data to the standardised points the model is trained on (dim x -log scale): a
   * log-likelihood of the model plus this is one in the units of the user's data (0 for named densities).
   */
  logDet: number;
}

/** log |d standardised / d data| of a standardisation (see FlowData.logDet). */
export function standardisationLogDet(transform: { scale: number }, dim: number): number {
  return -dim * Math.log(transform.scale);
}

/** A user's points (CSV text) in the model's standardised coordinates: (x - shift) / scale, row-major [N, dim]. */
export function standardisedPoints(csvText: string, transform: { shift: number[]; scale: number }): { points: Float32Array; dim: number; count: number } {
  const set = parsePointsCsv(csvText);
  if (set.dim !== transform.shift.length) throw new Error(`the file has ${set.dim} columns, the model was trained on ${transform.shift.length}`);
  const points = new Float32Array(set.points.length);
  for (let i = 0; i < set.count; i++) for (let j = 0; j < set.dim; j++) points[i * set.dim + j] = (set.points[i * set.dim + j] - transform.shift[j]) / transform.scale;
  return { points, dim: set.dim, count: set.count };
}

export function buildFlowData(c: FlowJobConfig): FlowData {
  if (c.density === 'csv') {
    const set = parsePointsCsv(c.csvText);
    const std = c.csvStandardize ? standardizePoints(set) : { points: set.points, shift: new Array<number>(set.dim).fill(0), scale: 1 };
    const density = pointSetDensity({ ...set, points: std.points });
    const transform = { shift: std.shift, scale: std.scale };
    return { density, data: splitPointSet(std.points, set.dim, c.testFraction, c.seed), transform, logDet: standardisationLogDet(transform, set.dim) };
  }
  const density = getDensity(c.density);
  const data = c.trainSize > 0 ? finiteData(density, c.trainSize, c.testSize, c.seed) : infiniteData(density, c.testSize, c.seed);
  return { density, data, transform: { shift: new Array<number>(density.dim).fill(0), scale: 1 }, logDet: 0 };
}

export function buildFlowModel(c: FlowJobConfig, dim: number): DensityModel {
  if (c.model === 'realnvp') return new RealNvp({ dim, layers: c.realnvpLayers, hidden: c.hidden }, c.seed);
  return new HamiltonianFlow(
    {
      dim,
      hamiltonians: c.hamiltonians,
      leapfrogSteps: c.leapfrogSteps,
      hidden: c.hidden,
      kineticPrior: c.kineticPrior,
      potentialPrior: c.potentialPrior,
      dt: c.dt,
      learnDt: c.learnDt,
      dtMax: c.dtMax,
      base: c.base,
      softUniformWidth: c.softUniformWidth,
      softUniformSharpness: c.softUniformSharpness,
      baseComponents: c.baseComponents,
    },
    c.seed,
  );
}

export function buildGenerators(c: FlowJobConfig, dim: number): SymmetryGenerator[] {
  // The constraint makes H symmetric; the density is symmetric only if the base is too (EHF lemma 1).
  if (c.model === 'hamiltonian' && c.constraint !== 'none' && c.base === 'mixture') {
    throw new Error('A symmetry constraint needs a symmetric base density: use the normal base, not the learned mixture (its modes break the symmetry).');
  }
  return generatorsFor(c.model, c.constraint, dim, c.constraintExpr);
}
