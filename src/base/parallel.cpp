#include "base/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace selfeval::base {

void for_each_index(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn) {
  std::vector<std::exception_ptr> failed(n);
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i; (i = next++) < n;) {
      try {
        fn(i);
      } catch (...) {
        failed[i] = std::current_exception();
      }
    }
  };
  const std::size_t wanted =
      std::min<std::size_t>(std::max(1u, threads), std::max<std::size_t>(n, 1));
  std::vector<std::thread> helpers;
  helpers.reserve(wanted - 1);
  for (std::size_t t = 1; t < wanted; ++t) {
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // the threads already started, and this one, do the rest
    }
  }
  work();
  for (std::thread& t : helpers) t.join();
  for (const std::exception_ptr& e : failed)
    if (e) std::rethrow_exception(e);
}

}  // namespace selfeval::base
