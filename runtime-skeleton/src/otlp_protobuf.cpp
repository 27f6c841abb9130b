// Hand-written protobuf wire encoder for opentelemetry.proto.collector.trace.v1.
// ExportTraceServiceRequest. Field numbers follow opentelemetry-proto trace.proto,
// common.proto and resource.proto. Nested messages are written with a one-byte length
// placeholder that is widened in place when the body turns out to be 128 bytes or more,
// so the whole request is produced in one pass into one pre-sized buffer.
#include <algorithm>
#include <cstring>
#include <tuple>
#include <type_traits>
#include <utility>

#include "encoded_attributes.hpp"
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

// 7 bits per byte, from the value's bit width (protobuf's own formula): computed for every
// field of every span, where the loop it replaces showed in callgrind's profile.
std::size_t varint_size(std::uint64_t value) {
  const auto highest_bit = static_cast<std::size_t>(63 - __builtin_clzll(value | 1));
  return (highest_bit * 9 + 73) / 64;
}

// Fixed-width fields are little-endian on the wire: one store on a little-endian host.
template <typename Word>
char* put_little_endian(char* at, Word value) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  std::memcpy(at, &value, sizeof value);
#else
  for (std::size_t i = 0; i < sizeof value; ++i)
    at[i] = static_cast<char>(value >> (8 * i));
#endif
  return at + sizeof value;
}

char* put_varint(char* at, std::uint64_t value) {
  while (value >= 0x80) {
    *at++ = static_cast<char>(value | 0x80);
    value >>= 7;
  }
  *at++ = static_cast<char>(value);
  return at;
}

// Writes through a cursor into a caller's buffer, sized up front (grown by doubling when the
// estimate was short): a span is some sixty small writes, and std::string::append's
// bookkeeping per call cost more than the bytes themselves (callgrind on bench/overhead). The
// buffer is reused (the exporter's from batch to batch, a thread's from span to span), so it is
// only grown, not cleared each time.
class ProtoWriter {
 public:
  ProtoWriter(std::string& out, std::size_t capacity) : out_(out) {
    if (out_.size() < capacity) out_.resize(std::max<std::size_t>(capacity, 64));
  }
  void finish() { out_.resize(size_); }
  std::size_t size() const { return size_; }

  // Room for n more bytes at the cursor; write them, then commit() the new cursor. Small enough
  // to be inlined into every field writer (a span's encoding asks a dozen times).
  char* reserve(std::size_t n) {
    if (size_ + n > out_.size()) grow(size_ + n);
    return out_.data() + size_;
  }
  void commit(const char* end) { size_ = static_cast<std::size_t>(end - out_.data()); }

  void varint(std::uint64_t value) { commit(put_varint(reserve(10), value)); }
  void tag(std::uint32_t number, WireType type) { varint((number << 3) | type); }

  void varint_field(std::uint32_t number, std::uint64_t value) {
    char* at = reserve(20);
    at = put_varint(at, (number << 3) | kVarint);
    commit(put_varint(at, value));
  }
  void fixed64_field(std::uint32_t number, std::uint64_t value) {
    tag(number, kFixed64);
    commit(put_little_endian(reserve(8), value));
  }
  void fixed32_field(std::uint32_t number, std::uint32_t value) {
    tag(number, kFixed32);
    commit(put_little_endian(reserve(4), value));
  }
  void bytes_field(std::uint32_t number, const void* data, std::size_t size) {
    char* at = reserve(20 + size);
    at = put_varint(at, (number << 3) | kLengthDelimited);
    at = put_varint(at, size);
    if (size != 0) std::memcpy(at, data, size);
    commit(at + size);
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
    *reserve(1) = '\0';
    return ++size_;
  }
  void end_message(std::size_t body_start) {
    std::size_t length = size_ - body_start;
    if (length < 0x80) {
      out_[body_start - 1] = static_cast<char>(length);
      return;
    }
    char buffer[10];
    const std::size_t size = static_cast<std::size_t>(put_varint(buffer, length) - buffer);
    reserve(size - 1);
    char* base = &out_[0];
    std::memmove(base + body_start + size - 1, base + body_start, size_ - body_start);
    std::memcpy(base + body_start - 1, buffer, size);
    size_ += size - 1;
  }

 private:
  // Capacity doubles; only the bytes asked for are cleared (an appending writer asks for a few
  // dozen at a time).
  [[gnu::noinline]] void grow(std::size_t size) {
    if (size > out_.capacity()) out_.reserve(std::max(out_.capacity() * 2, size));
    out_.resize(size);
  }

  std::string& out_;
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

// A KeyValue whose sizes are known before writing (nearly every attribute: a valid UTF-8 key
// and a scalar or valid UTF-8 string) is written in one stretch, without the placeholder
// lengths of begin_message/end_message: sized_key_value_size() bytes, by put_sized_key_value(),
// whose `put_any` writes the AnyValue body (`any` bytes) at a cursor and returns the cursor
// after it.
std::size_t key_value_body_size(std::string_view key, std::size_t any) {
  return 1 + varint_size(key.size()) + key.size() + 1 + varint_size(any) + any;
}

std::size_t sized_key_value_size(std::string_view key, std::size_t any) {
  const std::size_t body = key_value_body_size(key, any);
  return 1 + varint_size(body) + body;  // field numbers of attributes fit one tag byte
}

template <typename PutAny>
char* put_sized_key_value(char* at, std::uint32_t number, std::string_view key, std::size_t any,
                          PutAny&& put_any) {
  at = put_varint(at, (number << 3) | kLengthDelimited);
  at = put_varint(at, key_value_body_size(key, any));
  *at++ = static_cast<char>((field::kKeyValueKey << 3) | kLengthDelimited);
  at = put_varint(at, key.size());
  std::memcpy(at, key.data(), key.size());
  at += key.size();
  *at++ = static_cast<char>((field::kKeyValueValue << 3) | kLengthDelimited);
  at = put_varint(at, any);
  return put_any(at);
}

// AnyValue bodies of the attribute writers, general and short alike: write at a cursor, return
// the cursor after.
char* put_any_string(char* at, std::string_view text) {
  *at++ = static_cast<char>((field::kAnyString << 3) | kLengthDelimited);
  at = put_varint(at, text.size());
  if (!text.empty()) std::memcpy(at, text.data(), text.size());  // data() may be null
  return at + text.size();
}

char* put_any_integer(char* at, std::uint64_t bits) {
  *at++ = static_cast<char>((field::kAnyInt << 3) | kVarint);
  return put_varint(at, bits);
}

// Calls emit(any, put_any) when `value` can be written sized (a scalar or valid UTF-8 string);
// false otherwise. The key's UTF-8 is the caller's to check.
template <typename Emit>
bool with_sized_value(std::string_view text, Emit&& emit) {
  if (!internal::is_valid_utf8(text)) return false;
  emit(1 + varint_size(text.size()) + text.size(),
       [text](char* at) { return put_any_string(at, text); });
  return true;
}

template <typename Emit>
bool with_sized_value(const AttributeValue& value, Emit&& emit) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    return with_sized_value(std::string_view(*text), std::forward<Emit>(emit));
  }
  if (const auto* flag = std::get_if<bool>(&value)) {
    emit(2, [flag](char* at) {
      *at++ = static_cast<char>((field::kAnyBool << 3) | kVarint);
      *at++ = *flag ? 1 : 0;
      return at;
    });
  } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    const auto bits = static_cast<std::uint64_t>(*integer);
    emit(1 + varint_size(bits), [bits](char* at) { return put_any_integer(at, bits); });
  } else if (const auto* real = std::get_if<double>(&value)) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, real, sizeof bits);
    emit(9, [bits](char* at) {
      *at++ = static_cast<char>((field::kAnyDouble << 3) | kFixed64);
      return put_little_endian(at, bits);
    });
  } else {
    return false;  // arrays
  }
  return true;
}

// Any key or value: ill-formed UTF-8 is repaired, arrays are nested messages.
template <typename Value>
void write_general_key_value(ProtoWriter& w, std::uint32_t number, std::string_view key,
                             const Value& value) {
  std::size_t key_value = w.begin_message(number);
  w.string_field(field::kKeyValueKey, key);
  std::size_t any = w.begin_message(field::kKeyValueValue);
  if constexpr (std::is_same_v<Value, std::string_view>) {
    w.string_field(field::kAnyString, value);
  } else {
    std::visit([&](const auto& member) { write_any_body(w, member); }, value);
  }
  w.end_message(any);
  w.end_message(key_value);
}

template <typename Value>
void write_key_value(ProtoWriter& w, std::uint32_t number, std::string_view key,
                     const Value& value) {
  const bool sized =
      internal::is_valid_utf8(key) && with_sized_value(value, [&](std::size_t any, auto&& put_any) {
        char* at = w.reserve(sized_key_value_size(key, any));
        w.commit(put_sized_key_value(at, number, key, any, put_any));
      });
  if (!sized) write_general_key_value(w, number, key, value);
}

void write_attributes(ProtoWriter& w, std::uint32_t number, const Attributes& attributes) {
  for (const Attribute& attribute : attributes)
    write_key_value(w, number, attribute.key, attribute.value);
}

// Most spans have neither: kept out of write_span's code, which every span runs.
[[gnu::noinline]] void write_events_and_links(ProtoWriter& w, const SpanData& span) {
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
}

// The one-byte tag of a field numbered below 16.
constexpr char short_tag(std::uint32_t number, WireType type) {
  return static_cast<char>((number << 3) | type);
}

// An id field (tag, length, bytes) whose number is below 16, written at `at`.
template <std::size_t N>
char* put_id_field(char* at, std::uint32_t number, const std::array<std::uint8_t, N>& id) {
  static_assert(N < 0x80);
  *at++ = short_tag(number, kLengthDelimited);
  *at++ = static_cast<char>(N);
  std::memcpy(at, id.data(), N);
  return at + N;
}

char* put_fixed64_field(char* at, std::uint32_t number, std::uint64_t value) {
  *at++ = short_tag(number, kFixed64);
  return put_little_endian(at, value);
}

void write_span(ProtoWriter& w, const SpanData& span) {
  // The fields of known size are written in stretches, without the field writers' checks per
  // field: every span runs this (callgrind, bench/overhead).
  char* at = w.reserve(2 * (2 + 16));
  at = put_id_field(at, field::kSpanTraceId, span.trace_id.bytes);
  w.commit(put_id_field(at, field::kSpanSpanId, span.span_id.bytes));
  if (!span.trace_state.empty()) w.string_field(field::kSpanTraceState, span.trace_state);
  if (!internal::all_zero(span.parent_span_id.bytes)) {
    w.commit(put_id_field(w.reserve(2 + 8), field::kSpanParentSpanId, span.parent_span_id.bytes));
  }
  w.string_field(field::kSpanName, span.name);
  static_assert(static_cast<std::uint32_t>(SpanKind::consumer) < 0x80, "a one-byte kind");
  at = w.reserve(2 + 2 * (1 + 8));
  *at++ = short_tag(field::kSpanKind, kVarint);
  *at++ = static_cast<char>(span.kind);
  at = put_fixed64_field(at, field::kSpanStart, span.start_unix_nano);
  w.commit(put_fixed64_field(at, field::kSpanEnd, span.end_unix_nano));
  write_attributes(w, field::kSpanAttributes, span.attributes);
  if (!span.encoded_attributes.empty()) {
    at = w.reserve(span.encoded_attributes.size());
    std::memcpy(at, span.encoded_attributes.data(), span.encoded_attributes.size());
    w.commit(at + span.encoded_attributes.size());
  }
  if (span.dropped_attributes != 0) {
    w.varint_field(field::kSpanDroppedAttributes, span.dropped_attributes);
  }
  if (!span.events.empty() || span.dropped_events != 0 || !span.links.empty() ||
      span.dropped_links != 0) {
    write_events_and_links(w, span);
  }
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

std::size_t estimate_span(const SpanData& span) {
  std::size_t size = 96 + span.name.size() + span.trace_state.size() + span.status_message.size() +
                     estimate_attributes(span.attributes) + span.encoded_attributes.size();
  for (const SpanEvent& event : span.events) {
    size += 24 + event.name.size() + estimate_attributes(event.attributes);
  }
  return size + span.links.size() * 48;
}

std::size_t estimate_size(const std::vector<SpanData>& batch, const Resource& resource) {
  std::size_t size = 64 + estimate_attributes(resource.attributes);
  for (const SpanData& span : batch)
    size += estimate_span(span);
  return size + size / 8;
}

// Resource and instrumentation scope: what every request carries before its spans.
void write_resource(ProtoWriter& w, const Resource& resource) {
  std::size_t body = w.begin_message(field::kResourceSpansResource);
  write_attributes(w, field::kResourceAttributes, resource.attributes);
  w.end_message(body);
}

void write_scope(ProtoWriter& w) {
  std::size_t scope = w.begin_message(field::kScopeSpansScope);
  w.string_field(field::kScopeName, kInstrumentationScopeName);
  w.string_field(field::kScopeVersion, kRuntimeVersion);
  w.end_message(scope);
}

void write_span_entry(ProtoWriter& w, const SpanData& span) {
  std::size_t body = w.begin_message(field::kScopeSpansSpans);
  write_span(w, span);
  w.end_message(body);
}

}  // namespace

void encode_otlp_protobuf(const std::vector<SpanData>& batch, const Resource& resource,
                          std::string& out) {
  ProtoWriter w(out, estimate_size(batch, resource));
  std::size_t resource_spans = w.begin_message(field::kRequestResourceSpans);
  write_resource(w, resource);
  std::size_t scope_spans = w.begin_message(field::kResourceSpansScopeSpans);
  write_scope(w);
  for (const SpanData& span : batch)
    write_span_entry(w, span);
  w.end_message(scope_spans);
  w.end_message(resource_spans);
  w.finish();
}

std::string encode_otlp_protobuf(const std::vector<SpanData>& batch, const Resource& resource) {
  std::string out;
  encode_otlp_protobuf(batch, resource, out);
  return out;
}

void encode_otlp_protobuf_span(const SpanData& span, std::string& out) {
  const std::string_view entry = internal::encode_span_into(span, out);  // in `out`, offset
  out.erase(0, static_cast<std::size_t>(entry.data() - out.data()));
  out.resize(entry.size());
}

std::string_view internal::encode_span_into(const SpanData& span, std::string& scratch) {
  // The body goes after room for the entry's tag and longest length; its header is then put
  // right before it. A span's body is nearly always 128 bytes or more, so its length takes two
  // bytes, and end_message() would move the whole body to make room for the second one.
  constexpr std::size_t kHeaderRoom = 1 + 10;
  ProtoWriter w(scratch, kHeaderRoom + estimate_span(span));
  w.commit(w.reserve(kHeaderRoom) + kHeaderRoom);
  write_span(w, span);
  char length[10];
  const auto length_size =
      static_cast<std::size_t>(put_varint(length, w.size() - kHeaderRoom) - length);
  char* const header = scratch.data() + kHeaderRoom - 1 - length_size;
  header[0] = short_tag(field::kScopeSpansSpans, kLengthDelimited);
  std::memcpy(header + 1, length, length_size);
  return {header, static_cast<std::size_t>(scratch.data() + w.size() - header)};
}

void encode_otlp_protobuf_request(const EncodedSpans& spans, const Resource& resource,
                                  std::string& out) {
  // The resource and scope are encoded first, so every length is known before the spans'
  // bytes are copied once, behind them (no placeholder widened under 100s of KiB of spans).
  std::string head;
  ProtoWriter head_writer(head, 64 + estimate_attributes(resource.attributes));
  write_resource(head_writer, resource);
  const std::size_t resource_size = head_writer.size();
  write_scope(head_writer);
  head_writer.finish();
  const std::size_t scope_spans_body = head.size() - resource_size + spans.bytes.size();
  const std::size_t resource_spans_body =
      resource_size + 1 + varint_size(scope_spans_body) + scope_spans_body;

  // Appended rather than written through a ProtoWriter: sizing the body first would clear its
  // hundreds of KiB before they are copied over.
  char framing[24];
  char* at = put_varint(framing, (field::kRequestResourceSpans << 3) | kLengthDelimited);
  at = put_varint(at, resource_spans_body);
  out.clear();
  out.reserve(24 + resource_spans_body);
  out.append(framing, static_cast<std::size_t>(at - framing));
  out.append(head, 0, resource_size);
  at = put_varint(framing, (field::kResourceSpansScopeSpans << 3) | kLengthDelimited);
  at = put_varint(at, scope_spans_body);
  out.append(framing, static_cast<std::size_t>(at - framing));
  out.append(head, resource_size, std::string::npos);
  out.append(spans.bytes.data(), spans.bytes.size());
}

namespace internal {
namespace {

std::size_t read_entry_varint(std::string_view bytes, std::size_t& at) {
  const auto first = static_cast<unsigned char>(bytes[at++]);
  if (first < 0x80) return first;  // every key length and nearly every entry length
  std::size_t value = first & 0x7f;
  for (int shift = 7; at < bytes.size() && shift < 64; shift += 7) {
    const auto byte = static_cast<unsigned char>(bytes[at++]);
    value |= static_cast<std::size_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
  }
  return value;
}

// Where the entry for `key` starts and ends in `encoded` (entries we wrote: tag, length, then
// the KeyValue body whose first field is the key); {npos, npos} when absent.
std::pair<std::size_t, std::size_t> find_entry(std::string_view encoded, std::string_view key) {
  std::size_t at = 0;
  while (at < encoded.size()) {
    const std::size_t start = at;
    ++at;  // the entry's tag
    const std::size_t end = read_entry_varint(encoded, at) + at;
    ++at;  // the key's tag
    const std::size_t key_size = read_entry_varint(encoded, at);
    if (key_size == key.size() && encoded.compare(at, key_size, key) == 0) return {start, end};
    at = end;
  }
  return {std::string_view::npos, std::string_view::npos};
}

// Arrays, and strings to repair: rare, so through a temporary and out of put_encoded's code.
template <typename Value>
[[gnu::noinline]] void put_general_entry(AttributeBytes& bytes, std::string_view key,
                                         const Value& value) {
  std::string entry;
  ProtoWriter w(entry, 0);
  write_general_key_value(w, field::kSpanAttributes, key, value);
  w.finish();
  std::memcpy(bytes.room(entry.size()), entry.data(), entry.size());
  bytes.set_size(bytes.size() + entry.size());
}

template <typename Value>
bool put_encoded(EncodedAttributes& attributes, std::string_view key, const Value& value);

// A key that is not valid UTF-8 is stored repaired, so it is found repaired: rare, so its
// temporary string is kept out of put_encoded's code.
template <typename Value>
[[gnu::noinline]] bool put_encoded_repaired_key(EncodedAttributes& attributes, std::string_view key,
                                                const Value& value) {
  std::string repaired_key;
  append_utf8_repaired(repaired_key, key);
  return put_encoded(attributes, repaired_key, value);
}

// Makes way for `key`'s entry, to be appended: an earlier entry with that key is removed, a
// new key is counted; false, changing nothing, when the key is new and the span is full.
bool claim_key(EncodedAttributes& attributes, std::string_view key) {
  // A key whose bit no earlier key set is new: most spans set each key once, and this spares
  // them the scan. The bit hashes the length and three letters (Fibonacci hashing): length alone
  // paired server.address with client.address and url.scheme with http.route.
  const std::uint64_t letters =
      key.size() | std::uint64_t{static_cast<unsigned char>(key.front())} << 8 |
      std::uint64_t{static_cast<unsigned char>(key[key.size() / 2])} << 16 |
      std::uint64_t{static_cast<unsigned char>(key.back())} << 24;
  const std::uint64_t key_bit = std::uint64_t{1} << ((letters * 0x9E3779B97F4A7C15ULL) >> 58);
  AttributeBytes& bytes = attributes.bytes;
  std::size_t start = std::string_view::npos;
  std::size_t end = start;
  if ((attributes.key_bits & key_bit) != 0) std::tie(start, end) = find_entry(bytes.view(), key);
  if (start != std::string_view::npos) {
    std::memmove(bytes.data() + start, bytes.data() + end, bytes.size() - end);
    bytes.set_size(bytes.size() - (end - start));
  } else if (attributes.count >= kMaxAttributesPerSpan) {
    return false;
  } else {
    ++attributes.count;
    attributes.key_bits |= key_bit;
  }
  return true;
}

template <typename Value>
bool put_encoded(EncodedAttributes& attributes, std::string_view key, const Value& value) {
  if (key.empty()) return true;
  if (!is_valid_utf8(key)) return put_encoded_repaired_key(attributes, key, value);
  if (!claim_key(attributes, key)) return false;
  AttributeBytes& bytes = attributes.bytes;
  const bool sized = with_sized_value(value, [&](std::size_t any, auto&& put_any) {
    char* at = bytes.room(sized_key_value_size(key, any));
    const char* end_of_entry = put_sized_key_value(at, field::kSpanAttributes, key, any, put_any);
    bytes.set_size(static_cast<std::size_t>(end_of_entry - bytes.data()));
  });
  if (!sized) put_general_entry(bytes, key, value);
  return true;
}

// Key and value lengths up to which every length in a string attribute's entry fits one varint
// byte (its KeyValue body is 6 bytes more than both).
constexpr std::size_t kMaxShortKeyAndValue = 0x7f - 6;

// An entry whose every length fits one varint byte (key and AnyValue body together at most
// 0x7f - 4 bytes), written in one stretch without the general path's size computations and
// UTF-8 checks: claims `key`, writes the entry up to the AnyValue body of `any_size` bytes, which
// put_any writes. The bytes are those put_encoded writes.
template <typename PutAny>
bool put_short_ascii_entry(EncodedAttributes& attributes, std::string_view key,
                           std::size_t any_size, PutAny&& put_any) {
  if (!claim_key(attributes, key)) return false;
  AttributeBytes& bytes = attributes.bytes;
  char* at = bytes.room(6 + key.size() + any_size);
  *at++ = static_cast<char>((field::kSpanAttributes << 3) | kLengthDelimited);
  *at++ = static_cast<char>(4 + key.size() + any_size);
  *at++ = static_cast<char>((field::kKeyValueKey << 3) | kLengthDelimited);
  *at++ = static_cast<char>(key.size());
  std::memcpy(at, key.data(), key.size());
  at += key.size();
  *at++ = static_cast<char>((field::kKeyValueValue << 3) | kLengthDelimited);
  *at++ = static_cast<char>(any_size);
  bytes.set_size(static_cast<std::size_t>(put_any(at) - bytes.data()));
  return true;
}

// Nearly every attribute a service sets: a short ASCII key and string value (an HTTP server span
// sets ten of them; callgrind, bench/overhead).
bool put_short_ascii_string(EncodedAttributes& attributes, std::string_view key,
                            std::string_view text) {
  return put_short_ascii_entry(attributes, key, 2 + text.size(),
                               [text](char* at) { return put_any_string(at, text); });
}

// Key lengths up to which every length in an integer attribute's entry fits one varint byte
// (its KeyValue body is 5 bytes more than the key and the value's varint, at most 10 bytes).
constexpr std::size_t kMaxShortIntegerKey = 0x7f - 5 - 10;

// Status codes and ports: an ASCII key and a varint.
bool put_short_ascii_integer(EncodedAttributes& attributes, std::string_view key,
                             std::int64_t value) {
  const auto bits = static_cast<std::uint64_t>(value);
  return put_short_ascii_entry(attributes, key, 1 + varint_size(bits),
                               [bits](char* at) { return put_any_integer(at, bits); });
}

}  // namespace

void AttributeBytes::grow(std::size_t size) {
  const std::size_t capacity = std::max({capacity_ * 2, size, std::size_t{256}});
  std::unique_ptr<char[]> grown(new char[capacity]);  // left uninitialized: written before read
  if (size_ != 0) std::memcpy(grown.get(), data_.get(), size_);
  data_ = std::move(grown);
  capacity_ = capacity;
}

bool put_encoded_attribute(EncodedAttributes& attributes, std::string_view key,
                           const AttributeValue& value) {
  return put_encoded(attributes, key, value);
}

bool put_encoded_attribute(EncodedAttributes& attributes, std::string_view key,
                           std::string_view text) {
  if (!key.empty() && key.size() + text.size() <= kMaxShortKeyAndValue && is_ascii(key) &&
      is_ascii(text)) {
    return put_short_ascii_string(attributes, key, text);
  }
  return put_encoded(attributes, key, text);
}

bool put_encoded_attribute(EncodedAttributes& attributes, std::string_view key,
                           std::int64_t value) {
  if (!key.empty() && key.size() <= kMaxShortIntegerKey && is_ascii(key)) {
    return put_short_ascii_integer(attributes, key, value);
  }
  return put_encoded(attributes, key, AttributeValue(std::in_place_type<std::int64_t>, value));
}

}  // namespace internal
}  // namespace otelrt
