# Warning and sanitizer flags for this project's own C++ targets. The fetched grammars are
# C and are compiled without them: their generated code is not ours to fix.
set(OTEL_SETUP_WARNING_FLAGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(OTEL_SETUP_WERROR)
  list(APPEND OTEL_SETUP_WARNING_FLAGS -Werror)
endif()

if(OTEL_SETUP_SANITIZE)
  # GCC 12 with -fsanitize reports maybe-uninitialized inside libstdc++'s <regex> (a
  # std::function member of a moved-from _State), in any file that includes it; the warning
  # is not ours to fix and only appears under the sanitizers. Every other warning stays an
  # error.
  list(APPEND OTEL_SETUP_WARNING_FLAGS -Wno-maybe-uninitialized)
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-fsanitize=${OTEL_SETUP_SANITIZE}>
                      $<$<COMPILE_LANGUAGE:CXX>:-fno-omit-frame-pointer>
                      $<$<COMPILE_LANGUAGE:CXX>:-fno-sanitize-recover=all>)
  add_link_options(-fsanitize=${OTEL_SETUP_SANITIZE})
endif()

# Applies the project's warning flags to one of its targets.
function(otel_setup_warnings target)
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:${OTEL_SETUP_WARNING_FLAGS}>)
endfunction()
