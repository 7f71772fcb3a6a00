// WGSL for the HGN energy kick (main/core/nn/energy-kick.ts): one workgroup per sample runs the whole
// softplus conv network, its input gradient, and (backward) the forward-over-reverse pass, layer after layer in
// workgroup memory. A leapfrog update is then one dispatch forward and a few backward, where tfjs's own kernels
// take some 250 dispatches per update of a paper-size H. The network's shape is baked into the shader (a handful
// of shaders per model, compiled once); the batch is the dispatch size.
import type { KickSpec } from '../../../core/nn/energy-kick';

export const WORKGROUP = 64;

/** A layer with its spatial geometry (TensorFlow's 'same' padding puts the odd pixel at the bottom/right). */
export interface LayerGeometry {
  k: number;
  s: number;
  cin: number;
  cout: number;
  hin: number;
  win: number;
  hout: number;
  wout: number;
  pt: number;
  pl: number;
  wOff: number;
  bOff: number;
}

export interface KickGeometry {
  height: number;
  width: number;
  /** Channels of the network's input (the parts side by side). */
  channels: number;
  parts: number[];
  wrt: number;
  /** Channel offset of the wrt part. */
  wrtOffset: number;
  layers: LayerGeometry[];
  packedSize: number;
  /** Largest layer input or output, in floats (the size of each reverse-pass buffer). */
  maxSize: number;
}

export function kickGeometry(spec: KickSpec, height: number, width: number): KickGeometry {
  let h = height;
  let w = width;
  let at = 0;
  const channels = spec.parts.reduce((a, b) => a + b, 0);
  let maxSize = h * w * channels;
  const layers = spec.layers.map((l) => {
    const same = l.padding === 'same';
    const hout = same ? Math.ceil(h / l.stride) : Math.floor((h - l.k) / l.stride) + 1;
    const wout = same ? Math.ceil(w / l.stride) : Math.floor((w - l.k) / l.stride) + 1;
    const g: LayerGeometry = {
      k: l.k,
      s: l.stride,
      cin: l.cin,
      cout: l.cout,
      hin: h,
      win: w,
      hout,
      wout,
      pt: same ? Math.floor(Math.max((hout - 1) * l.stride + l.k - h, 0) / 2) : 0,
      pl: same ? Math.floor(Math.max((wout - 1) * l.stride + l.k - w, 0) / 2) : 0,
      wOff: at,
      bOff: at + l.k * l.k * l.cin * l.cout,
    };
    at = g.bOff + l.cout;
    maxSize = Math.max(maxSize, hout * wout * l.cout, h * w * l.cin);
    h = hout;
    w = wout;
    return g;
  });
  const wrtOffset = spec.parts.slice(0, spec.wrt).reduce((a, b) => a + b, 0);
  return { height, width, channels, parts: [...spec.parts], wrt: spec.wrt, wrtOffset, layers, packedSize: at, maxSize };
}

const outSize = (g: LayerGeometry) => g.hout * g.wout * g.cout;
const inSize = (g: LayerGeometry) => g.hin * g.win * g.cin;

/** Floats of workgroup memory each program needs (forward: pre-activations + 2 buffers; backward: + tangents + 4). */
export function workgroupFloats(geo: KickGeometry, pass: 'forward' | 'backward'): number {
  const hidden = geo.layers.slice(0, -1).reduce((n, g) => n + outSize(g), 0);
  if (pass === 'forward') return hidden + 2 * geo.maxSize;
  return hidden + geo.layers.reduce((n, g) => n + outSize(g), 0) + 4 * geo.maxSize;
}

/** The network's input at flat index j of sample b: the parts side by side on channels. */
function inputFunctions(geo: KickGeometry, withTangent: boolean): string {
  const pixels = geo.height * geo.width;
  const [c0, c1] = geo.parts;
  const z =
    geo.parts.length === 1
      ? `fn zAt(b: i32, j: i32) -> f32 { return x0[b * ${pixels * c0} + j]; }`
      : `fn zAt(b: i32, j: i32) -> f32 {
  let pix = j / ${geo.channels};
  let c = j % ${geo.channels};
  if (c < ${c0}) { return x0[b * ${pixels * c0} + pix * ${c0} + c]; }
  return x1[b * ${pixels * c1} + pix * ${c1} + c - ${c0}];
}`;
  if (!withTangent) return z;
  const cw = geo.parts[geo.wrt];
  // v: coef dy in the wrt channels, zero elsewhere.
  const v = `fn vAt(b: i32, j: i32) -> f32 {
  let pix = j / ${geo.channels};
  let c = j % ${geo.channels} - ${geo.wrtOffset};
  if (c < 0 || c >= ${cw}) { return 0.0; }
  return uniforms.coef * dy[b * ${pixels * cw} + pix * ${cw} + c];
}`;
  return `${z}\n${v}`;
}

const COMMON = `
fn softplusOf(x: f32) -> f32 { if (x > 20.0) { return x; } return log(1.0 + exp(x)); }
fn sigmoidOf(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }
`;

/** sm[dst + o] = bias + sum over the window of in(j) w: one conv layer, threads striding over the outputs. */
function convForward(g: LayerGeometry, input: (j: string) => string, dst: number, bias: boolean): string {
  return `
  for (var o = i32(localIndex); o < ${outSize(g)}; o += ${WORKGROUP}) {
    let co = o % ${g.cout};
    let pos = o / ${g.cout};
    let ox = pos % ${g.wout};
    let oy = pos / ${g.wout};
    var acc = ${bias ? `packed[${g.bOff} + co]` : '0.0'};
    for (var ky = 0; ky < ${g.k}; ky++) {
      let y = oy * ${g.s} - ${g.pt} + ky;
      if (y < 0 || y >= ${g.hin}) { continue; }
      for (var kx = 0; kx < ${g.k}; kx++) {
        let x = ox * ${g.s} - ${g.pl} + kx;
        if (x < 0 || x >= ${g.win}) { continue; }
        let inBase = (y * ${g.win} + x) * ${g.cin};
        let wBase = ${g.wOff} + (ky * ${g.k} + kx) * ${g.cin * g.cout} + co;
        for (var ci = 0; ci < ${g.cin}; ci++) {
          acc += ${input('inBase + ci')} * packed[wBase + ci * ${g.cout}];
        }
      }
    }
    sm[${dst} + o] = acc;
  }
  workgroupBarrier();`;
}

/** dst[e] = scale(e) * (input gradient of the layer for output gradient `grad`), gathered per input element. */
function convInputGrad(g: LayerGeometry, grad: (j: string) => string, dst: (e: string, v: string) => string): string {
  return `
  for (var e = i32(localIndex); e < ${inSize(g)}; e += ${WORKGROUP}) {
    let ci = e % ${g.cin};
    let pix = e / ${g.cin};
    let x = pix % ${g.win};
    let y = pix / ${g.win};
    var acc = 0.0;
    for (var ky = 0; ky < ${g.k}; ky++) {
      let ny = y + ${g.pt} - ky;
      if (ny < 0 || ny % ${g.s} != 0) { continue; }
      let oy = ny / ${g.s};
      if (oy >= ${g.hout}) { continue; }
      for (var kx = 0; kx < ${g.k}; kx++) {
        let nx = x + ${g.pl} - kx;
        if (nx < 0 || nx % ${g.s} != 0) { continue; }
        let ox = nx / ${g.s};
        if (ox >= ${g.wout}) { continue; }
        let gBase = (oy * ${g.wout} + ox) * ${g.cout};
        let wBase = ${g.wOff} + ((ky * ${g.k} + kx) * ${g.cin} + ci) * ${g.cout};
        for (var co = 0; co < ${g.cout}; co++) {
          acc += ${grad('gBase + co')} * packed[wBase + co];
        }
      }
    }
    ${dst('e', 'acc')}
  }
  workgroupBarrier();`;
}

interface Offsets {
  a: number[];
  t: number[];
  bufs: number[];
  total: number;
}

function offsets(geo: KickGeometry, pass: 'forward' | 'backward'): Offsets {
  let at = 0;
  const a = geo.layers.slice(0, -1).map((g) => {
    const o = at;
    at += outSize(g);
    return o;
  });
  const t =
    pass === 'backward'
      ? geo.layers.map((g) => {
          const o = at;
          at += outSize(g);
          return o;
        })
      : [];
  const bufs = Array.from({ length: pass === 'forward' ? 2 : 4 }, () => {
    const o = at;
    at += geo.maxSize;
    return o;
  });
  return { a, t, bufs, total: at };
}

/** The primal input of layer i at flat index j (sample b): the network's input, or softplus of the pre-activation. */
function primalIn(o: Offsets, i: number): (j: string) => string {
  return i === 0 ? (j) => `zAt(b, ${j})` : (j) => `softplusOf(sm[${o.a[i - 1]} + ${j}])`;
}

/** The tangent input of layer i: v, or sigmoid(a_{i-1}) t_{i-1}. */
function tangentIn(o: Offsets, i: number): (j: string) => string {
  return i === 0 ? (j) => `vAt(b, ${j})` : (j) => `(sigmoidOf(sm[${o.a[i - 1]} + ${j}]) * sm[${o.t[i - 1]} + ${j}])`;
}

/** The forward program: result [B, H, W, C_wrt] = target + coef (dE/dx_wrt + prior x_wrt). */
export function kickForwardSource(geo: KickGeometry, hasTarget: boolean): string {
  const o = offsets(geo, 'forward');
  const L = geo.layers.length;
  const parts: string[] = [];
  for (let i = 0; i < L - 1; i++) parts.push(convForward(geo.layers[i], primalIn(o, i), o.a[i], true));
  // Reverse from dE/d(last output) = 1, ping-ponging between the two buffers.
  let cur = -1;
  for (let i = L - 1; i >= 0; i--) {
    const g = geo.layers[i];
    const next = cur === 0 ? 1 : 0;
    const grad = cur < 0 ? () => '1.0' : (j: string) => `sm[${o.bufs[cur]} + ${j}]`;
    const scale = i > 0 ? (e: string) => ` * sigmoidOf(sm[${o.a[i - 1]} + ${e}])` : () => '';
    parts.push(convInputGrad(g, grad, (e, v) => `sm[${o.bufs[next]} + ${e}] = ${v}${scale(e)};`));
    cur = next;
  }
  const cw = geo.parts[geo.wrt];
  const per = geo.height * geo.width * cw;
  return `${COMMON}
${inputFunctions(geo, false)}
var<workgroup> sm: array<f32, ${Math.max(1, o.total)}>;
fn main(index: i32) {
  let b = i32(workgroupId.x);
  ${parts.join('\n')}
  for (var e = i32(localIndex); e < ${per}; e += ${WORKGROUP}) {
    let pix = e / ${cw};
    let c = e % ${cw};
    let g = sm[${o.bufs[cur]} + pix * ${geo.channels} + ${geo.wrtOffset} + c] + uniforms.prior * x${geo.wrt}[b * ${per} + e];
    result[b * ${per} + e] = ${hasTarget ? `tgt[b * ${per} + e] + ` : ''}uniforms.coef * g;
  }
}`;
}

/** Floats of the backward program's per-sample result: dL/dz (the whole input) then dL/dpacked. */
export function backwardRowSize(geo: KickGeometry): number {
  return geo.height * geo.width * geo.channels + geo.packedSize;
}

/**
 * The backward program: per sample, [dL/dz (H W C), dL/dpacked of this sample] into result [B, row]; the packed
 * gradient is summed over samples and dz split into the parts by two small programs after it.
 */
export function kickBackwardSource(geo: KickGeometry): string {
  const o = offsets(geo, 'backward');
  const L = geo.layers.length;
  const [DT, DA, DS, DH] = o.bufs;
  const row = backwardRowSize(geo);
  const zSize = geo.height * geo.width * geo.channels;
  const code: string[] = [];
  // Primal pre-activations and tangents, layer by layer.
  for (let i = 0; i < L; i++) {
    const g = geo.layers[i];
    code.push(convForward(g, tangentIn(o, i), o.t[i], false));
    if (i < L - 1) code.push(convForward(g, primalIn(o, i), o.a[i], true));
  }
  // dF/dt_L = 1; da_L = 0.
  for (let i = L - 1; i >= 0; i--) {
    const g = geo.layers[i];
    const first = i === L - 1;
    const dt = first ? () => '1.0' : (j: string) => `sm[${DT} + ${j}]`;
    const da = (j: string) => `sm[${DA} + ${j}]`;
    const sIn = tangentIn(o, i);
    const hIn = primalIn(o, i);
    // Weight gradient of this sample: tangent path, plus the primal path below the last layer.
    code.push(`
  for (var e = i32(localIndex); e < ${g.k * g.k * g.cin * g.cout}; e += ${WORKGROUP}) {
    let co = e % ${g.cout};
    let r = e / ${g.cout};
    let ci = r % ${g.cin};
    let r2 = r / ${g.cin};
    let kx = r2 % ${g.k};
    let ky = r2 / ${g.k};
    var acc = 0.0;
    for (var oy = 0; oy < ${g.hout}; oy++) {
      let y = oy * ${g.s} - ${g.pt} + ky;
      if (y < 0 || y >= ${g.hin}) { continue; }
      for (var ox = 0; ox < ${g.wout}; ox++) {
        let x = ox * ${g.s} - ${g.pl} + kx;
        if (x < 0 || x >= ${g.win}) { continue; }
        let j = (y * ${g.win} + x) * ${g.cin} + ci;
        let q = (oy * ${g.wout} + ox) * ${g.cout} + co;
        acc += ${sIn('j')} * ${dt('q')}${first ? '' : ` + ${hIn('j')} * ${da('q')}`};
      }
    }
    result[b * ${row} + ${zSize + g.wOff} + e] = acc;
  }`);
    code.push(`
  for (var co = i32(localIndex); co < ${g.cout}; co += ${WORKGROUP}) {
    var acc = 0.0;
    ${first ? '' : `for (var pos = 0; pos < ${g.hout * g.wout}; pos++) { acc += sm[${DA} + pos * ${g.cout} + co]; }`}
    result[b * ${row} + ${zSize + g.bOff} + co] = acc;
  }`);
    // ds = input gradient of dt; dh = input gradient of da (zero at the last layer).
    code.push(convInputGrad(g, dt, (e, v) => `sm[${DS} + ${e}] = ${v};`));
    if (first) {
      code.push(`
  for (var e = i32(localIndex); e < ${inSize(g)}; e += ${WORKGROUP}) { sm[${DH} + e] = 0.0; }
  workgroupBarrier();`);
    } else {
      code.push(convInputGrad(g, da, (e, v) => `sm[${DH} + ${e}] = ${v};`));
    }
    if (i > 0) {
      // dt_{i-1} = sig ds;  da_{i-1} = sig (1 - sig) t ds + sig dh.
      code.push(`
  for (var e = i32(localIndex); e < ${inSize(g)}; e += ${WORKGROUP}) {
    let sg = sigmoidOf(sm[${o.a[i - 1]} + e]);
    let ds = sm[${DS} + e];
    sm[${DT} + e] = sg * ds;
    sm[${DA} + e] = sg * (1.0 - sg) * sm[${o.t[i - 1]} + e] * ds + sg * sm[${DH} + e];
  }
  workgroupBarrier();`);
    }
  }
  // dL/dz = dh (+ coef prior dy in the wrt channels).
  const cw = geo.parts[geo.wrt];
  code.push(`
  for (var e = i32(localIndex); e < ${zSize}; e += ${WORKGROUP}) {
    let pix = e / ${geo.channels};
    let c = e % ${geo.channels} - ${geo.wrtOffset};
    var v = sm[${DH} + e];
    if (c >= 0 && c < ${cw}) { v += uniforms.coef * uniforms.prior * dy[b * ${geo.height * geo.width * cw} + pix * ${cw} + c]; }
    result[b * ${row} + e] = v;
  }`);
  return `${COMMON}
${inputFunctions(geo, true)}
var<workgroup> sm: array<f32, ${Math.max(1, o.total)}>;
fn main(index: i32) {
  let b = i32(workgroupId.x);
  ${code.join('\n')}
}`;
}

/** result[j] = sum over samples of rows[b, offset + j]: the packed gradient of the whole batch. */
export function sumRowsSource(batch: number, row: number, offset: number, size: number): string {
  return `
fn main(index: i32) {
  if (index >= ${size}) { return; }
  var acc = 0.0;
  for (var b = 0; b < ${batch}; b++) { acc += rows[b * ${row} + ${offset} + index]; }
  result[index] = acc;
}`;
}

/** result [B, H, W, c] = the channels [offset, offset + c) of each sample's dL/dz row. */
export function partOfRowsSource(geo: KickGeometry, part: number, batch: number): string {
  const c = geo.parts[part];
  const offset = geo.parts.slice(0, part).reduce((a, b) => a + b, 0);
  const per = geo.height * geo.width * c;
  return `
fn main(index: i32) {
  if (index >= ${batch * per}) { return; }
  let b = index / ${per};
  let e = index % ${per};
  let pix = e / ${c};
  result[index] = rows[b * ${backwardRowSize(geo)} + pix * ${geo.channels} + ${offset} + e % ${c}];
}`;
}
