// OTLP/HTTP exporter: encodes a batch once, POSTs it, and retries what OTLP says is
// retryable (429, 502, 503, 504 and connection failures) with exponential backoff, jitter
// and Retry-After, never past the deadline of the export call.
#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <random>
#include <stdexcept>

#include <unistd.h>

#include "diagnostics.hpp"
#include "gzip_body.hpp"
#include "http_client.hpp"
#include "otelrt/exporter.hpp"
#include "otlp_partial_success.hpp"
#include "retry_after.hpp"

namespace otelrt {
namespace {

using Clock = std::chrono::steady_clock;

bool retryable_status(int status) {
  return status == 429 || status == 502 || status == 503 || status == 504;
}

// A short printable excerpt of a response body for diagnostics.
std::string excerpt(const std::string& body) {
  std::string out;
  for (char c : body.substr(0, 160)) {
    out += (c >= 0x20 && c < 0x7F) ? c : ' ';
  }
  return out;
}

class OtlpHttpExporter final : public SpanExporter {
 public:
  OtlpHttpExporter(OtlpExporterConfig config, std::unique_ptr<internal::HttpTransport> transport)
      : config_(std::move(config)),
        transport_(std::move(transport)),
        random_(std::random_device{}()) {
    bool json = config_.protocol == OtlpProtocol::http_json;
    headers_.emplace_back("Content-Type", json ? "application/json" : "application/x-protobuf");
    headers_.emplace_back("User-Agent", std::string("otelrt/") + kRuntimeVersion);
    gzip_ = config_.gzip && internal::gzip_available();
    if (config_.gzip && !gzip_) {
      internal::warn("otlp.gzip",
                     "gzip compression requested but the runtime was built "
                     "without zlib; sending uncompressed");
    }
    if (gzip_) headers_.emplace_back("Content-Encoding", "gzip");
    for (const auto& [name, value] : config_.headers)
      headers_.emplace_back(name, value);
  }

  ExportResult export_spans(const std::vector<SpanData>& batch, const Resource& resource,
                            Clock::time_point deadline) override {
    if (stopped()) return ExportResult::failure;
    if (batch.empty()) return ExportResult::success;
    if (config_.protocol == OtlpProtocol::http_json) {
      body_ = encode_otlp_json(batch, resource);
    } else {
      encode_otlp_protobuf(batch, resource, body_);
    }
    return send_body(batch.size(), deadline);
  }

  bool takes_encoded_spans() const override {
    return config_.protocol == OtlpProtocol::http_protobuf;
  }

  ExportResult export_encoded_spans(const EncodedSpans& spans, const Resource& resource,
                                    Clock::time_point deadline) override {
    if (stopped() || !takes_encoded_spans()) return ExportResult::failure;
    if (spans.count == 0) return ExportResult::success;
    encode_otlp_protobuf_request(spans, resource, body_);
    return send_body(spans.count, deadline);
  }

  void shutdown(Clock::time_point) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopped_ = true;
    }
    wake_.notify_all();
    transport_->cancel();
  }

 private:
  // Sends body_ (gzip-compressed when configured). Export calls come from the processor's one
  // worker thread, so the bodies' storage is kept from one batch to the next.
  ExportResult send_body(std::size_t span_count, Clock::time_point deadline) {
    deadline = std::min(deadline, Clock::now() + config_.timeout);
    if (gzip_ && internal::gzip_compress(body_, compressed_)) {
      return send_with_retries(compressed_, span_count, deadline);
    }
    return send_with_retries(body_, span_count, deadline);
  }

  ExportResult send_with_retries(const std::string& body, std::size_t span_count,
                                 Clock::time_point deadline) {
    for (int attempt = 1;; ++attempt) {
      internal::HttpResponse response = transport_->post(headers_, body, deadline);
      if (response.complete && response.status >= 200 && response.status < 300) {
        report_partial_success(response);
        return ExportResult::success;
      }
      std::string problem;
      bool retry = false;
      if (!response.complete) {
        problem = response.error;
        retry = !response.timed_out && !response.permanent;
      } else {
        problem = "HTTP " + std::to_string(response.status);
        if (!response.body.empty()) problem += ": " + excerpt(response.body);
        retry = retryable_status(response.status);
      }
      std::string what = "export of " + std::to_string(span_count) + " spans to " + config_.url;
      if (stopped()) return fail(what + " abandoned at shutdown (" + problem + ")");
      if (!retry) return fail(what + " failed: " + problem);
      if (attempt >= config_.max_attempts) {
        return fail(what + " failed after " + std::to_string(attempt) + " attempts: " + problem);
      }
      auto delay = backoff(attempt, response.retry_after);
      if (Clock::now() + delay >= deadline) {
        return fail(what + " failed: " + problem + "; the next retry would pass the deadline");
      }
      if (!sleep_for(delay)) return fail(what + " abandoned at shutdown (" + problem + ")");
    }
  }

  // Exponential from initial_backoff, capped at max_backoff, with "equal jitter" (a random
  // point in the upper half) so exporters restarted together do not retry in lockstep.
  // A Retry-After from the server (seconds or a future HTTP-date) replaces the computed
  // delay; the caller fails at once when it ends past the deadline.
  std::chrono::milliseconds backoff(int attempt, const std::string& retry_after) {
    auto server_delay = internal::parse_retry_after(retry_after, std::chrono::system_clock::now());
    if (server_delay.count() >= 0) return server_delay;
    long long base = config_.initial_backoff.count();
    for (int i = 1; i < attempt && base < config_.max_backoff.count(); ++i)
      base *= 2;
    base = std::min<long long>(base, config_.max_backoff.count());
    if (base <= 1) return std::chrono::milliseconds(base);
    std::uniform_int_distribution<long long> jitter(base / 2, base);
    return std::chrono::milliseconds(jitter(random_));
  }

  bool sleep_for(std::chrono::milliseconds delay) {
    std::unique_lock<std::mutex> lock(mutex_);
    return !wake_.wait_for(lock, delay, [&] { return stopped_; });
  }

  bool stopped() {
    std::lock_guard<std::mutex> lock(mutex_);
    return stopped_;
  }

  ExportResult fail(const std::string& message) {
    internal::warn("otlp.export_failed", message);
    return ExportResult::failure;
  }

  void report_partial_success(const internal::HttpResponse& response) {
    if (response.body.empty()) return;
    bool json = response.content_type.find("json") != std::string::npos ||
                (response.content_type.empty() && config_.protocol == OtlpProtocol::http_json);
    internal::PartialSuccess partial =
        json ? internal::parse_partial_success_json(response.body)
             : internal::parse_partial_success_protobuf(response.body);
    if (!partial.present()) return;
    internal::warn("otlp.partial_success",
                   "collector at " + config_.url + " rejected " +
                       std::to_string(partial.rejected_spans) + " spans" +
                       (partial.error_message.empty() ? "" : ": " + partial.error_message));
  }

  OtlpExporterConfig config_;
  std::unique_ptr<internal::HttpTransport> transport_;
  std::string body_;        // the last request body, its storage reused
  std::string compressed_;  // the same gzip-compressed
  internal::HttpHeaders headers_;
  bool gzip_ = false;
  std::minstd_rand random_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopped_ = false;
};

bool valid_header_text(const std::string& text) {
  return text.find_first_of("\r\n") == std::string::npos;
}

// An unreadable PEM file would fail every export with the same TLS error: say so once, now.
void require_readable(const std::string& path, const char* what) {
  if (!path.empty() && ::access(path.c_str(), R_OK) != 0) {
    throw std::runtime_error(std::string("otelrt: ") + what + " '" + path +
                             "' cannot be read: " + std::strerror(errno));
  }
}

}  // namespace

namespace internal {

std::unique_ptr<SpanExporter> make_otlp_http_exporter_over(
    const OtlpExporterConfig& config, std::unique_ptr<HttpTransport> transport) {
  OtlpExporterConfig checked = config;
  for (auto it = checked.headers.begin(); it != checked.headers.end();) {
    if (it->first.empty() || !valid_header_text(it->first) || !valid_header_text(it->second)) {
      warn("otlp.header", "ignoring OTLP header with an empty name or a line break");
      it = checked.headers.erase(it);
    } else {
      ++it;
    }
  }
  checked.max_attempts = std::max(1, checked.max_attempts);
  return std::make_unique<OtlpHttpExporter>(std::move(checked), std::move(transport));
}

}  // namespace internal

std::unique_ptr<SpanExporter> make_otlp_http_exporter(const OtlpExporterConfig& config) {
  internal::HttpUrl url;
  std::string error;
  if (!internal::parse_http_url(config.url, url, error)) {
    throw std::runtime_error("otelrt: invalid OTLP endpoint: " + error);
  }
  std::unique_ptr<internal::HttpTransport> transport;
  if (url.scheme == "https") {
    if (!internal::curl_available()) {
      throw std::runtime_error("otelrt: " + config.url +
                               " needs TLS, but this runtime was built without libcurl "
                               "(rebuild with libcurl installed and OTELRT_WITH_CURL=ON, or use "
                               "an http:// endpoint such as a local collector)");
    }
    require_readable(config.certificate_file, "CA certificate file");
    require_readable(config.client_certificate_file, "client certificate file");
    require_readable(config.client_key_file, "client key file");
    transport = internal::make_curl_transport(
        config.url, config.max_response_bytes,
        {config.certificate_file, config.client_certificate_file, config.client_key_file});
  } else {
    transport = internal::make_socket_transport(url, config.max_response_bytes);
  }
  return internal::make_otlp_http_exporter_over(config, std::move(transport));
}

}  // namespace otelrt
