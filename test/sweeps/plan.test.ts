// A sweep spec expands into exactly the jobs the app would run: the product of its axes (seeds fastest), every
// value checked with the job kind's own schema, problems named by axis and value, and a spec file read as JSON or
// YAML with its axes as a map.
import { describe, expect, it } from 'vitest';
import { axisFields, JobConfigSchema, planSweep, SweepTagSchema, type SweepPlan } from '../../preload/contract';
import { parseSpecText } from '../../main/sweeps/spec-file';

const HNN = { kind: 'hnn', steps: 50, hidden: 16 } as const;

function plan(spec: Parameters<typeof planSweep>[0]): SweepPlan {
  const r = planSweep(spec);
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.plan;
}

describe('planSweep', () => {
  it('2 learning rates x 3 seeds: 6 complete HNN jobs, the seeds varying fastest', () => {
    const p = plan({ name: 'lr', base: HNN, axes: [{ path: 'learningRate', values: [1e-3, 3e-3] }], seeds: [0, 1, 2] });
    expect(p.elements).toHaveLength(6);
    expect(p.axes.map((a) => [a.path, a.label])).toEqual([['learningRate', 'Learning rate'], ['seed', 'Seed']]);
    expect(p.elements.map((e) => [e.values.learningRate, e.values.seed])).toEqual([[1e-3, 0], [1e-3, 1], [1e-3, 2], [3e-3, 0], [3e-3, 1], [3e-3, 2]]);
    for (const e of p.elements) {
      expect(JobConfigSchema.parse(e.config)).toEqual(e.config);
      expect(e.config).toMatchObject({ kind: 'hnn', steps: 50, hidden: 16, learningRate: e.values.learningRate, seed: e.values.seed });
    }
    expect(p.elements[4].label).toBe('lr · learningRate=0.003 seed=1');
  });

  it('checks each value with the schema and names the axis and the value', () => {
    const r = planSweep({ name: 'bad', base: HNN, axes: [{ path: 'learningRate', values: [1e-3, 5] }, { path: 'hidden', values: [16, 2.5] }] });
    expect(r.ok).toBe(false);
    const problems = (r as { problems: string[] }).problems.join('\n');
    expect(problems).toMatch(/axis learningRate, value 5: learningRate: .*(at most 1|too big)/i);
    expect(problems).toMatch(/axis hidden, value 2.5: hidden: .*integer/i);
  });

  it('reads a flow base written with the former learning-rate names, and names the new one for a former axis', () => {
    const p = plan({ name: 'old', base: { kind: 'flow', steps: 10, lr: 2e-3, lrSchedule: 'cosine' }, axes: [{ path: 'hidden', values: [8, 16] }] });
    for (const e of p.elements) expect(e.config).toMatchObject({ kind: 'flow', learningRate: 2e-3, learningRateSchedule: 'cosine' });
    const r = planSweep({ name: 'old', base: { kind: 'flow', steps: 10 }, axes: [{ path: 'lr', values: [1e-3, 3e-3] }] });
    expect(r.ok ? '' : r.problems.join('\n')).toMatch(/"lr" is now called "learningRate"/);
  });

  it('refuses unknown fields, the kind, groups, repeated values and HNN systems', () => {
    const problems = (spec: Parameters<typeof planSweep>[0]) => {
      const r = planSweep(spec);
      return r.ok ? '' : r.problems.join('\n');
    };
    expect(problems({ name: 'x', base: HNN, axes: [{ path: 'learningrate', values: [1] }] })).toMatch(/"learningrate" is not a field of a hnn job/);
    expect(problems({ name: 'x', base: HNN, axes: [{ path: 'kind', values: ['flow'] }] })).toMatch(/kind is the sweep's/);
    expect(problems({ name: 'x', base: { kind: 'hgn' }, axes: [{ path: 'model', values: [1] }] })).toMatch(/"model" is a group/);
    expect(problems({ name: 'x', base: HNN, axes: [{ path: 'seed', values: [1, 1] }] })).toMatch(/repeated/);
    expect(problems({ name: 'x', base: HNN, systems: ['pendulum'] })).toMatch(/no system to vary/);
    expect(problems({ name: 'x', base: HNN, axes: [{ path: 'seed', values: [1] }], seeds: [2] })).toMatch(/axis seed is given twice/);
    expect(problems({ name: 'x', base: HNN, axes: [{ path: 'hidden', values: Array.from({ length: 100 }, (_, i) => i + 1) }, { path: 'seed', values: Array.from({ length: 100 }, (_, i) => i) }] })).toMatch(/10000 runs: at most 4096/);
    expect(problems({ name: 'a\u0007b', base: HNN })).toMatch(/control characters/);
  });

  it('HGN: model fields, systems (params reset with the system) and seeds as the weights seed', () => {
    const p = plan({ name: 'hgn', base: { kind: 'hgn', data: { system: 'pendulum', params: { length: 1 } } }, axes: [{ path: 'model.batchSize', values: [8, 16] }], systems: ['pendulum', 'mass-spring'], seeds: [3] });
    expect(p.elements).toHaveLength(4);
    const springs = p.elements.filter((e) => e.values['data.system'] === 'mass-spring');
    for (const e of springs) {
      expect(e.config.kind === 'hgn' && e.config.data.system).toBe('mass-spring');
      expect(e.config.kind === 'hgn' && e.config.data.params).toBeUndefined();
    }
    expect(p.elements[0].config).toMatchObject({ model: { batchSize: 8, seed: 3 }, data: { system: 'pendulum', params: { length: 1 } } });
    const fields = axisFields('hgn').map((a) => a.path);
    expect(fields).toEqual(expect.arrayContaining(['steps', 'model.learningRate', 'model.batchSize', 'data.system']));
  });

  it('a hostile name is only text: it reaches labels and tags unchanged', () => {
    const name = "a'; rm -rf ~";
    const p = plan({ name, base: HNN, seeds: [0] });
    expect(p.elements[0].label).toBe(`${name} · seed=0`);
    expect(SweepTagSchema.safeParse({ id: '0123456789ab', name, index: 0, size: 1, axes: [{ path: 'seed', label: 'Seed' }], values: { seed: 0 } }).success).toBe(true);
  });
});

describe('sweep files', () => {
  it('YAML with the axes as a map, and Slurm settings', () => {
    const f = parseSpecText(
      ['name: lr sweep', 'base:', '  kind: hnn', '  steps: 40', 'axes:', '  learningRate: [1e-3, 2e-3]', '  hidden: [8, 16]', 'seeds: [0, 1]', 'backend: wasm', 'slurm:', '  partition: debug', '  time: "00:10:00"', '  command: [node, /opt/hs/cli.js]'].join('\n'),
      'lr.yaml',
    );
    expect(f.plan.elements).toHaveLength(8);
    expect(f.plan.axes.map((a) => a.path)).toEqual(['learningRate', 'hidden', 'seed']);
    expect(f.plan.backend).toBe('wasm');
    expect(f.slurm).toEqual({ partition: 'debug', time: '00:10:00', command: ['node', '/opt/hs/cli.js'] });
  });

  it('JSON, with the axes as a list; errors name the file and the problem', () => {
    const f = parseSpecText(JSON.stringify({ name: 'j', base: HNN, axes: [{ path: 'noise', values: [0, 0.1] }] }), 'j.json');
    expect(f.plan.elements.map((e) => e.config.kind === 'hnn' && e.config.noise)).toEqual([0, 0.1]);
    expect(() => parseSpecText('{"name": "j", ', 'j.json')).toThrow(/j\.json: not valid JSON/);
    expect(() => parseSpecText('name: x\nbase: {kind: hnn}\nslurm: {partition: "a b"}', 'x.yaml')).toThrow(/x\.yaml:[\s\S]*partition/);
    expect(() => parseSpecText('name: x\nbase: {kind: hnn}\naxes: {hidden: [0]}', 'x.yaml')).toThrow(/axis hidden, value 0/);
  });
});
