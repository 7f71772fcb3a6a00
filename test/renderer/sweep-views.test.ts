// What the sweep view shows: a live sweep's elements with their jobs overlaid, a sweep rebuilt from the tags of
// runs reopened from a project, the best run of each metric by the contract's direction (lower for losses,
// higher for log-likelihoods), and the builder's axis values checked as the wizard checks its fields.
import { describe, expect, it } from 'vitest';
import { axisFields, type JobInfo, type SweepInfo, type SweepTag } from '../../preload/contract';
import { bestPerMetric, sweepViews } from '../../renderer/src/pages/sweeps/sweep-views';
import { parseAxis } from '../../renderer/src/pages/sweeps/axis-input';

const axes = [{ path: 'learningRate', label: 'Learning rate' }, { path: 'seed', label: 'Seed' }];
const tag = (index: number, values: SweepTag['values']): SweepTag => ({ id: 'abcdefabcdef', name: 'lr', index, size: 4, axes, values });

function job(id: string, status: JobInfo['status'], result: Record<string, number> | null, sweep?: SweepTag): JobInfo {
  return {
    id, kind: 'hnn', label: id, status, backendChoice: 'wasm', backend: 'wasm', device: null, step: 0, total: 10, stepsPerSec: 0, etaSec: null,
    memoryBytes: null, createdAt: 1, startedAt: null, endedAt: null, error: status === 'failed' ? { name: 'Error', message: 'diverged' } : null, result,
    config: { kind: 'hnn' } as JobInfo['config'], ...(sweep ? { sweep } : {}),
  };
}

describe('sweep views', () => {
  it('a local sweep follows its jobs: running, done with results, failed with the error', () => {
    const info: SweepInfo = {
      id: 'abcdefabcdef', name: 'lr', kind: 'hnn', scheduler: 'local', dir: null, via: '2 at a time, here', createdAt: 1, problem: null,
      axes: [{ path: 'learningRate', label: 'Learning rate', values: [1e-3, 2e-3] }, { path: 'seed', label: 'Seed', values: [0, 1] }],
      elements: [0, 1, 2, 3].map((index) => ({ index, label: `e${index}`, values: { learningRate: index < 2 ? 1e-3 : 2e-3, seed: index % 2 }, state: 'pending' as const, jobId: index < 3 ? `job-${index + 1}` : null, schedulerId: null, message: null, logTail: null, result: null })),
    };
    const jobs = [job('job-1', 'completed', { energy_mse: 0.2, test_loss: 0.5 }), job('job-2', 'completed', { energy_mse: 0.1, test_loss: 0.7 }), job('job-3', 'failed', null)];
    const [v] = sweepViews([info], jobs);
    expect(v.elements.map((e) => e.state)).toEqual(['done', 'done', 'failed', 'pending']);
    expect(v.elements[2].message).toBe('diverged');
    expect(v.counts).toMatchObject({ done: 2, failed: 1, pending: 1 });
    const best = bestPerMetric(v);
    expect(best.map((b) => [b.metric, b.element.index, b.value])).toEqual([['energy_mse', 1, 0.1], ['test_loss', 0, 0.5]]);
  });

  it('a reopened project: the sweep is rebuilt from its runs\' tags; missing elements say so', () => {
    const jobs = [job('job-7', 'completed', { final_test_iwae: -2.9 }, tag(0, { learningRate: 1e-3, seed: 0 })), job('job-8', 'completed', { final_test_iwae: -2.7 }, tag(3, { learningRate: 2e-3, seed: 1 })), job('job-9', 'completed', null)];
    const [v] = sweepViews([], jobs);
    expect(v.source).toBe('project');
    expect(v.elements.map((e) => e.state)).toEqual(['done', 'planned', 'planned', 'done']);
    expect(v.elements[1].message).toBe('not in this project');
    expect(v.axes).toEqual([{ path: 'learningRate', label: 'Learning rate', values: [1e-3, 2e-3] }, { path: 'seed', label: 'Seed', values: [0, 1] }]);
    // Higher is better for a log-likelihood.
    expect(bestPerMetric(v)[0]).toMatchObject({ metric: 'final_test_iwae', direction: 'higher', value: -2.7 });
  });

  it('axis values are checked like the wizard\'s fields', () => {
    const lr = axisFields('hnn').find((f) => f.path === 'learningRate')!.field;
    expect(parseAxis(lr, '1e-3, 3e-3')).toEqual({ values: [1e-3, 3e-3], problem: null });
    expect(parseAxis(lr, '1e-3 5').problem).toMatch(/"5"/);
    expect(parseAxis(lr, '').problem).toMatch(/one or more/i);
    expect(parseAxis(lr, '0.1, 0.1').problem).toMatch(/repeated/);
    const system = axisFields('hgn').find((f) => f.path === 'data.system')!.field;
    expect(parseAxis(system, 'pendulum mass-spring').values).toEqual(['pendulum', 'mass-spring']);
    expect(parseAxis(system, 'pendulum moon').problem).toMatch(/"moon"/);
  });
});
