// Incremental HTTP/1.1 response parser for the socket transport: status line, headers,
// then a Content-Length, chunked or close-delimited body, keeping at most
// max_response_bytes of it. Bytes are consumed from the caller's buffer as they are parsed.
#pragma once

#include <cstddef>
#include <string>

#include "http_client.hpp"

namespace otelrt::internal {

enum class ParseState { need_more, done, error };

class HttpResponseParser {
 public:
  explicit HttpResponseParser(std::size_t max_body_bytes) : max_body_(max_body_bytes) {}

  // Consumes what it can from `buffer` into `response`.
  ParseState feed(std::string& buffer, HttpResponse& response);
  // The peer closed the connection: true when that ends a close-delimited body.
  bool finish_at_eof(HttpResponse& response);
  // Whether the connection may carry the next request.
  bool keep_alive() const { return keep_alive_ && !truncated_; }

 private:
  enum class Stage { head, fixed_body, chunk_size, chunk_data, chunk_end, trailers, eof_body };

  ParseState parse_head(std::string& buffer, HttpResponse& response);
  // Appends up to the body limit; false once the limit cut the body short.
  bool take_body(std::string& buffer, std::size_t count, HttpResponse& response);
  // Keeps what fits of `buffer` and ends the response; the connection is then dropped.
  ParseState truncate(std::string& buffer, HttpResponse& response);
  ParseState fail(HttpResponse& response, const char* why);

  std::size_t max_body_;
  Stage stage_ = Stage::head;
  std::size_t remaining_ = 0;  // of the fixed body or of the current chunk
  bool keep_alive_ = true;
  bool truncated_ = false;
};

}  // namespace otelrt::internal
