#pragma once

#include <cstddef>
#include <functional>

namespace selfeval::base {

// Runs fn(i) once for every i in [0, n), on up to `threads` threads, the calling one among them;
// indices are handed out in order. An exception of fn(i) is kept and, once every index has run,
// the one of the lowest index is rethrown. A thread the system refuses to start (out of threads,
// a process limit) is no failure: the threads that did start do its share.
void for_each_index(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn);

}  // namespace selfeval::base
