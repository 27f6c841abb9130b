// gzip (RFC 1952) for request bodies, available when the runtime is built with zlib.
#pragma once

#include <string>
#include <string_view>

namespace otelrt::internal {

bool gzip_available();
// False when zlib is missing or fails; `out` is then unspecified.
bool gzip_compress(std::string_view input, std::string& out);
// Bounded: fails when the output would exceed `max_output` bytes. For tests and receivers.
bool gzip_decompress(std::string_view input, std::string& out, std::size_t max_output);

}  // namespace otelrt::internal
