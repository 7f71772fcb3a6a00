// How many cases each fuzzed surface gets: CI runs these (a few minutes in all), `npm run bench -- fuzz` ten
// times as many with another seed. Every run is seeded: the same seed finds the same crash again.
import type { Surface } from './report';

export const CI_CASES: Record<Surface, number> = { http: 10_000, ws: 10_000, contract: 10_000, project: 10_400, csv: 10_000 };
export const CI_SEED = 20260316;
export const BENCH_FACTOR = 10;
export const BENCH_SEED = 16;
