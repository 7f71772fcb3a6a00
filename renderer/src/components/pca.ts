// Principal components of a point cloud (rows = points), by power iteration with deflation on the covariance:
// small, dependency-free, and plenty for projecting a latent trajectory of a few hundred dims to 3.

export function pcaProject(data: Float32Array, rows: number, dims: number, k = 3): Float32Array {
  const mean = new Float64Array(dims);
  for (let r = 0; r < rows; r++) for (let d = 0; d < dims; d++) mean[d] += data[r * dims + d] / rows;
  const centred = new Float64Array(rows * dims);
  for (let r = 0; r < rows; r++) for (let d = 0; d < dims; d++) centred[r * dims + d] = data[r * dims + d] - mean[d];
  const components: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    let v = new Float64Array(dims).map((_, i) => Math.sin(1.7 * i + c + 1));
    for (let iter = 0; iter < 60; iter++) {
      // w = X^T X v, with earlier components projected out.
      const xv = new Float64Array(rows);
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let d = 0; d < dims; d++) s += centred[r * dims + d] * v[d];
        xv[r] = s;
      }
      const w = new Float64Array(dims);
      for (let r = 0; r < rows; r++) for (let d = 0; d < dims; d++) w[d] += centred[r * dims + d] * xv[r];
      for (const u of components) {
        let dot = 0;
        for (let d = 0; d < dims; d++) dot += w[d] * u[d];
        for (let d = 0; d < dims; d++) w[d] -= dot * u[d];
      }
      const norm = Math.hypot(...w) || 1;
      v = w.map((x) => x / norm);
    }
    components.push(v);
  }
  const out = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let d = 0; d < dims; d++) s += centred[r * dims + d] * components[c][d];
      out[r * k + c] = s;
    }
  }
  return out;
}
