# selfeval_layer(NAME): a static library of every .cpp in the current folder.
# Sources are globbed so adding a file to a layer needs no edit of its CMakeLists.
function(selfeval_layer name)
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  list(FILTER sources EXCLUDE REGEX "/main\\.cpp$")
  if(NOT sources)
    # A layer whose first file is not written yet still links.
    set(sources ${PROJECT_SOURCE_DIR}/cmake/empty.cpp)
  endif()
  add_library(${name} STATIC ${sources})
  target_link_libraries(${name} PRIVATE selfeval_warnings)
endfunction()
