// A local OTLP/HTTP trace receiver: POST /v1/traces with protobuf or JSON bodies, plain,
// gzip or zlib, with Content-Length or chunked. The engine of `otel-setup view`, and usable
// in-process by tests that need to receive spans.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "otel_setup/otlp_model.hpp"

namespace otel_setup::otlp {

struct ReceiverOptions {
  std::string host = "127.0.0.1";
  int port = 4318;                         // 0 picks a free port
  std::size_t max_body_bytes = 16u << 20;  // after decompression
  DecodeLimits limits;
};

// The HTTP answer to one export request, independent of the server that sends it.
struct ExportReply {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<Span> spans;  // decoded, when status is 200
  std::string note;         // one line explaining a rejection
};

// Decodes one request body (already decompressed) of the given Content-Type.
ExportReply handle_export(std::string_view content_type, std::string_view body,
                          const DecodeLimits& limits = {});

class Receiver {
 public:
  using SpansHandler = std::function<void(std::vector<Span>)>;  // called on server threads
  using NoteHandler = std::function<void(const std::string&)>;  // one line per bad request

  Receiver(ReceiverOptions options, SpansHandler on_spans, NoteHandler on_note = {});
  ~Receiver();
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  // Binds and starts serving on a background thread; returns the bound port.
  // Throws std::runtime_error when the address cannot be bound.
  int start();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Keeps every span a Receiver delivers, for tests: receiver.start(); ...; wait_for(3, 5s).
class SpanCollector {
 public:
  Receiver::SpansHandler handler();
  // True once at least `count` spans arrived; false if `timeout` passed first.
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout);
  std::vector<Span> spans() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<Span> spans_;
};

}  // namespace otel_setup::otlp
