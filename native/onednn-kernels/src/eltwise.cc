#include "eltwise.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace hs {
namespace {

// Bias sums over hundreds of thousands of rows: float partial sums per block of rows (vectorisable), added into
// doubles, so the result does not depend on the row count's size the way one running float sum would.
constexpr size_t kBlock = 256;

// Two loops per block, each of a shape the compiler vectorises: the gate over the block's floats as one flat
// run, then the column sums of the block (in L1 by then).
template <bool WriteG, typename G>
void grad_rows(G gate, const float* __restrict dy, const float* __restrict y, float* __restrict g, float* db, size_t rows,
               int channels) {
  std::vector<double> total(channels, 0.0);
  std::vector<float> part(channels);
  float* __restrict p = part.data();
  for (size_t r0 = 0; r0 < rows; r0 += kBlock) {
    const size_t r1 = r0 + kBlock < rows ? r0 + kBlock : rows;
    const size_t o0 = r0 * channels, o1 = r1 * channels;
    const float* src = dy;
    if constexpr (WriteG) {
      for (size_t i = o0; i < o1; ++i) g[i] = gate(dy[i], y[i]);
      src = g;
    }
    std::fill(part.begin(), part.end(), 0.f);
    for (size_t r = r0; r < r1; ++r) {
      const float* row = src + r * channels;
      for (int c = 0; c < channels; ++c) p[c] += row[c];
    }
    for (int c = 0; c < channels; ++c) total[c] += p[c];
  }
  for (int c = 0; c < channels; ++c) db[c] = static_cast<float>(total[c]);
}

}  // namespace

void activation_grad(Activation act, const float* dy, const float* y, float* g, float* db, size_t rows, int channels) {
  switch (act) {
    case Activation::relu:
      // A select the compiler vectorises (a branch would be mispredicted half the time: the sign of y is a coin toss).
      grad_rows<true>([](float d, float v) { return v > 0.f ? d : 0.f; }, dy, y, g, db, rows, channels);
      break;
    case Activation::sigmoid:
      grad_rows<true>([](float d, float v) { return d * v * (1.f - v); }, dy, y, g, db, rows, channels);
      break;
    case Activation::linear:
      // y is never read: dy stands in for it.
      grad_rows<false>([](float d, float) { return d; }, dy, dy, nullptr, db, rows, channels);
      break;
  }
}

void add(const float* __restrict a, const float* __restrict b, float* __restrict y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = a[i] + b[i];
}

void add_relu(const float* __restrict a, const float* __restrict b, float* __restrict y, size_t n) {
  // max, not a branch: the sign of a + b is a coin toss, and a mispredicted branch per element costs 15x.
  for (size_t i = 0; i < n; ++i) y[i] = std::max(a[i] + b[i], 0.f);
}

void upsample2x(const float* x, float* y, int n, int h, int w, int c) {
  const size_t row = size_t(2) * w * c;  // one output row
  for (int b = 0; b < n; ++b) {
    for (int i = 0; i < h; ++i) {
      const float* src = x + (size_t(b) * h + i) * w * c;
      float* dst = y + (size_t(b) * 2 * h + 2 * i) * row;
      for (int j = 0; j < w; ++j) {
        std::memcpy(dst + size_t(2 * j) * c, src + size_t(j) * c, sizeof(float) * c);
        std::memcpy(dst + size_t(2 * j + 1) * c, src + size_t(j) * c, sizeof(float) * c);
      }
      std::memcpy(dst + row, dst, sizeof(float) * row);
    }
  }
}

void upsample2x_grad(const float* dy, float* dx, int n, int h, int w, int c) {
  const size_t row = size_t(2) * w * c;
  for (int b = 0; b < n; ++b) {
    for (int i = 0; i < h; ++i) {
      const float* top = dy + (size_t(b) * 2 * h + 2 * i) * row;
      const float* bottom = top + row;
      float* dst = dx + (size_t(b) * h + i) * w * c;
      for (int j = 0; j < w; ++j) {
        const float* t = top + size_t(2 * j) * c;
        const float* u = bottom + size_t(2 * j) * c;
        float* o = dst + size_t(j) * c;
        for (int k = 0; k < c; ++k) o[k] = (t[k] + t[c + k]) + (u[k] + u[c + k]);
      }
    }
  }
}

}  // namespace hs
