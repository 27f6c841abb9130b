#include "http_response_parser.hpp"

#include <algorithm>
#include <cctype>

namespace otelrt::internal {
namespace {

constexpr std::size_t kMaxHeadBytes = 64 * 1024;
constexpr std::size_t kMaxLineBytes = 4096;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

bool parse_decimal(std::string_view text, std::size_t& out) {
  if (text.empty() || text.size() > 18) return false;
  out = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    out = out * 10 + static_cast<std::size_t>(c - '0');
  }
  return true;
}

bool parse_hex(std::string_view text, std::size_t& out) {
  text = trim(text.substr(0, text.find(';')));  // chunk extensions are ignored
  if (text.empty() || text.size() > 15) return false;
  out = 0;
  for (char c : text) {
    int digit = std::isdigit(static_cast<unsigned char>(c))
                    ? c - '0'
                    : (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
    if (digit < 0 || digit > 15) return false;
    out = out * 16 + static_cast<std::size_t>(digit);
  }
  return true;
}

}  // namespace

ParseState HttpResponseParser::fail(HttpResponse& response, const char* why) {
  response.complete = false;
  response.error = why;
  keep_alive_ = false;
  return ParseState::error;
}

ParseState HttpResponseParser::parse_head(std::string& buffer, HttpResponse& response) {
  std::size_t end = buffer.find("\r\n\r\n");
  if (end == std::string::npos) {
    if (buffer.size() > kMaxHeadBytes) return fail(response, "response headers too large");
    return ParseState::need_more;
  }
  std::string_view head(buffer.data(), end);
  std::size_t line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1." || status_line[8] != ' ') {
    return fail(response, "malformed HTTP status line");
  }
  std::size_t status = 0;
  if (!parse_decimal(status_line.substr(9, 3), status) || status < 100 || status > 999) {
    return fail(response, "malformed HTTP status code");
  }
  bool http10 = status_line[7] == '0';
  keep_alive_ = !http10;
  bool chunked = false;
  bool has_length = false;
  std::size_t length = 0;
  std::string_view rest =
      line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2);
  while (!rest.empty()) {
    std::size_t next = rest.find("\r\n");
    std::string_view line = rest.substr(0, next);
    rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name = lower(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-length") {
      if (!parse_decimal(value, length)) return fail(response, "invalid Content-Length");
      has_length = true;
    } else if (name == "transfer-encoding") {
      chunked = lower(value).find("chunked") != std::string::npos;
    } else if (name == "connection") {
      std::string option = lower(value);
      if (option.find("close") != std::string::npos) keep_alive_ = false;
      if (option.find("keep-alive") != std::string::npos && http10) keep_alive_ = true;
    } else if (name == "retry-after") {
      response.retry_after = std::string(value);
    } else if (name == "content-type") {
      response.content_type = std::string(value);
    }
  }
  buffer.erase(0, end + 4);
  if (status < 200) {  // interim response (100 Continue, 103 Early Hints): the real one follows
    response.retry_after.clear();
    response.content_type.clear();
    return ParseState::need_more;
  }
  response.status = static_cast<int>(status);
  response.complete = true;
  if (status == 204 || status == 304) {
    stage_ = Stage::fixed_body;
    remaining_ = 0;
  } else if (chunked) {
    stage_ = Stage::chunk_size;
  } else if (has_length) {
    stage_ = Stage::fixed_body;
    remaining_ = length;
  } else {
    stage_ = Stage::eof_body;
    keep_alive_ = false;
  }
  return ParseState::need_more;
}

bool HttpResponseParser::take_body(std::string& buffer, std::size_t count, HttpResponse& response) {
  std::size_t room = max_body_ - std::min(max_body_, response.body.size());
  if (count > room) {
    response.body.append(buffer, 0, room);
    response.body_truncated = true;
    truncated_ = true;
    buffer.clear();
    return false;
  }
  response.body.append(buffer, 0, count);
  buffer.erase(0, count);
  return true;
}

ParseState HttpResponseParser::truncate(std::string& buffer, HttpResponse& response) {
  std::size_t room = max_body_ - std::min(max_body_, response.body.size());
  response.body.append(buffer, 0, std::min(room, buffer.size()));
  response.body_truncated = true;
  truncated_ = true;
  buffer.clear();
  return ParseState::done;
}

ParseState HttpResponseParser::feed(std::string& buffer, HttpResponse& response) {
  for (;;) {
    switch (stage_) {
      case Stage::head: {
        ParseState state = parse_head(buffer, response);
        if (state == ParseState::error) return state;
        if (stage_ == Stage::head) {
          if (buffer.find("\r\n\r\n") == std::string::npos) return ParseState::need_more;
        }
        break;
      }
      case Stage::fixed_body: {
        std::size_t count = std::min(remaining_, buffer.size());
        if (!take_body(buffer, count, response)) return ParseState::done;
        remaining_ -= count;
        if (remaining_ == 0) return ParseState::done;
        // At the limit with more announced: stop here, the connection is dropped.
        if (response.body.size() >= max_body_) return truncate(buffer, response);
        return ParseState::need_more;
      }
      case Stage::chunk_size: {
        std::size_t end = buffer.find("\r\n");
        if (end == std::string::npos) {
          if (buffer.size() > kMaxLineBytes) return fail(response, "chunk header too long");
          return ParseState::need_more;
        }
        std::size_t size = 0;
        if (!parse_hex(std::string_view(buffer.data(), end), size)) {
          return fail(response, "malformed chunk size");
        }
        buffer.erase(0, end + 2);
        if (size == 0) {
          stage_ = Stage::trailers;
        } else if (size > max_body_ - response.body.size()) {
          return truncate(buffer, response);
        } else {
          remaining_ = size;
          stage_ = Stage::chunk_data;
        }
        break;
      }
      case Stage::chunk_data: {
        std::size_t count = std::min(remaining_, buffer.size());
        take_body(buffer, count, response);
        remaining_ -= count;
        if (remaining_ > 0) return ParseState::need_more;
        stage_ = Stage::chunk_end;
        break;
      }
      case Stage::chunk_end: {
        if (buffer.size() < 2) return ParseState::need_more;
        if (buffer.compare(0, 2, "\r\n") != 0) return fail(response, "malformed chunk end");
        buffer.erase(0, 2);
        stage_ = Stage::chunk_size;
        break;
      }
      case Stage::trailers: {
        std::size_t end = buffer.find("\r\n");
        if (end == std::string::npos) {
          if (buffer.size() > kMaxLineBytes) return fail(response, "trailer too long");
          return ParseState::need_more;
        }
        buffer.erase(0, end + 2);
        if (end == 0) return ParseState::done;
        break;
      }
      case Stage::eof_body: {
        if (!take_body(buffer, buffer.size(), response)) return ParseState::done;
        return ParseState::need_more;
      }
    }
  }
}

bool HttpResponseParser::finish_at_eof(HttpResponse& response) {
  if (stage_ != Stage::eof_body) return false;
  response.complete = true;
  return true;
}

}  // namespace otelrt::internal
