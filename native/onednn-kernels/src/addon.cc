// N-API surface of the oneDNN kernels: typed-array views in, results written into the caller's output view.
// Every size is checked against the shape before oneDNN touches memory; oneDNN errors become JS errors.
#include <napi.h>

#include <exception>
#include <string>
#include <vector>

#include "conv.h"
#include "eltwise.h"
#include "gemm.h"
#include "kick.h"

namespace {

constexpr size_t kShapeFields = sizeof(hs::ConvShape) / sizeof(int32_t);

hs::ConvShape shape_of(const Napi::Value& v) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
    throw std::invalid_argument("the conv shape must be an Int32Array");
  auto a = v.As<Napi::Int32Array>();
  if (a.ElementLength() != kShapeFields)
    throw std::invalid_argument("the conv shape must have " + std::to_string(kShapeFields) + " fields");
  hs::ConvShape s;
  std::copy(a.Data(), a.Data() + kShapeFields, &s.n);
  const int32_t* f = &s.n;
  for (size_t i = 0; i < kShapeFields; ++i) {
    if (f[i] < 0) throw std::invalid_argument("the conv shape has a negative field");
  }
  if (s.sh < 1 || s.sw < 1 || s.dh < 1 || s.dw < 1) throw std::invalid_argument("strides and dilations must be >= 1");
  return s;
}

float* floats(const Napi::Value& v, size_t need, const char* what) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    throw std::invalid_argument(std::string(what) + " must be a Float32Array");
  auto a = v.As<Napi::Float32Array>();
  if (a.ElementLength() < need)
    throw std::invalid_argument(std::string(what) + " holds " + std::to_string(a.ElementLength()) + " floats, needs " +
                                std::to_string(need));
  return a.Data();
}

size_t src_size(const hs::ConvShape& s) { return size_t(s.n) * s.h * s.w * s.c; }
size_t dst_size(const hs::ConvShape& s) { return size_t(s.n) * s.oh * s.ow * s.co; }
size_t wei_size(const hs::ConvShape& s) { return size_t(s.kh) * s.kw * s.c * s.co; }

template <typename F>
Napi::Value guarded(const Napi::CallbackInfo& info, F body) {
  try {
    return body();
  } catch (const std::exception& e) {
    Napi::Error::New(info.Env(), std::string("oneDNN kernels: ") + e.what()).ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
}

// convForward(x, w, bias | null, y, shape)
Napi::Value ConvForward(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    auto s = shape_of(info[4]);
    const float* bias = s.has_bias ? floats(info[2], s.co, "bias") : nullptr;
    hs::conv_forward(s, floats(info[0], src_size(s), "x"), floats(info[1], wei_size(s), "filter"), bias,
                     floats(info[3], dst_size(s), "y"));
    return info.Env().Undefined();
  });
}

// convBackwardData(dy, w, dx, shape)
Napi::Value ConvBackwardData(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    auto s = shape_of(info[3]);
    hs::conv_backward_data(s, floats(info[0], dst_size(s), "dy"), floats(info[1], wei_size(s), "filter"),
                           floats(info[2], src_size(s), "dx"));
    return info.Env().Undefined();
  });
}

// convBackwardWeights(x, dy, dw, shape)
Napi::Value ConvBackwardWeights(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    auto s = shape_of(info[3]);
    hs::conv_backward_weights(s, floats(info[0], src_size(s), "x"), floats(info[1], dst_size(s), "dy"),
                              floats(info[2], wei_size(s), "dw"));
    return info.Env().Undefined();
  });
}

// convBackward(x, dy, w, dx, dw, shape)
Napi::Value ConvBackward(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    auto s = shape_of(info[5]);
    hs::conv_backward(s, floats(info[0], src_size(s), "x"), floats(info[1], dst_size(s), "dy"), floats(info[2], wei_size(s), "filter"),
                      floats(info[3], src_size(s), "dx"), floats(info[4], wei_size(s), "dw"));
    return info.Env().Undefined();
  });
}

hs::GemmShape gemm_shape_of(const Napi::Value& v) {
  constexpr size_t fields = sizeof(hs::GemmShape) / sizeof(int32_t);
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array ||
      v.As<Napi::Int32Array>().ElementLength() != fields)
    throw std::invalid_argument("the gemm shape must be an Int32Array of " + std::to_string(fields) + " fields");
  hs::GemmShape s;
  std::copy(v.As<Napi::Int32Array>().Data(), v.As<Napi::Int32Array>().Data() + fields, &s.batch_a);
  if (s.m < 1 || s.n < 1 || s.k < 1 || s.batch_a < 1 || s.batch_b < 1) throw std::invalid_argument("gemm sizes must be >= 1");
  if (s.batch_a != s.batch_b && s.batch_a != 1 && s.batch_b != 1)
    throw std::invalid_argument("gemm batches must be equal or 1");
  return s;
}

// gemm(a, b, c, shape)
Napi::Value Gemm(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    auto s = gemm_shape_of(info[3]);
    const size_t batch = size_t(std::max(s.batch_a, s.batch_b));
    hs::gemm(s, floats(info[0], size_t(s.batch_a) * s.m * s.k, "a"), floats(info[1], size_t(s.batch_b) * s.k * s.n, "b"),
             floats(info[2], batch * s.m * s.n, "c"));
    return info.Env().Undefined();
  });
}

// A kick's description: Int32Array [batch, height, width, nparts, c0, c1, wrt, nlayers, (k, stride, same, cin, cout) x
// nlayers] and Float32Array [coef, prior].
hs::KickDesc kick_desc_of(const Napi::Value& v, const Napi::Value& coefs) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
    throw std::invalid_argument("the kick description must be an Int32Array");
  auto a = v.As<Napi::Int32Array>();
  const size_t n = a.ElementLength();
  const int32_t* f = a.Data();
  if (n < 8 || f[7] < 1 || n != 8 + size_t(f[7]) * 5) throw std::invalid_argument("malformed kick description");
  for (size_t i = 0; i < n; ++i)
    if (f[i] < 0) throw std::invalid_argument("the kick description has a negative field");
  hs::KickDesc d;
  d.batch = f[0];
  d.height = f[1];
  d.width = f[2];
  if (f[3] < 1 || f[3] > 2) throw std::invalid_argument("a kick has one or two input parts");
  for (int j = 0; j < f[3]; ++j) {
    if (f[4 + j] < 1) throw std::invalid_argument("a kick part has no channels");
    d.parts.push_back(f[4 + j]);
  }
  d.wrt = f[6];
  for (int i = 0; i < f[7]; ++i) {
    const int32_t* l = f + 8 + i * 5;
    if (l[0] < 1 || l[1] < 1 || l[3] < 1 || l[4] < 1) throw std::invalid_argument("a kick layer has an empty size");
    d.layers.push_back({l[0], l[1], l[2] ? 1 : 0, l[3], l[4]});
  }
  if (!coefs.IsTypedArray() || coefs.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array ||
      coefs.As<Napi::Float32Array>().ElementLength() != 2)
    throw std::invalid_argument("the kick coefficients must be a Float32Array [coef, prior]");
  d.coef = coefs.As<Napi::Float32Array>()[0];
  d.prior = coefs.As<Napi::Float32Array>()[1];
  return d;
}

std::vector<float*> part_views(const Napi::Value& v, const hs::KickDesc& d, const char* what) {
  if (!v.IsArray()) throw std::invalid_argument(std::string(what) + " must be an array of Float32Arrays");
  auto arr = v.As<Napi::Array>();
  if (arr.Length() != d.parts.size()) throw std::invalid_argument(std::string(what) + " must have one array per part");
  std::vector<float*> out;
  for (uint32_t j = 0; j < arr.Length(); ++j)
    out.push_back(floats(arr.Get(j), size_t(d.batch) * d.height * d.width * d.parts[j], what));
  return out;
}

// kickForward(parts, packed, target | null, out, desc, coefs)
Napi::Value KickForward(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    auto d = kick_desc_of(info[4], info[5]);
    auto parts = part_views(info[0], d, "kick parts");
    const size_t wrt = size_t(d.batch) * d.height * d.width * d.parts[d.wrt];
    const float* target = info[2].IsNull() ? nullptr : floats(info[2], wrt, "kick target");
    std::vector<const float*> cparts(parts.begin(), parts.end());
    hs::kick_forward(d, cparts.data(), floats(info[1], hs::kick_packed_size(d), "kick weights"), target,
                     floats(info[3], wrt, "kick output"));
    return info.Env().Undefined();
  });
}

// kickBackward(parts, packed, dy, dparts, dpacked, desc, coefs)
Napi::Value KickBackward(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    auto d = kick_desc_of(info[5], info[6]);
    auto parts = part_views(info[0], d, "kick parts");
    auto dparts = part_views(info[3], d, "kick part gradients");
    const size_t wrt = size_t(d.batch) * d.height * d.width * d.parts[d.wrt];
    const size_t np = hs::kick_packed_size(d);
    std::vector<const float*> cparts(parts.begin(), parts.end());
    hs::kick_backward(d, cparts.data(), floats(info[1], np, "kick weights"), floats(info[2], wrt, "kick dy"), dparts.data(),
                      floats(info[4], np, "kick weight gradient"));
    return info.Env().Undefined();
  });
}

int32_t positive(const Napi::Value& v, const char* what) {
  if (!v.IsNumber()) throw std::invalid_argument(std::string(what) + " must be a number");
  const int32_t n = v.As<Napi::Number>().Int32Value();
  if (n < 1) throw std::invalid_argument(std::string(what) + " must be >= 1");
  return n;
}

// activationGrad(activation: 0 linear | 1 relu | 2 sigmoid, dy, y | null, g | null, db, rows, channels)
Napi::Value ActivationGrad(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    const int act = info[0].As<Napi::Number>().Int32Value();
    if (act < 0 || act > 2) throw std::invalid_argument("activation must be 0 (linear), 1 (relu) or 2 (sigmoid)");
    const size_t rows = size_t(positive(info[5], "rows"));
    const int channels = positive(info[6], "channels");
    const size_t n = rows * channels;
    const bool linear = act == 0;
    hs::activation_grad(static_cast<hs::Activation>(act), floats(info[1], n, "dy"), linear ? nullptr : floats(info[2], n, "y"),
                        linear ? nullptr : floats(info[3], n, "g"), floats(info[4], size_t(channels), "db"), rows, channels);
    return info.Env().Undefined();
  });
}

// add(a, b, y, n) and addRelu(a, b, y, n)
template <bool Relu>
Napi::Value Add(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    const size_t n = size_t(positive(info[3], "n"));
    (Relu ? hs::add_relu : hs::add)(floats(info[0], n, "a"), floats(info[1], n, "b"), floats(info[2], n, "y"), n);
    return info.Env().Undefined();
  });
}

// upsample2x(x, y, n, h, w, c) and upsample2xGrad(dy, dx, n, h, w, c): sizes are the small side's.
template <bool Grad>
Napi::Value Upsample(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    const int n = positive(info[2], "n"), h = positive(info[3], "h"), w = positive(info[4], "w"), c = positive(info[5], "c");
    const size_t small = size_t(n) * h * w * c;
    if (Grad) hs::upsample2x_grad(floats(info[0], 4 * small, "dy"), floats(info[1], small, "dx"), n, h, w, c);
    else hs::upsample2x(floats(info[0], small, "x"), floats(info[1], 4 * small, "y"), n, h, w, c);
    return info.Env().Undefined();
  });
}

// implementation(shape, pass: 0 forward, 1 backward data, 2 backward weights)
Napi::Value Implementation(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    auto s = shape_of(info[0]);
    int pass = info[1].As<Napi::Number>().Int32Value();
    if (pass < 0 || pass > 2) throw std::invalid_argument("pass must be 0, 1 or 2");
    return Napi::String::New(info.Env(), hs::implementation(s, static_cast<hs::Pass>(pass)));
  });
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  hs::set_threads(info[0].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  auto o = Napi::Object::New(info.Env());
  o.Set("library", "oneDNN");
  o.Set("version", hs::version());
  o.Set("threads", hs::threads());
  o.Set("bf16", hs::bf16_isa());
  return o;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("convForward", Napi::Function::New(env, ConvForward));
  exports.Set("convBackwardData", Napi::Function::New(env, ConvBackwardData));
  exports.Set("convBackwardWeights", Napi::Function::New(env, ConvBackwardWeights));
  exports.Set("convBackward", Napi::Function::New(env, ConvBackward));
  exports.Set("gemm", Napi::Function::New(env, Gemm));
  exports.Set("kickForward", Napi::Function::New(env, KickForward));
  exports.Set("kickBackward", Napi::Function::New(env, KickBackward));
  exports.Set("activationGrad", Napi::Function::New(env, ActivationGrad));
  exports.Set("add", Napi::Function::New(env, Add<false>));
  exports.Set("addRelu", Napi::Function::New(env, Add<true>));
  exports.Set("upsample2x", Napi::Function::New(env, Upsample<false>));
  exports.Set("upsample2xGrad", Napi::Function::New(env, Upsample<true>));
  exports.Set("implementation", Napi::Function::New(env, Implementation));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("info", Napi::Function::New(env, Info));
  return exports;
}

}  // namespace

NODE_API_MODULE(hs_onednn, Init)
