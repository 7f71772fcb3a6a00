// The decoder's memory-bound passes as single native loops (eltwise.cc): what tfjs runs as two to five wasm kernels,
// each reading and writing whole activation tensors, in one pass. See main/core/nn/fused-eltwise.ts for the maths.
#pragma once
#include <cstddef>

namespace hs {

enum class Activation { linear = 0, relu = 1, sigmoid = 2 };

/**
 * g = dy * act'(y), with act' read off the activation's output y, and db[c] = sum of g over the rows.
 * dy, y, g: [rows, channels]; linear leaves g unwritten (it equals dy) and may be given g = y = nullptr.
 */
void activation_grad(Activation act, const float* dy, const float* y, float* g, float* db, size_t rows, int channels);

/** y = a + b, n floats. */
void add(const float* a, const float* b, float* y, size_t n);

/** y = relu(a + b), n floats. */
void add_relu(const float* a, const float* b, float* y, size_t n);

/** Nearest-neighbour 2x upsampling of NHWC x [n, h, w, c] into y [n, 2h, 2w, c]. */
void upsample2x(const float* x, float* y, int n, int h, int w, int c);

/** Its gradient: dx [n, h, w, c] the sum of each 2x2 block of dy [n, 2h, 2w, c]. */
void upsample2x_grad(const float* dy, float* dx, int n, int h, int w, int c);

}  // namespace hs
