#include "gzip_body.hpp"

#ifdef OTELRT_HAVE_ZLIB
#include <zlib.h>
#endif

namespace otelrt::internal {

#ifdef OTELRT_HAVE_ZLIB

namespace {
constexpr int kGzipWindowBits = 15 + 16;  // +16 selects the gzip wrapper
}

bool gzip_available() {
  return true;
}

bool gzip_compress(std::string_view input, std::string& out) {
  z_stream stream{};
  // Level 6 (zlib's default): OTLP batches are repetitive and shrink 5-10x.
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return false;
  }
  out.resize(deflateBound(&stream, static_cast<uLong>(input.size())) + 32);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return rc == Z_STREAM_END;
}

bool gzip_decompress(std::string_view input, std::string& out, std::size_t max_output) {
  z_stream stream{};
  if (inflateInit2(&stream, kGzipWindowBits) != Z_OK) return false;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  out.clear();
  char buffer[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    rc = inflate(&stream, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buffer, sizeof buffer - stream.avail_out);
    if (out.size() > max_output) {
      rc = Z_BUF_ERROR;
      break;
    }
    if (rc == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
      rc = Z_DATA_ERROR;  // truncated input
    }
  }
  inflateEnd(&stream);
  return rc == Z_STREAM_END;
}

#else

bool gzip_available() {
  return false;
}
bool gzip_compress(std::string_view, std::string&) {
  return false;
}
bool gzip_decompress(std::string_view, std::string&, std::size_t) {
  return false;
}

#endif

}  // namespace otelrt::internal
