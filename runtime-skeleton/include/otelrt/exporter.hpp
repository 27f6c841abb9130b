// The seam between the batch processor (which owns threads and queues) and exporters
// (which own wire formats and transports).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "otelrt/span_data.hpp"

namespace otelrt {

enum class ExportResult { success, failure };

// Spans already in OTLP protobuf form: `count` entries of ScopeSpans.spans (each with its tag
// and length, as encode_otlp_protobuf_span writes them) back to back.
struct EncodedSpans {
  std::string_view bytes;
  std::size_t count = 0;
};

class SpanExporter {
 public:
  virtual ~SpanExporter() = default;
  // Called from the processor's worker thread only, never concurrently. Must return by
  // `deadline` whatever the peer does; retries happen inside, within the deadline.
  virtual ExportResult export_spans(const std::vector<SpanData>& batch, const Resource& resource,
                                    std::chrono::steady_clock::time_point deadline) = 0;
  virtual void shutdown(std::chrono::steady_clock::time_point deadline) = 0;

  // An exporter that sends OTLP protobuf may take spans encoded when they ended: the batch
  // processor then encodes each span on the thread that ends it and queues only its bytes, so
  // the span's memory is freed by the thread that allocated it (see docs/runtime.md).
  virtual bool takes_encoded_spans() const { return false; }
  virtual ExportResult export_encoded_spans(const EncodedSpans& spans, const Resource& resource,
                                            std::chrono::steady_clock::time_point deadline) {
    (void)spans;
    (void)resource;
    (void)deadline;
    return ExportResult::failure;
  }
};

enum class OtlpProtocol { http_protobuf, http_json };

// Exporter settings; from_environment() reads the standard OTEL_EXPORTER_OTLP_* variables:
// _ENDPOINT (+ "/v1/traces"), _TRACES_ENDPOINT (as-is), _HEADERS (URL-decoded), _PROTOCOL
// (http/protobuf default, http/json; grpc is reported and falls back to http/protobuf),
// _TIMEOUT (ms, default 10000), _COMPRESSION (gzip|none), _CERTIFICATE, _CLIENT_CERTIFICATE
// and _CLIENT_KEY (PEM files for https://). The TRACES_ forms win.
struct OtlpExporterConfig {
  std::string url = "http://localhost:4318/v1/traces";
  OtlpProtocol protocol = OtlpProtocol::http_protobuf;
  std::map<std::string, std::string> headers;
  std::chrono::milliseconds timeout{10000};
  bool gzip = false;
  int max_attempts = 5;  // 429/502/503/504 are retried
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{5000};
  std::size_t max_response_bytes = 64 * 1024;  // responses are read no further than this
  // https:// only (libcurl): PEM file of the CA(s) to trust instead of the system store, and
  // the client certificate and its key for mutual TLS. Empty: not used.
  std::string certificate_file;
  std::string client_certificate_file;
  std::string client_key_file;

  static OtlpExporterConfig from_environment();
};

// OTLP over HTTP, protobuf or JSON. Plain sockets for http://; https:// needs the runtime
// built with libcurl (OTELRT_WITH_CURL), otherwise creation throws std::runtime_error
// with a one-line explanation.
std::unique_ptr<SpanExporter> make_otlp_http_exporter(const OtlpExporterConfig& config);
// Human-readable spans on stderr (OTEL_TRACES_EXPORTER=console).
std::unique_ptr<SpanExporter> make_console_exporter();
// The same on any stdio stream (tests, or a log file the caller keeps open).
std::unique_ptr<SpanExporter> make_console_exporter(std::FILE* out);
// From OTEL_TRACES_EXPORTER: otlp (default), console, none (returns nullptr).
std::unique_ptr<SpanExporter> make_exporter_from_environment();

// Wire encodings, exposed for tests and for tools that want bytes without a transport.
std::string encode_otlp_protobuf(const std::vector<SpanData>& batch, const Resource& resource);
// The same into `out`, whose storage is reused: an exporter keeps one buffer for every batch.
void encode_otlp_protobuf(const std::vector<SpanData>& batch, const Resource& resource,
                          std::string& out);
// One span as an entry of ScopeSpans.spans (tag, length, Span message), replacing what `out`
// held (its storage is reused).
void encode_otlp_protobuf_span(const SpanData& span, std::string& out);
// The ExportTraceServiceRequest around spans from encode_otlp_protobuf_span, into `out`: the
// same bytes encode_otlp_protobuf writes for those spans.
void encode_otlp_protobuf_request(const EncodedSpans& spans, const Resource& resource,
                                  std::string& out);
std::string encode_otlp_json(const std::vector<SpanData>& batch, const Resource& resource);

}  // namespace otelrt
