// The fuzz suites of test/fuzz/ at ten times their CI size, with another seed: browser mode over HTTP and
// WebSocket, every contract channel, project files (with deflate bombs), CSV point files. Records per surface
// <surface>_cases and <surface>_crashes (the acceptance of issue 16: every _crashes 0, at least 10,000 cases
// each) and <surface>_seconds; crashes are described on stderr with their case number and seed.
// Args: --surfaces http,ws,... (default all) --factor F (10) --seed S
import { BENCH_FACTOR, BENCH_SEED, CI_CASES } from '../test/fuzz/cases';
import { SURFACES, type FuzzOptions, type FuzzReport, type Surface } from '../test/fuzz/report';
import { fuzzContract } from '../test/fuzz/surfaces/contract';
import { fuzzCsv } from '../test/fuzz/surfaces/csv';
import { fuzzHttp } from '../test/fuzz/surfaces/http';
import { fuzzProjects } from '../test/fuzz/surfaces/project';
import { fuzzWs } from '../test/fuzz/surfaces/ws';
import { arg, type Bench } from './run';

const RUNS: Record<Surface, (o: FuzzOptions) => Promise<FuzzReport>> = {
  http: fuzzHttp,
  ws: fuzzWs,
  contract: fuzzContract,
  project: fuzzProjects,
  csv: fuzzCsv,
};

const bench: Bench = async (args) => {
  const surfaces = arg(args, 'surfaces', SURFACES.join(',')).split(',') as Surface[];
  const factor = Number(arg(args, 'factor', String(BENCH_FACTOR)));
  const seed = Number(arg(args, 'seed', String(BENCH_SEED)));
  const metrics: Record<string, number> = { seed, factor };
  for (const surface of surfaces) {
    const started = performance.now();
    const report = await RUNS[surface]({ cases: CI_CASES[surface] * factor, seed });
    metrics[`${surface}_cases`] = report.cases;
    metrics[`${surface}_crashes`] = report.crashes;
    metrics[`${surface}_seconds`] = Math.round((performance.now() - started) / 100) / 10;
    process.stderr.write(`${surface}: ${report.cases} cases, ${report.crashes} crashes, outcomes ${JSON.stringify(report.outcomes)}\n`);
    for (const e of report.examples) process.stderr.write(`  ${e}\n`);
  }
  return { backend: 'none', metrics };
};

export default bench;
