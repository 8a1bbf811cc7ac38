# SELFEVAL_SANITIZE="address;undefined" builds everything (tests included) with those sanitizers.
if(SELFEVAL_SANITIZE)
  string(REPLACE ";" "," _selfeval_san "${SELFEVAL_SANITIZE}")
  add_compile_options(-fsanitize=${_selfeval_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_selfeval_san})
endif()
