# Project warnings as an INTERFACE target linked PRIVATE by each of our libraries,
# so third-party headers are not held to them.
add_library(selfeval_warnings INTERFACE)
target_compile_options(selfeval_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough -Wformat=2)
if(SELFEVAL_WERROR)
  target_compile_options(selfeval_warnings INTERFACE -Werror)
endif()
