// Row-major float matrix products run by oneDNN's matmul primitive on caller-owned buffers. Not dnnl_sgemm: its
// JIT kernels corrupt the heap when a signal lands mid-call (Node's --cpu-prof sends SIGPROF; reproduced with a
// plain loop of sgemm calls), which the primitives do not.
#pragma once
#include <cstdint>

namespace hs {

/** One batched product c[i] = op(a[i]) op(b[i]) with op = transpose or not; a batch of 1 broadcasts. */
struct GemmShape {
  int32_t batch_a, batch_b;  // matrices in a and in b: equal, or 1 (shared by every product)
  int32_t m, n, k;           // c[i] is [m, n], the inner dimension k
  int32_t trans_a, trans_b;  // a[i] is [m, k] or, transposed, [k, m]; b[i] is [k, n] or [n, k]
};

void gemm(const GemmShape& s, const float* a, const float* b, float* c);

}  // namespace hs
