#include "otel_setup/otlp_receiver.hpp"

#include <httplib.h>

#include <atomic>
#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

namespace otel_setup::otlp {
namespace {

bool has_media_type(std::string_view content_type, std::string_view media_type) {
  std::string_view base = content_type.substr(0, content_type.find(';'));
  while (!base.empty() && (base.back() == ' ' || base.back() == '\t'))
    base.remove_suffix(1);
  if (base.size() != media_type.size()) return false;
  for (std::size_t i = 0; i < base.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(base[i])) != media_type[i]) return false;
  }
  return true;
}

// google.rpc.Status{code = 3 (INVALID_ARGUMENT), message}: the OTLP body of a 4xx answer.
std::string status_protobuf(const std::string& message) {
  std::string body = "\x08\x03\x12";
  std::size_t length = message.size();
  do {
    auto byte = static_cast<unsigned char>(length & 0x7f);
    length >>= 7;
    body += static_cast<char>(length ? byte | 0x80 : byte);
  } while (length);
  return body + message;
}

ExportReply reject(int status, std::string note, bool is_json) {
  ExportReply reply;
  reply.status = status;
  reply.note = std::move(note);
  if (is_json) {
    reply.content_type = "application/json";
    reply.body = nlohmann::json{{"code", 3}, {"message", reply.note}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    reply.content_type = "application/x-protobuf";
    reply.body = status_protobuf(reply.note);
  }
  return reply;
}

}  // namespace

ExportReply handle_export(std::string_view content_type, std::string_view body,
                          const DecodeLimits& limits) {
  bool is_json = has_media_type(content_type, "application/json");
  if (!is_json && !has_media_type(content_type, "application/x-protobuf")) {
    return reject(415,
                  "unsupported Content-Type '" + std::string(content_type.substr(0, 80)) +
                      "' (expected application/x-protobuf or application/json)",
                  false);
  }
  ExportReply reply;
  try {
    reply.spans = is_json ? decode_json(body, limits) : decode_protobuf(body, limits);
  } catch (const DecodeError& error) {
    return reject(400, error.what(), is_json);
  }
  reply.content_type = is_json ? "application/json" : "application/x-protobuf";
  reply.body = is_json ? "{}" : "";  // an empty ExportTraceServiceResponse
  return reply;
}

struct Receiver::Impl {
  ReceiverOptions options;
  SpansHandler on_spans;
  NoteHandler on_note;
  httplib::Server server;
  std::thread thread;
  int port = -1;

  void note(const std::string& line) {
    if (on_note) on_note(line);
  }

  void send(httplib::Response& response, const ExportReply& reply) {
    response.status = reply.status;
    response.set_content(reply.body, reply.content_type.c_str());
  }

  void post_traces(const httplib::Request& request, httplib::Response& response,
                   const httplib::ContentReader& read_content) {
    std::string content_type = request.get_header_value("Content-Type");
    std::uint64_t declared = request.get_header_value<std::uint64_t>("Content-Length");
    bool is_json = has_media_type(content_type, "application/json");
    std::string encoding = request.get_header_value("Content-Encoding");
    if (!encoding.empty() && encoding != "identity" && encoding != "gzip" &&
        encoding != "deflate" && encoding != "br") {
      fail(response, 415, "unsupported Content-Encoding '" + encoding.substr(0, 40) + "'", is_json);
      return;
    }
    if (declared > options.max_body_bytes) {
      fail(response, 400, "body of " + std::to_string(declared) + " bytes exceeds the limit",
           is_json);
      return;
    }
    // httplib hands over the body decompressed (gzip, zlib) and de-chunked; the cap counts
    // decompressed bytes, so a small gzip bomb stops at the limit too.
    std::string body;
    bool too_large = false;
    bool complete = read_content([&](const char* data, std::size_t length) {
      if (body.size() + length > options.max_body_bytes) {
        too_large = true;
        return false;
      }
      body.append(data, length);
      return true;
    });
    if (too_large) {
      fail(response, 400,
           "body exceeds the limit of " + std::to_string(options.max_body_bytes) + " bytes",
           is_json);
      return;
    }
    if (!complete) {
      fail(response, 400,
           "truncated or undecodable body" +
               (encoding.empty() ? "" : " (Content-Encoding " + encoding + ")"),
           is_json);
      return;
    }
    ExportReply reply = handle_export(content_type, body, options.limits);
    if (reply.status != 200) {
      note(std::to_string(reply.status) + ": " + reply.note);
      send(response, reply);
      return;
    }
    if (!reply.spans.empty() && on_spans) on_spans(std::move(reply.spans));
    send(response, reply);
  }

  void fail(httplib::Response& response, int status, const std::string& why, bool is_json) {
    note(std::to_string(status) + ": " + why);
    send(response, reject(status, why, is_json));
    // The rest of the body was not read: the connection cannot carry another request.
    response.set_header("Connection", "close");
  }
};

Receiver::Receiver(ReceiverOptions options, SpansHandler on_spans, NoteHandler on_note)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->on_spans = std::move(on_spans);
  impl_->on_note = std::move(on_note);
}

Receiver::~Receiver() {
  stop();
}

int Receiver::start() {
  Impl& impl = *impl_;
  impl.server.set_read_timeout(10, 0);
  // httplib's default SO_REUSEPORT would let a second view share a port that is in use;
  // SO_REUSEADDR alone still allows a restart while old connections sit in TIME_WAIT.
  impl.server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  impl.server.Post(
      "/v1/traces", [&impl](const httplib::Request& request, httplib::Response& response,
                            const httplib::ContentReader& read_content) {
        try {
          impl.post_traces(request, response, read_content);
        } catch (const std::exception& error) {  // e.g. bad_alloc: answer, never crash
          impl.fail(response, 500, std::string("internal error: ") + error.what(), false);
        }
      });
  if (impl.options.port == 0) {
    impl.port = impl.server.bind_to_any_port(impl.options.host);
  } else {
    impl.port =
        impl.server.bind_to_port(impl.options.host, impl.options.port) ? impl.options.port : -1;
  }
  if (impl.port < 0) {
    throw std::runtime_error("cannot listen on " + impl.options.host + ":" +
                             std::to_string(impl.options.port) +
                             " (in use? try --port 0 for a free port)");
  }
  impl.thread = std::thread([&impl] { impl.server.listen_after_bind(); });
  // httplib ignores stop() until its accept loop runs: wait for it, so stop() always works.
  while (!impl.server.is_running())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return impl.port;
}

void Receiver::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->server.stop();
  impl_->thread.join();
}

Receiver::SpansHandler SpanCollector::handler() {
  return [this](std::vector<Span> spans) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (Span& span : spans)
      spans_.push_back(std::move(span));
    arrived_.notify_all();
  };
}

bool SpanCollector::wait_for(std::size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] { return spans_.size() >= count; });
}

std::vector<Span> SpanCollector::spans() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return spans_;
}

}  // namespace otel_setup::otlp
