#include "context.h"
#include "conv.h"

#include <omp.h>

#include <memory>
#include <oneapi/dnnl/dnnl.hpp>
#include <unordered_map>
#include <vector>

namespace hs {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

int g_threads = 1;

memory::dims src_dims(const ConvShape& s) { return {s.n, s.c, s.h, s.w}; }
memory::dims dst_dims(const ConvShape& s) { return {s.n, s.co, s.oh, s.ow}; }
memory::dims wei_dims(const ConvShape& s) { return {s.co, s.c, s.kh, s.kw}; }

memory::desc user_src(const ConvShape& s) { return {src_dims(s), dt::f32, tag::nhwc}; }
memory::desc user_dst(const ConvShape& s) { return {dst_dims(s), dt::f32, tag::nhwc}; }
memory::desc user_wei(const ConvShape& s) { return {wei_dims(s), dt::f32, tag::hwio}; }
// The primitive's inputs: the user's fp32 buffers as they are, or (bf16) their bfloat16 copies. Outputs stay fp32.
dt in_dt(const ConvShape& s) { return s.bf16 ? dt::bf16 : dt::f32; }
memory::desc in_src(const ConvShape& s) { return {src_dims(s), in_dt(s), tag::nhwc}; }
memory::desc in_dst(const ConvShape& s) { return {dst_dims(s), in_dt(s), tag::nhwc}; }
memory::desc any_wei(const ConvShape& s) { return {wei_dims(s), in_dt(s), tag::any}; }
memory::desc any_diff_wei(const ConvShape& s) { return {wei_dims(s), dt::f32, tag::any}; }

struct Geometry {
  memory::dims strides, dilates, pad_l, pad_r;
};
Geometry geometry(const ConvShape& s) {
  // oneDNN counts dilation from 0 (dense), TensorFlow from 1.
  return {{s.sh, s.sw}, {s.dh - 1, s.dw - 1}, {s.pt, s.pl}, {s.pb, s.pr}};
}

dnnl::convolution_forward::primitive_desc forward_pd(const ConvShape& s, bool with_bias, int activation) {
  auto g = geometry(s);
  auto desc = with_bias
      ? dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                                        in_src(s), any_wei(s), memory::desc({s.co}, dt::f32, tag::x), user_dst(s),
                                        g.strides, g.dilates, g.pad_l, g.pad_r)
      : dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                                        in_src(s), any_wei(s), user_dst(s), g.strides, g.dilates, g.pad_l, g.pad_r);
  dnnl::primitive_attr attr;
  if (activation != 0) {
    dnnl::post_ops ops;
    ops.append_eltwise(1.f, activation == 1 ? dnnl::algorithm::eltwise_relu : dnnl::algorithm::eltwise_logistic, 0.f, 0.f);
    attr.set_post_ops(ops);
  }
  return {desc, attr, ctx().eng};
}

/** A primitive with the weights layout it wants and the reorder between that and TensorFlow's HWIO. */
struct Entry {
  dnnl::primitive prim;
  memory::desc weights;          // as the primitive wants them
  bool reorder;                  // whether that differs from HWIO
  dnnl::reorder to_or_from_user; // HWIO -> weights (forward, backward data) or weights -> HWIO (backward weights)
  std::string impl;
};

std::string key_of(const ConvShape& s, Pass pass) {
  const int32_t* p = &s.n;
  std::string k(reinterpret_cast<const char*>(p), sizeof(ConvShape));
  k.push_back(static_cast<char>(pass));
  return k;
}

Entry make_entry(const ConvShape& s, Pass pass) {
  auto& eng = ctx().eng;
  auto g = geometry(s);
  Entry e;
  if (pass == Pass::forward) {
    auto pd = forward_pd(s, s.has_bias != 0, s.activation);
    e.prim = dnnl::convolution_forward(pd);
    e.weights = pd.weights_desc();
    e.impl = pd.impl_info_str();
  } else if (pass == Pass::backward_data) {
    auto hint = forward_pd(s, false, 0);
    dnnl::convolution_backward_data::desc desc(dnnl::algorithm::convolution_direct, user_src(s), any_wei(s),
                                               in_dst(s), g.strides, g.dilates, g.pad_l, g.pad_r);
    dnnl::convolution_backward_data::primitive_desc pd(desc, eng, hint);
    e.prim = dnnl::convolution_backward_data(pd);
    e.weights = pd.weights_desc();
    e.impl = pd.impl_info_str();
  } else {
    auto hint = forward_pd(s, false, 0);
    dnnl::convolution_backward_weights::desc desc(dnnl::algorithm::convolution_direct, in_src(s), any_diff_wei(s),
                                                  in_dst(s), g.strides, g.dilates, g.pad_l, g.pad_r);
    dnnl::convolution_backward_weights::primitive_desc pd(desc, eng, hint);
    e.prim = dnnl::convolution_backward_weights(pd);
    e.weights = pd.diff_weights_desc();
    e.impl = pd.impl_info_str();
  }
  e.reorder = e.weights != user_wei(s);
  if (e.reorder) {
    auto user = user_wei(s);
    e.to_or_from_user = pass == Pass::backward_weights ? dnnl::reorder(dnnl::reorder::primitive_desc(eng, e.weights, eng, user))
                                                       : dnnl::reorder(dnnl::reorder::primitive_desc(eng, user, eng, e.weights));
  }
  return e;
}

Entry& entry(const ConvShape& s, Pass pass) {
  thread_local std::unordered_map<std::string, std::unique_ptr<Entry>> cache;
  auto k = key_of(s, pass);
  auto it = cache.find(k);
  if (it != cache.end()) return *it->second;
  // A training run uses a few dozen shapes; a bound keeps a long session of varied jobs from growing forever.
  if (cache.size() > 512) cache.clear();
  auto e = std::make_unique<Entry>(make_entry(s, pass));
  return *cache.emplace(k, std::move(e)).first->second;
}

/**
 * An fp32 activation buffer as the primitive reads it: itself, or (bf16) rounded into a per-thread bfloat16
 * buffer for `slot` (each argument of a call has its own slot, so two conversions of one call never share one;
 * slot 2 holds dy across both passes of conv_backward).
 */
memory input(const ConvShape& s, const memory::desc& user, const float* p, int slot) {
  auto f32 = wrap(user, p);
  if (!s.bf16) return f32;
  thread_local std::vector<uint16_t> buffers[3];
  auto bf = memory::desc(user.dims(), dt::bf16, tag::nhwc);
  auto& buf = buffers[slot];
  buf.resize(bf.get_size() / sizeof(uint16_t));
  memory m(bf, ctx().eng, buf.data());
  dnnl::reorder(f32, m).execute(ctx().strm, f32, m);
  return m;
}

/** The weights as the primitive wants them: the user's HWIO buffer itself, or a reordered copy. */
memory weights_in(Entry& e, const ConvShape& s, const float* w) {
  auto user = wrap(user_wei(s), w);
  if (!e.reorder) return user;
  memory m(e.weights, ctx().eng);
  e.to_or_from_user.execute(ctx().strm, user, m);
  return m;
}

}  // namespace

namespace {

/** The forward pass on a source already in the primitive's input type. */
void forward_exec(const ConvShape& s, const memory& src, const float* w, const float* bias, float* y) {
  omp_set_num_threads(g_threads);
  auto& e = entry(s, Pass::forward);
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights_in(e, s, w)}, {DNNL_ARG_DST, wrap(user_dst(s), y)}};
  if (s.has_bias) args.emplace(DNNL_ARG_BIAS, wrap(memory::desc({s.co}, dt::f32, tag::x), bias));
  e.prim.execute(ctx().strm, args);
  ctx().strm.wait();
}

}  // namespace

void conv_forward(const ConvShape& s, const float* x, const float* w, const float* bias, float* y) {
  forward_exec(s, input(s, user_src(s), x, 0), w, bias, y);
}

/**
 * Stride 1 without dilation: dx is a forward correlation of dy with the filter flipped in space and its channel
 * axes swapped, padded by K-1-pad. oneDNN's forward kernels (brgconv) run it about 1.4x faster than its
 * backward-data kernels, and the flipped filter is tiny next to the activations. False when that does not apply.
 */
bool backward_data_as_forward(const ConvShape& s, const memory& dy, const float* w, float* dx) {
  ConvShape f{};
  f.n = s.n; f.h = s.oh; f.w = s.ow; f.c = s.co;
  f.kh = s.kh; f.kw = s.kw; f.co = s.c;
  f.oh = s.h; f.ow = s.w;
  f.sh = f.sw = f.dh = f.dw = 1;
  f.pt = s.kh - 1 - s.pt; f.pl = s.kw - 1 - s.pl; f.pb = s.kh - 1 - s.pb; f.pr = s.kw - 1 - s.pr;
  f.bf16 = s.bf16;
  if (s.sh != 1 || s.sw != 1 || s.dh != 1 || s.dw != 1 || f.pt < 0 || f.pl < 0 || f.pb < 0 || f.pr < 0) return false;
  thread_local std::vector<float> flipped;
  flipped.resize(size_t(s.kh) * s.kw * s.c * s.co);
  for (int i = 0; i < s.kh; ++i)
    for (int j = 0; j < s.kw; ++j) {
      const float* src = w + (size_t(i) * s.kw + j) * s.c * s.co;                             // [ci][co]
      float* dst = flipped.data() + (size_t(s.kh - 1 - i) * s.kw + (s.kw - 1 - j)) * s.c * s.co;  // [co][ci]
      for (int ci = 0; ci < s.c; ++ci)
        for (int co = 0; co < s.co; ++co) dst[size_t(co) * s.c + ci] = src[size_t(ci) * s.co + co];
    }
  // dy as converted for this conv is exactly the source the flipped conv reads (same dims, type and layout).
  forward_exec(f, dy, flipped.data(), nullptr, dx);
  return true;
}

namespace {

void backward_data_exec(const ConvShape& s, const memory& dy, const float* w, float* dx) {
  if (backward_data_as_forward(s, dy, w, dx)) return;
  omp_set_num_threads(g_threads);
  auto& e = entry(s, Pass::backward_data);
  e.prim.execute(ctx().strm, {{DNNL_ARG_DIFF_DST, dy}, {DNNL_ARG_WEIGHTS, weights_in(e, s, w)}, {DNNL_ARG_DIFF_SRC, wrap(user_src(s), dx)}});
  ctx().strm.wait();
}

void backward_weights_exec(const ConvShape& s, const memory& x, const memory& dy, float* dw) {
  omp_set_num_threads(g_threads);
  auto& e = entry(s, Pass::backward_weights);
  auto user = wrap(user_wei(s), dw);
  memory out = e.reorder ? memory(e.weights, ctx().eng) : user;
  e.prim.execute(ctx().strm, {{DNNL_ARG_SRC, x}, {DNNL_ARG_DIFF_DST, dy}, {DNNL_ARG_DIFF_WEIGHTS, out}});
  if (e.reorder) e.to_or_from_user.execute(ctx().strm, out, user);
  ctx().strm.wait();
}

}  // namespace

void conv_backward_data(const ConvShape& s, const float* dy, const float* w, float* dx) {
  backward_data_exec(s, input(s, user_dst(s), dy, 0), w, dx);
}

void conv_backward_weights(const ConvShape& s, const float* x, const float* dy, float* dw) {
  backward_weights_exec(s, input(s, user_src(s), x, 0), input(s, user_dst(s), dy, 1), dw);
}

void conv_backward(const ConvShape& s, const float* x, const float* dy, const float* w, float* dx, float* dw) {
  // In bfloat16, dy is converted once for both passes (a conversion costs about half a pass's arithmetic here).
  const memory g = input(s, user_dst(s), dy, 2);
  backward_data_exec(s, g, w, dx);
  backward_weights_exec(s, input(s, user_src(s), x, 0), g, dw);
}

std::string implementation(const ConvShape& s, Pass pass) { return entry(s, pass).impl; }

void set_threads(int n) { g_threads = n < 1 ? 1 : n; }

std::string bf16_isa() {
  auto isa = dnnl::get_effective_cpu_isa();
  if (isa == dnnl::cpu_isa::avx512_core_amx) return "AMX";
  if (isa == dnnl::cpu_isa::avx512_core_bf16) return "AVX-512 BF16";
  return "";
}
int threads() { return g_threads; }

std::string version() {
  auto v = dnnl::version();
  return std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
}

}  // namespace hs
