// Convolutions in NHWC / HWIO (TensorFlow.js layouts) run by oneDNN on caller-owned buffers (no copies of the
// activations: the buffers are views of the wasm heap). Primitives are cached per thread by shape.
#pragma once
#include <cstdint>
#include <string>

namespace hs {

/** Everything that shapes one convolution; the same struct serves forward and both backward passes. */
struct ConvShape {
  int32_t n, h, w, c;        // input [N, H, W, C]
  int32_t kh, kw, co;        // filter [KH, KW, C, CO]
  int32_t oh, ow;            // output [N, OH, OW, CO]
  int32_t sh, sw, dh, dw;    // strides, dilations (TensorFlow's: 1 = dense)
  int32_t pt, pl, pb, pr;    // padding top, left, bottom, right
  int32_t activation;        // forward only: 0 linear, 1 relu, 2 sigmoid
  int32_t has_bias;          // forward only
  int32_t bf16;              // 1: the inputs are rounded to bfloat16 (fp32 accumulation and outputs): AMX/AVX-512 BF16
};

enum class Pass { forward, backward_data, backward_weights };

void conv_forward(const ConvShape& s, const float* x, const float* w, const float* bias, float* y);
void conv_backward_data(const ConvShape& s, const float* dy, const float* w, float* dx);
void conv_backward_weights(const ConvShape& s, const float* x, const float* dy, float* dw);
/** Both gradients of one conv in one call: dx and dw (in bfloat16, dy is converted once for both). */
void conv_backward(const ConvShape& s, const float* x, const float* dy, const float* w, float* dx, float* dw);

/** The oneDNN implementation chosen for a pass (e.g. "brgconv:avx512_core"), for benches and diagnostics. */
std::string implementation(const ConvShape& s, Pass pass);
void set_threads(int n);
int threads();
/** Whether this CPU runs bfloat16 convolutions natively (AVX-512 BF16 or AMX), and with which ISA. */
std::string bf16_isa();
std::string version();

}  // namespace hs
