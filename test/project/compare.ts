// Comparing projects: everything equal, tensors bitwise.
import { expect } from 'vitest';
import type { NamedTensors, Project, RunRecord, Tensor } from '../../main/project';

export function tensorBytes(t: Tensor): Buffer {
  return Buffer.from(t.values.buffer, t.values.byteOffset, t.values.byteLength);
}

function expectTensorsEqual(a: NamedTensors, b: NamedTensors, where: string): void {
  expect(Object.keys(b), where).toEqual(Object.keys(a));
  for (const [name, t] of Object.entries(a)) {
    const u = b[name];
    expect(u.dtype, `${where}/${name} dtype`).toBe(t.dtype);
    expect(u.shape, `${where}/${name} shape`).toEqual(t.shape);
    expect(u.values.constructor, `${where}/${name} type`).toBe(t.values.constructor);
    expect(tensorBytes(u).equals(tensorBytes(t)), `${where}/${name} bytes`).toBe(true);
  }
}

/** Everything equal, tensors bitwise (NaN payloads and -0 included), numbers with Object.is. */
export function expectProjectsEqual(a: Project, b: Project): void {
  expect(b.meta.name).toBe(a.meta.name);
  expect(b.meta.createdAt).toBe(a.meta.createdAt);
  expect(b.ui).toEqual(a.ui);
  expect(b.datasets().map((d) => ({ ...d, data: null }))).toEqual(a.datasets().map((d) => ({ ...d, data: null })));
  a.datasets().forEach((d, i) => {
    const e = b.datasets()[i];
    expect(e.data === null).toBe(d.data === null);
    if (d.data && e.data) expectTensorsEqual(d.data, e.data, `dataset ${d.id}`);
  });
  expect(b.runs().map((r) => r.id)).toEqual(a.runs().map((r) => r.id));
  a.runs().forEach((r, i) => {
    const s = b.runs()[i];
    const strip = (x: RunRecord) => ({
      ...x,
      weights: x.weights && x.weights.meta,
      checkpoints: x.checkpoints.map((c) => ({ ...c, weights: null, state: null })),
      saved: x.saved.map((v) => ({ ...v, tensors: null })),
    });
    expect(strip(s)).toStrictEqual(strip(r));
    // toStrictEqual treats NaN as equal to NaN but also 0 as -0 sensitive only via Object.is: check metrics exactly.
    r.metrics.forEach((m, k) => {
      for (const [name, v] of Object.entries(m.values)) expect(Object.is(s.metrics[k].values[name], v), `${r.id} metrics[${k}].${name}`).toBe(true);
    });
    if (r.weights) expectTensorsEqual(r.weights.tensors, s.weights!.tensors, `${r.id} weights`);
    r.checkpoints.forEach((c, k) => {
      expectTensorsEqual(c.weights, s.checkpoints[k].weights, `${r.id} checkpoint ${c.id} weights`);
      expectTensorsEqual(c.state, s.checkpoints[k].state, `${r.id} checkpoint ${c.id} state`);
    });
    r.saved.forEach((v, k) => expectTensorsEqual(v.tensors, s.saved[k].tensors, `${r.id} saved ${v.id}`));
  });
}
