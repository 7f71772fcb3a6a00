// One oneDNN engine and stream per thread: each worker thread of the app loads the addon and runs its own job.
#pragma once
#include <oneapi/dnnl/dnnl.hpp>

namespace hs {

struct Context {
  dnnl::engine eng{dnnl::engine::kind::cpu, 0};
  dnnl::stream strm{eng};
};

inline Context& ctx() {
  thread_local Context c;
  return c;
}

/** A caller-owned buffer as oneDNN memory (no copy). */
inline dnnl::memory wrap(const dnnl::memory::desc& md, const void* p) { return dnnl::memory(md, ctx().eng, const_cast<void*>(p)); }

}  // namespace hs
