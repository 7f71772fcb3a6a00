// The energy kick (main/core/nn/energy-kick.ts) in one native call each way: the softplus conv
// network, its input gradient, and the forward-over-reverse backward, as im2col + oneDNN matmuls over the whole
// batch. One call replaces some 250 tfjs kernels of a paper-size H (forward and backward).
#include "kick.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <memory>
#include <unordered_map>
#include <vector>

#include "context.h"
#include "gemm.h"

namespace hs {
namespace {

struct Geometry {
  int k, s, same, cin, cout;
  int hin, win, hout, wout, pt, pl;
  size_t w_off, b_off;
};

struct Plan {
  int B, H, W, C;
  std::vector<Geometry> layers;
  size_t packed_size;
};

int out_size(int in, int k, int s, bool same) { return same ? (in + s - 1) / s : (in - k) / s + 1; }

Plan plan_of(const KickDesc& d) {
  Plan p;
  p.B = d.batch;
  p.H = d.height;
  p.W = d.width;
  p.C = 0;
  for (int c : d.parts) p.C += c;
  int h = d.height, w = d.width, c = p.C;
  size_t at = 0;
  for (const auto& l : d.layers) {
    if (l.cin != c) throw std::invalid_argument("kick: a layer's input channels do not match the previous layer");
    Geometry g{l.k, l.stride, l.same, l.cin, l.cout, h, w, 0, 0, 0, 0, 0, 0};
    g.hout = out_size(h, l.k, l.stride, l.same);
    g.wout = out_size(w, l.k, l.stride, l.same);
    if (g.hout < 1 || g.wout < 1) throw std::invalid_argument("kick: a layer's output is empty");
    if (l.same) {
      g.pt = std::max((g.hout - 1) * l.stride + l.k - h, 0) / 2;
      g.pl = std::max((g.wout - 1) * l.stride + l.k - w, 0) / 2;
    }
    g.w_off = at;
    at += size_t(l.k) * l.k * l.cin * l.cout;
    g.b_off = at;
    at += l.cout;
    p.layers.push_back(g);
    h = g.hout;
    w = g.wout;
    c = l.cout;
  }
  p.packed_size = at;
  return p;
}

/** Patches of x [B, hin, win, cin] as rows [B * hout * wout, k * k * cin] (zeros where the window leaves x). */
void im2col(const Geometry& g, int B, const float* x, float* cols) {
  const size_t K = size_t(g.k) * g.k * g.cin;
  for (int b = 0; b < B; ++b)
    for (int oy = 0; oy < g.hout; ++oy)
      for (int ox = 0; ox < g.wout; ++ox) {
        float* row = cols + ((size_t(b) * g.hout + oy) * g.wout + ox) * K;
        for (int ky = 0; ky < g.k; ++ky) {
          const int y = oy * g.s - g.pt + ky;
          for (int kx = 0; kx < g.k; ++kx) {
            const int xx = ox * g.s - g.pl + kx;
            float* dst = row + (size_t(ky) * g.k + kx) * g.cin;
            if (y < 0 || y >= g.hin || xx < 0 || xx >= g.win) {
              std::fill(dst, dst + g.cin, 0.f);
            } else {
              std::memcpy(dst, x + ((size_t(b) * g.hin + y) * g.win + xx) * g.cin, sizeof(float) * g.cin);
            }
          }
        }
      }
}

/** The adjoint of im2col: adds each patch row back where it came from, into dx [B, hin, win, cin] (zeroed first). */
void col2im(const Geometry& g, int B, const float* cols, float* dx) {
  const size_t K = size_t(g.k) * g.k * g.cin;
  std::fill(dx, dx + size_t(B) * g.hin * g.win * g.cin, 0.f);
  for (int b = 0; b < B; ++b)
    for (int oy = 0; oy < g.hout; ++oy)
      for (int ox = 0; ox < g.wout; ++ox) {
        const float* row = cols + ((size_t(b) * g.hout + oy) * g.wout + ox) * K;
        for (int ky = 0; ky < g.k; ++ky) {
          const int y = oy * g.s - g.pt + ky;
          if (y < 0 || y >= g.hin) continue;
          for (int kx = 0; kx < g.k; ++kx) {
            const int xx = ox * g.s - g.pl + kx;
            if (xx < 0 || xx >= g.win) continue;
            const float* src = row + (size_t(ky) * g.k + kx) * g.cin;
            float* dst = dx + ((size_t(b) * g.hin + y) * g.win + xx) * g.cin;
            for (int c = 0; c < g.cin; ++c) dst[c] += src[c];
          }
        }
      }
}

size_t rows_of(const Geometry& g, int B) { return size_t(B) * g.hout * g.wout; }

/**
 * A 1x1 conv of stride 1 (every layer of an MLP, such as the flows' K and U): its patches are its input as it lies,
 * so im2col and col2im would only copy. Skipping the copies, with buffers kept across calls, took
 * a flow step's kicks (T = 6, width 80, 2048 rows) from 102 to 68 ms, the step from 132 to 94 ms.
 */
bool pointwise(const Geometry& g) { return g.k == 1 && g.s == 1; }

/**
 * Frees the kept buffers that one large call (an evaluation over many rows) grew past 16 MB each, so a worker
 * does not hold them for the rest of its life; a training step's stay (2048 rows x 80 floats: 0.6 MB).
 */
void release_large(std::initializer_list<std::vector<float>*> buffers) {
  for (auto* b : buffers)
    if (b->capacity() > (size_t(4) << 20)) std::vector<float>().swap(*b);
}
void release_large(std::vector<std::vector<float>>& buffers) {
  for (auto& b : buffers) release_large({&b});
}
size_t patch_of(const Geometry& g) { return size_t(g.k) * g.k * g.cin; }
size_t in_size(const Geometry& g, int B) { return size_t(B) * g.hin * g.win * g.cin; }
size_t out_size(const Geometry& g, int B) { return rows_of(g, B) * g.cout; }

/** c[m, n] = a[m, k] b[k, n] (or with a or b transposed as stored). */
void matmul(int m, int n, int k, bool ta, bool tb, const float* a, const float* b, float* c) {
  gemm(GemmShape{1, 1, m, n, k, ta ? 1 : 0, tb ? 1 : 0}, a, b, c);
}

/** y = patches(x) W (+ bias): one conv layer as one matmul. */
void conv_rows(const Geometry& g, int B, const float* cols, const float* packed, bool bias, float* y) {
  matmul(int(rows_of(g, B)), g.cout, int(patch_of(g)), false, false, cols, packed + g.w_off, y);
  if (!bias) return;
  const float* bv = packed + g.b_off;
  const size_t M = rows_of(g, B);
  for (size_t r = 0; r < M; ++r)
    for (int c = 0; c < g.cout; ++c) y[r * g.cout + c] += bv[c];
}

/** dx = conv input gradient of dy through W: col2im(dy W^T). `scratch` holds rows x patch floats. */
void conv_input_grad(const Geometry& g, int B, const float* dy, const float* packed, float* scratch, float* dx) {
  matmul(int(rows_of(g, B)), int(patch_of(g)), g.cout, false, true, dy, packed + g.w_off, pointwise(g) ? dx : scratch);
  if (!pointwise(g)) col2im(g, B, scratch, dx);
}

/** dW += patches^T dy. `scratch` holds patch x cout floats. */
void add_filter_grad(const Geometry& g, int B, const float* cols, const float* dy, float* scratch, float* dpacked) {
  matmul(int(patch_of(g)), g.cout, int(rows_of(g, B)), true, false, cols, dy, scratch);
  float* dw = dpacked + g.w_off;
  const size_t n = patch_of(g) * g.cout;
  for (size_t i = 0; i < n; ++i) dw[i] += scratch[i];
}

/**
 * softplus and sigmoid over whole arrays by oneDNN's vectorised eltwise kernels: scalar libm exp/log1p took most of
 * a flow step's kick (hidden layers of 128 x 512 rows), where the matrix products are the cheap part.
 */
void eltwise(dnnl::algorithm alg, const float* x, float* y, size_t n) {
  thread_local std::unordered_map<uint64_t, std::unique_ptr<dnnl::eltwise_forward>> cache;
  const uint64_t key = (uint64_t(n) << 8) | uint64_t(alg == dnnl::algorithm::eltwise_logistic ? 1 : 2);
  auto it = cache.find(key);
  dnnl::memory::desc md({int64_t(n)}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::a);
  if (it == cache.end()) {
    if (cache.size() > 256) cache.clear();
    dnnl::eltwise_forward::desc d(dnnl::prop_kind::forward_inference, alg, md, 0.f, 0.f);
    it = cache.emplace(key, std::make_unique<dnnl::eltwise_forward>(dnnl::eltwise_forward::primitive_desc(d, ctx().eng))).first;
  }
  it->second->execute(ctx().strm, {{DNNL_ARG_SRC, wrap(md, x)}, {DNNL_ARG_DST, wrap(md, y)}});
  ctx().strm.wait();
}
void softplus_of(const std::vector<float>& x, std::vector<float>& y) {
  y.resize(x.size());
  eltwise(dnnl::algorithm::eltwise_soft_relu, x.data(), y.data(), x.size());
}
void sigmoid_of(const std::vector<float>& x, std::vector<float>& y) {
  y.resize(x.size());
  eltwise(dnnl::algorithm::eltwise_logistic, x.data(), y.data(), x.size());
}

/** The parts side by side on the channel axis: the network's input [B, H, W, C]. */
void assemble(const Plan& p, const KickDesc& d, const float* const* parts, std::vector<float>& z) {
  const size_t pixels = size_t(p.B) * p.H * p.W;
  z.resize(pixels * p.C);
  int off = 0;
  for (size_t j = 0; j < d.parts.size(); ++j) {
    const int c = d.parts[j];
    for (size_t i = 0; i < pixels; ++i) std::memcpy(&z[i * p.C + off], parts[j] + i * c, sizeof(float) * c);
    off += c;
  }
}

int wrt_offset(const KickDesc& d) {
  int off = 0;
  for (int j = 0; j < d.wrt; ++j) off += d.parts[j];
  return off;
}

void check(const KickDesc& d, const Plan& p) {
  if (d.layers.empty()) throw std::invalid_argument("kick: the network has no layers");
  if (d.parts.empty() || d.parts.size() > 2 || d.wrt < 0 || size_t(d.wrt) >= d.parts.size())
    throw std::invalid_argument("kick: one or two input parts, wrt one of them");
  if (d.batch < 1 || d.height < 1 || d.width < 1) throw std::invalid_argument("kick: empty input");
  if (p.packed_size == 0) throw std::invalid_argument("kick: no weights");
}

}  // namespace

size_t kick_packed_size(const KickDesc& d) { return plan_of(d).packed_size; }

void kick_forward(const KickDesc& d, const float* const* parts, const float* packed, const float* target, float* out) {
  const Plan p = plan_of(d);
  check(d, p);
  const int B = p.B;
  const size_t L = p.layers.size();
  // Buffers kept across calls (a flow step makes dozens of kicks of the same size): fresh ones cost an
  // allocation, a zero fill and page faults each.
  thread_local std::vector<float> z, cols, scratch, g, gh;
  thread_local std::vector<std::vector<float>> a, h, sg;
  a.resize(L);
  h.resize(L);
  sg.resize(L);
  assemble(p, d, parts, z);
  // Primal: pre-activations a_i and softplus outputs h_{i+1} of every hidden layer.
  h[0] = z;
  for (size_t i = 0; i + 1 < L; ++i) {
    const Geometry& g = p.layers[i];
    const float* rows = h[i].data();
    if (!pointwise(g)) {
      cols.resize(rows_of(g, B) * patch_of(g));
      im2col(g, B, h[i].data(), cols.data());
      rows = cols.data();
    }
    a[i].resize(out_size(g, B));
    conv_rows(g, B, rows, packed, true, a[i].data());
    // The output layer's input h_{L-1} is not needed: only the gradient is, through sigmoid(a_{L-2}).
    if (i + 2 < L) softplus_of(a[i], h[i + 1]);
    sigmoid_of(a[i], sg[i]);
  }
  // Reverse from dE/d(last output) = 1.
  g.assign(out_size(p.layers[L - 1], B), 1.f);
  for (size_t i = L; i-- > 0;) {
    const Geometry& geo = p.layers[i];
    if (!pointwise(geo)) scratch.resize(rows_of(geo, B) * patch_of(geo));
    gh.resize(in_size(geo, B));
    conv_input_grad(geo, B, g.data(), packed, scratch.data(), gh.data());
    if (i > 0) {
      g.resize(gh.size());
      const auto& sgp = sg[i - 1];
      for (size_t j = 0; j < gh.size(); ++j) g[j] = gh[j] * sgp[j];
    }
  }
  // gh is dE/dz: out = target + coef (dE/dz_wrt + prior z_wrt).
  const int off = wrt_offset(d), cw = d.parts[d.wrt];
  const size_t pixels = size_t(B) * p.H * p.W;
  const float* xw = parts[d.wrt];
  for (size_t i = 0; i < pixels; ++i)
    for (int c = 0; c < cw; ++c) {
      const float v = d.coef * (gh[i * p.C + off + c] + d.prior * xw[i * cw + c]);
      out[i * cw + c] = target ? target[i * cw + c] + v : v;
    }
  release_large({&z, &cols, &scratch, &g, &gh});
  for (auto* x : {&a, &h, &sg}) release_large(*x);
}

void kick_backward(const KickDesc& d, const float* const* parts, const float* packed, const float* dy, float* const* dparts,
                   float* dpacked) {
  const Plan p = plan_of(d);
  check(d, p);
  const int B = p.B;
  const size_t L = p.layers.size();
  const int off = wrt_offset(d), cw = d.parts[d.wrt];
  const size_t pixels = size_t(B) * p.H * p.W;
  thread_local std::vector<float> z, v, dt, da, ds, dh, scratch, wscratch;
  thread_local std::vector<std::vector<float>> a, sg, h, s, t, colsH, colsS;
  for (auto* x : {&a, &sg, &h, &s, &t, &colsH, &colsS}) x->resize(L);
  assemble(p, d, parts, z);
  // v: coef dy in the wrt channels, zero elsewhere (the tangent direction at the input).
  v.assign(z.size(), 0.f);
  for (size_t i = 0; i < pixels; ++i)
    for (int c = 0; c < cw; ++c) v[i * p.C + off + c] = d.coef * dy[i * cw + c];

  // Primal (a_i, sigmoid(a_i), softplus h_{i+1}) and tangent (t_i, s_{i+1} = sigmoid(a_i) t_i), patches kept.
  // patchesS / patchesH: each layer's patches, its input itself where the layer is pointwise.
  std::vector<const float*> patchesS(L), patchesH(L);
  h[0] = z;
  s[0] = v;
  const auto patches = [&](const Geometry& g, const std::vector<float>& x, std::vector<float>& cols) -> const float* {
    if (pointwise(g)) return x.data();
    cols.resize(rows_of(g, B) * patch_of(g));
    im2col(g, B, x.data(), cols.data());
    return cols.data();
  };
  for (size_t i = 0; i < L; ++i) {
    const Geometry& g = p.layers[i];
    patchesS[i] = patches(g, s[i], colsS[i]);
    t[i].resize(out_size(g, B));
    conv_rows(g, B, patchesS[i], packed, false, t[i].data());
    if (i + 1 == L) break;
    patchesH[i] = patches(g, h[i], colsH[i]);
    a[i].resize(out_size(g, B));
    conv_rows(g, B, patchesH[i], packed, true, a[i].data());
    sigmoid_of(a[i], sg[i]);
    if (i + 2 < L) softplus_of(a[i], h[i + 1]);  // the output layer's input is not needed (its da never comes)
    s[i + 1].resize(a[i].size());
    for (size_t j = 0; j < a[i].size(); ++j) s[i + 1][j] = sg[i][j] * t[i][j];
  }

  std::fill(dpacked, dpacked + p.packed_size, 0.f);
  dt.assign(out_size(p.layers[L - 1], B), 1.f);
  bool have_da = false;
  for (size_t i = L; i-- > 0;) {
    const Geometry& g = p.layers[i];
    if (!pointwise(g)) scratch.resize(rows_of(g, B) * patch_of(g));
    wscratch.resize(patch_of(g) * g.cout);
    add_filter_grad(g, B, patchesS[i], dt.data(), wscratch.data(), dpacked);
    ds.resize(in_size(g, B));
    conv_input_grad(g, B, dt.data(), packed, scratch.data(), ds.data());
    if (have_da) dh.resize(in_size(g, B));  // overwritten by the input gradient below
    else dh.assign(in_size(g, B), 0.f);
    if (have_da) {
      add_filter_grad(g, B, patchesH[i], da.data(), wscratch.data(), dpacked);
      float* db = dpacked + g.b_off;
      const size_t M = rows_of(g, B);
      for (size_t r = 0; r < M; ++r)
        for (int c = 0; c < g.cout; ++c) db[c] += da[r * g.cout + c];
      conv_input_grad(g, B, da.data(), packed, scratch.data(), dh.data());
    }
    if (i > 0) {
      const auto& sgp = sg[i - 1];
      const auto& tp = t[i - 1];
      dt.resize(ds.size());
      da.resize(ds.size());
      for (size_t j = 0; j < ds.size(); ++j) {
        dt[j] = sgp[j] * ds[j];
        da[j] = sgp[j] * (1.f - sgp[j]) * tp[j] * ds[j] + sgp[j] * dh[j];
      }
      have_da = true;
    }
  }
  // dh is now dL/dz: split into the parts, plus coef prior dy in the wrt part.
  int at = 0;
  for (size_t j = 0; j < d.parts.size(); ++j) {
    const int c = d.parts[j];
    for (size_t i = 0; i < pixels; ++i)
      for (int k = 0; k < c; ++k) {
        float val = dh[i * p.C + at + k];
        if (int(j) == d.wrt) val += d.coef * d.prior * dy[i * c + k];
        dparts[j][i * c + k] = val;
      }
    at += c;
  }
  release_large({&z, &v, &dt, &da, &ds, &dh, &scratch, &wscratch});
  for (auto* x : {&a, &sg, &h, &s, &t, &colsH, &colsS}) release_large(*x);
}

}  // namespace hs
