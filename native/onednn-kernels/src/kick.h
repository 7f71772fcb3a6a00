// The HGN energy kick as native code (kick.cc): see main/core/models/hgn/energy-kick.ts for the maths.
#pragma once
#include <cstddef>
#include <vector>

namespace hs {

struct KickLayer {
  int k, stride, same, cin, cout;
};

/** One kick: the input's batch and spatial size, its parts' channels, and the network. */
struct KickDesc {
  int batch, height, width;
  std::vector<int> parts;  // channels of each input part (1 or 2), concatenated on the channel axis
  int wrt;                 // the part the gradient is taken in
  float coef, prior;
  std::vector<KickLayer> layers;
};

/** Floats of the packed weights the network needs (w [k, k, cin, cout] then b [cout], layer by layer). */
size_t kick_packed_size(const KickDesc& d);

/** out = target + coef (dE/dx_wrt + prior x_wrt); target may be null. out has the wrt part's shape. */
void kick_forward(const KickDesc& d, const float* const* parts, const float* packed, const float* target, float* out);

/** Gradients of <dy, out> in each part and in the packed weights (forward-over-reverse). */
void kick_backward(const KickDesc& d, const float* const* parts, const float* packed, const float* dy, float* const* dparts,
                   float* dpacked);

}  // namespace hs
