#include "gemm.h"

#include <omp.h>

#include <algorithm>
#include <memory>
#include <oneapi/dnnl/dnnl.hpp>
#include <string>
#include <unordered_map>

#include "context.h"
#include "conv.h"

namespace hs {
namespace {

using dnnl::memory;
using dt = memory::data_type;

/** [batch, rows, cols] of a row-major operand stored as [batch, rows, cols] or, transposed, [batch, cols, rows]. */
memory::desc operand(int32_t batch, int32_t rows, int32_t cols, bool transposed) {
  memory::dims strides = transposed ? memory::dims{int64_t(rows) * cols, 1, rows} : memory::dims{int64_t(rows) * cols, cols, 1};
  return {{batch, rows, cols}, dt::f32, strides};
}

struct Entry {
  memory::desc a, b, c;
  dnnl::matmul prim;
};

Entry make_entry(const GemmShape& s) {
  Entry e;
  e.a = operand(s.batch_a, s.m, s.k, s.trans_a != 0);
  e.b = operand(s.batch_b, s.k, s.n, s.trans_b != 0);
  e.c = operand(std::max(s.batch_a, s.batch_b), s.m, s.n, false);
  dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(e.a, e.b, e.c), ctx().eng);
  e.prim = dnnl::matmul(pd);
  return e;
}

Entry& entry(const GemmShape& s) {
  thread_local std::unordered_map<std::string, std::unique_ptr<Entry>> cache;
  std::string k(reinterpret_cast<const char*>(&s), sizeof(GemmShape));
  auto it = cache.find(k);
  if (it != cache.end()) return *it->second;
  // An MLP's training step uses a few dozen shapes; the bound keeps a long session of varied jobs in check.
  if (cache.size() > 512) cache.clear();
  return *cache.emplace(k, std::make_unique<Entry>(make_entry(s))).first->second;
}

}  // namespace

void gemm(const GemmShape& s, const float* a, const float* b, float* c) {
  omp_set_num_threads(threads());
  auto& e = entry(s);
  e.prim.execute(ctx().strm, {{DNNL_ARG_SRC, wrap(e.a, a)}, {DNNL_ARG_WEIGHTS, wrap(e.b, b)}, {DNNL_ARG_DST, wrap(e.c, c)}});
  ctx().strm.wait();
}

}  // namespace hs
