// Hand-written protobuf wire encoder for opentelemetry.proto.collector.trace.v1.
// ExportTraceServiceRequest. Field numbers follow opentelemetry-proto trace.proto,
// common.proto and resource.proto. Nested messages are written with a one-byte length
// placeholder that is widened in place when the body turns out to be 128 bytes or more,
// so the whole request is produced in one pass into one pre-sized buffer.
#include <algorithm>
#include <cstring>

#include "otelrt/exporter.hpp"
#include "otlp_common.hpp"

namespace otelrt {
namespace {

enum WireType : std::uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

// Field numbers, by message.
namespace field {
constexpr std::uint32_t kRequestResourceSpans = 1;
constexpr std::uint32_t kResourceSpansResource = 1, kResourceSpansScopeSpans = 2;
constexpr std::uint32_t kResourceAttributes = 1;
constexpr std::uint32_t kScopeSpansScope = 1, kScopeSpansSpans = 2;
constexpr std::uint32_t kScopeName = 1, kScopeVersion = 2;
constexpr std::uint32_t kSpanTraceId = 1, kSpanSpanId = 2, kSpanTraceState = 3,
                        kSpanParentSpanId = 4, kSpanName = 5, kSpanKind = 6, kSpanStart = 7,
                        kSpanEnd = 8, kSpanAttributes = 9, kSpanDroppedAttributes = 10,
                        kSpanEvents = 11, kSpanDroppedEvents = 12, kSpanLinks = 13,
                        kSpanDroppedLinks = 14, kSpanStatus = 15, kSpanFlags = 16;
constexpr std::uint32_t kEventTime = 1, kEventName = 2, kEventAttributes = 3;
constexpr std::uint32_t kLinkTraceId = 1, kLinkSpanId = 2, kLinkTraceState = 3, kLinkAttributes = 4,
                        kLinkFlags = 6;
constexpr std::uint32_t kStatusMessage = 2, kStatusCode = 3;
constexpr std::uint32_t kKeyValueKey = 1, kKeyValueValue = 2;
constexpr std::uint32_t kAnyString = 1, kAnyBool = 2, kAnyInt = 3, kAnyDouble = 4, kAnyArray = 5;
constexpr std::uint32_t kArrayValues = 1;
}  // namespace field

// SpanFlags: the low byte carries the W3C trace flags; bit 8 says whether the parent's
// is_remote is known, bit 9 is its value.
constexpr std::uint32_t kFlagHasIsRemote = 0x100;
constexpr std::uint32_t kFlagIsRemote = 0x200;

// Writes through a cursor into a buffer sized up front (grown by doubling when the estimate
// was short): a span is some sixty small writes, and std::string::append's bookkeeping per
// call cost more than the bytes themselves (callgrind on bench/overhead).
class ProtoWriter {
 public:
  explicit ProtoWriter(std::size_t capacity) : out_(std::max<std::size_t>(capacity, 64), '\0') {}

  std::string take() && {
    out_.resize(size_);
    return std::move(out_);
  }

  void varint(std::uint64_t value) {
    char* at = ensure(10);
    std::size_t size = 0;
    while (value >= 0x80) {
      at[size++] = static_cast<char>(value | 0x80);
      value >>= 7;
    }
    at[size++] = static_cast<char>(value);
    size_ += size;
  }
  void tag(std::uint32_t number, WireType type) { varint((number << 3) | type); }

  void varint_field(std::uint32_t number, std::uint64_t value) {
    tag(number, kVarint);
    varint(value);
  }
  void fixed64_field(std::uint32_t number, std::uint64_t value) {
    tag(number, kFixed64);
    char* at = ensure(8);
    for (int i = 0; i < 8; ++i)
      at[i] = static_cast<char>(value >> (8 * i));
    size_ += 8;
  }
  void fixed32_field(std::uint32_t number, std::uint32_t value) {
    tag(number, kFixed32);
    char* at = ensure(4);
    for (int i = 0; i < 4; ++i)
      at[i] = static_cast<char>(value >> (8 * i));
    size_ += 4;
  }
  void bytes_field(std::uint32_t number, const void* data, std::size_t size) {
    tag(number, kLengthDelimited);
    varint(size);
    if (size == 0) return;
    std::memcpy(ensure(size), data, size);
    size_ += size;
  }
  void string_field(std::uint32_t number, std::string_view text) {
    if (internal::is_valid_utf8(text)) {
      bytes_field(number, text.data(), text.size());
      return;
    }
    std::string repaired;
    internal::append_utf8_repaired(repaired, text);
    bytes_field(number, repaired.data(), repaired.size());
  }

  // Returns the offset where the message body starts; pass it to end_message().
  std::size_t begin_message(std::uint32_t number) {
    tag(number, kLengthDelimited);
    *ensure(1) = '\0';
    return ++size_;
  }
  void end_message(std::size_t body_start) {
    std::size_t length = size_ - body_start;
    if (length < 0x80) {
      out_[body_start - 1] = static_cast<char>(length);
      return;
    }
    char buffer[10];
    std::size_t size = 0;
    while (length >= 0x80) {
      buffer[size++] = static_cast<char>(length | 0x80);
      length >>= 7;
    }
    buffer[size++] = static_cast<char>(length);
    ensure(size - 1);
    char* base = &out_[0];
    std::memmove(base + body_start + size - 1, base + body_start, size_ - body_start);
    std::memcpy(base + body_start - 1, buffer, size);
    size_ += size - 1;
  }

 private:
  // Room for n more bytes at the cursor; the caller writes them and advances size_.
  char* ensure(std::size_t n) {
    if (size_ + n > out_.size()) out_.resize(std::max(out_.size() * 2, size_ + n));
    return &out_[size_];
  }

  std::string out_;
  std::size_t size_ = 0;
};

void write_scalar(ProtoWriter& w, bool value) {
  w.varint_field(field::kAnyBool, value ? 1 : 0);
}
void write_scalar(ProtoWriter& w, std::int64_t value) {
  w.varint_field(field::kAnyInt, static_cast<std::uint64_t>(value));
}
void write_scalar(ProtoWriter& w, double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  w.fixed64_field(field::kAnyDouble, bits);
}
void write_scalar(ProtoWriter& w, const std::string& value) {
  w.string_field(field::kAnyString, value);
}

// AnyValue body. A oneof member is written even when it holds its default value, so the
// receiver still learns the type (false, 0 and "" are real attribute values).
template <typename T>
void write_any_body(ProtoWriter& w, const T& value) {
  write_scalar(w, value);
}
template <typename T>
void write_any_body(ProtoWriter& w, const std::vector<T>& values) {
  std::size_t array = w.begin_message(field::kAnyArray);
  for (const auto& element : values) {
    std::size_t any = w.begin_message(field::kArrayValues);
    write_scalar(w, element);
    w.end_message(any);
  }
  w.end_message(array);
}

void write_attributes(ProtoWriter& w, std::uint32_t number, const Attributes& attributes) {
  for (const Attribute& attribute : attributes) {
    std::size_t key_value = w.begin_message(number);
    w.string_field(field::kKeyValueKey, attribute.key);
    std::size_t any = w.begin_message(field::kKeyValueValue);
    std::visit([&](const auto& value) { write_any_body(w, value); }, attribute.value);
    w.end_message(any);
    w.end_message(key_value);
  }
}

void write_span(ProtoWriter& w, const SpanData& span) {
  w.bytes_field(field::kSpanTraceId, span.trace_id.bytes.data(), span.trace_id.bytes.size());
  w.bytes_field(field::kSpanSpanId, span.span_id.bytes.data(), span.span_id.bytes.size());
  if (!span.trace_state.empty()) w.string_field(field::kSpanTraceState, span.trace_state);
  if (!internal::all_zero(span.parent_span_id.bytes)) {
    w.bytes_field(field::kSpanParentSpanId, span.parent_span_id.bytes.data(),
                  span.parent_span_id.bytes.size());
  }
  w.string_field(field::kSpanName, span.name);
  w.varint_field(field::kSpanKind, static_cast<std::uint64_t>(span.kind));
  w.fixed64_field(field::kSpanStart, span.start_unix_nano);
  w.fixed64_field(field::kSpanEnd, span.end_unix_nano);
  write_attributes(w, field::kSpanAttributes, span.attributes);
  if (span.dropped_attributes != 0) {
    w.varint_field(field::kSpanDroppedAttributes, span.dropped_attributes);
  }
  for (const SpanEvent& event : span.events) {
    std::size_t body = w.begin_message(field::kSpanEvents);
    w.fixed64_field(field::kEventTime, event.time_unix_nano);
    w.string_field(field::kEventName, event.name);
    write_attributes(w, field::kEventAttributes, event.attributes);
    w.end_message(body);
  }
  if (span.dropped_events != 0) w.varint_field(field::kSpanDroppedEvents, span.dropped_events);
  for (const SpanLink& link : span.links) {
    std::size_t body = w.begin_message(field::kSpanLinks);
    w.bytes_field(field::kLinkTraceId, link.trace_id.bytes.data(), link.trace_id.bytes.size());
    w.bytes_field(field::kLinkSpanId, link.span_id.bytes.data(), link.span_id.bytes.size());
    if (!link.trace_state.empty()) w.string_field(field::kLinkTraceState, link.trace_state);
    write_attributes(w, field::kLinkAttributes, link.attributes);
    if (link.trace_flags != 0) w.fixed32_field(field::kLinkFlags, link.trace_flags);
    w.end_message(body);
  }
  if (span.dropped_links != 0) w.varint_field(field::kSpanDroppedLinks, span.dropped_links);
  if (span.status != StatusCode::unset || !span.status_message.empty()) {
    std::size_t body = w.begin_message(field::kSpanStatus);
    if (!span.status_message.empty()) w.string_field(field::kStatusMessage, span.status_message);
    if (span.status != StatusCode::unset) {
      w.varint_field(field::kStatusCode, static_cast<std::uint64_t>(span.status));
    }
    w.end_message(body);
  }
  std::uint32_t flags = span.trace_flags | kFlagHasIsRemote;
  if (span.parent_is_remote) flags |= kFlagIsRemote;
  w.fixed32_field(field::kSpanFlags, flags);
}

std::size_t estimate_attributes(const Attributes& attributes) {
  std::size_t size = 0;
  for (const Attribute& attribute : attributes) {
    size += attribute.key.size() + 16;
    if (const auto* text = std::get_if<std::string>(&attribute.value)) size += text->size();
  }
  return size;
}

std::size_t estimate_size(const std::vector<SpanData>& batch, const Resource& resource) {
  std::size_t size = 64 + estimate_attributes(resource.attributes);
  for (const SpanData& span : batch) {
    size += 96 + span.name.size() + span.trace_state.size() + span.status_message.size() +
            estimate_attributes(span.attributes);
    for (const SpanEvent& event : span.events) {
      size += 24 + event.name.size() + estimate_attributes(event.attributes);
    }
    size += span.links.size() * 48;
  }
  return size + size / 8;
}

}  // namespace

std::string encode_otlp_protobuf(const std::vector<SpanData>& batch, const Resource& resource) {
  ProtoWriter w(estimate_size(batch, resource));
  std::size_t resource_spans = w.begin_message(field::kRequestResourceSpans);
  std::size_t resource_body = w.begin_message(field::kResourceSpansResource);
  write_attributes(w, field::kResourceAttributes, resource.attributes);
  w.end_message(resource_body);
  std::size_t scope_spans = w.begin_message(field::kResourceSpansScopeSpans);
  std::size_t scope = w.begin_message(field::kScopeSpansScope);
  w.string_field(field::kScopeName, kInstrumentationScopeName);
  w.string_field(field::kScopeVersion, kRuntimeVersion);
  w.end_message(scope);
  for (const SpanData& span : batch) {
    std::size_t body = w.begin_message(field::kScopeSpansSpans);
    write_span(w, span);
    w.end_message(body);
  }
  w.end_message(scope_spans);
  w.end_message(resource_spans);
  return std::move(w).take();
}

}  // namespace otelrt
