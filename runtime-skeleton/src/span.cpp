// Span: starts from the parent context and the sampler, records while sampled, hands its
// SpanData to the batch processor on end. Unsampled spans only carry ids.
#include <cxxabi.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <typeinfo>

#include "encoded_attributes.hpp"
#include "ids.hpp"
#include "runtime_state.hpp"

namespace otelrt {
namespace {

constexpr std::size_t kTypicalAttributesPerSpan = 12;
static_assert(kTypicalAttributesPerSpan * sizeof(Attribute) < 1024,
              "the first attribute block should stay below glibc's large-request size");

// Records of spans that ended on this thread, for the next spans started here: reusing one
// (warm in cache, its attribute storage kept) spares the allocation of a record and of its
// attribute block, and their freeing, per span. A server span and a child or two are open at
// once.
thread_local std::array<std::unique_ptr<SpanRecord>, 4> t_spare_records;

std::unique_ptr<SpanRecord, internal::ReleaseRecord> take_record() {
  for (std::unique_ptr<SpanRecord>& spare : t_spare_records) {
    if (spare) return std::unique_ptr<SpanRecord, internal::ReleaseRecord>(spare.release());
  }
  return std::unique_ptr<SpanRecord, internal::ReleaseRecord>(new SpanRecord());
}

std::uint64_t now_unix_nano() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1000000000ULL +
         static_cast<std::uint64_t>(now.tv_nsec);
}

// Sets or replaces `key` with what `assign(AttributeValue&)` writes; beyond the limit new keys
// are counted as dropped. The value is built in its slot: a temporary Attribute moved into the
// vector cost two variant moves and a destruction per attribute (callgrind, bench/overhead).
template <typename Assign>
void store_attribute(Attributes& attributes, std::uint32_t& dropped, std::string_view key,
                     Assign&& assign) {
  if (key.empty()) return;
  for (Attribute& existing : attributes) {
    if (existing.key.size() == key.size() && std::string_view(existing.key) == key) {
      assign(existing.value);
      return;
    }
  }
  if (attributes.size() >= kMaxAttributesPerSpan) {
    ++dropped;
    return;
  }
  // One allocation for typical spans (an HTTP server span has 10-12 attributes) instead of
  // regrowing at 1, 2, 4 and 8. 12 keeps the block under 1 KiB: glibc serves larger requests
  // only after consolidating its fast bins, which cost ~16k instructions per span in the
  // overhead benchmark (bench/overhead, profiled with callgrind).
  if (attributes.capacity() == 0) attributes.reserve(kTypicalAttributesPerSpan);
  Attribute& slot = attributes.emplace_back();
  slot.key.assign(key.data(), key.size());
  assign(slot.value);
}

void store_attribute(Attributes& attributes, std::uint32_t& dropped, std::string_view key,
                     AttributeValue&& value) {
  store_attribute(attributes, dropped, key,
                  [&value](AttributeValue& slot) { slot = std::move(value); });
}

// Sets `key` in a span that keeps its attributes encoded; a new key beyond the limit is counted.
template <typename Value>
void set_encoded_attribute(SpanRecord& record, std::string_view key, const Value& value) {
  internal::EncodedAttributes encoded{record.encoded_attributes,
                                      record.data.encoded_attribute_count, record.encoded_key_bits};
  if (!internal::put_encoded_attribute(encoded, key, value)) ++record.data.dropped_attributes;
}

// The attributes and links given at start: rare on the request path, so kept out of start()'s
// code, which every span runs.
[[gnu::noinline]] void add_start_options(SpanRecord& record, const SpanOptions& options) {
  SpanData& data = record.data;
  if (record.encoded) {
    for (const Attribute& attribute : options.attributes)
      set_encoded_attribute(record, attribute.key, attribute.value);
  } else if (!options.attributes.empty()) {
    data.attributes.reserve(std::min(options.attributes.size(), kMaxAttributesPerSpan));
    for (const Attribute& attribute : options.attributes) {
      store_attribute(data.attributes, data.dropped_attributes, attribute.key,
                      AttributeValue(attribute.value));
    }
  }
  for (const SpanLink& link : options.links) {
    if (data.links.size() >= kMaxLinksPerSpan) {
      ++data.dropped_links;
    } else {
      data.links.push_back(link);
    }
  }
}

std::string demangle(const char* mangled) {
  int status = 0;
  char* readable = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
  if (status != 0 || readable == nullptr) return mangled;
  std::string out(readable);
  std::free(readable);
  return out;
}

}  // namespace

void internal::ReleaseRecord::operator()(SpanRecord* record) const noexcept {
  for (std::unique_ptr<SpanRecord>& spare : t_spare_records) {
    if (!spare) {
      record->reset();
      spare.reset(record);
      return;
    }
  }
  delete record;
}

void Span::start(std::string_view name, const SpanOptions* options_or_null) {
  internal::Provider* provider = internal::active_provider();
  if (provider == nullptr) return;
  static const SpanOptions kDefaults;
  const SpanOptions& options = options_or_null != nullptr ? *options_or_null : kDefaults;
  const Context& parent = options.parent != nullptr ? *options.parent : internal::current_context();
  const SpanContext& parent_context = parent.span_context_;
  SpanContext& own = context_.span_context_;
  if (parent_context.valid()) {
    own.trace_id = parent_context.trace_id;
    own.trace_state = parent_context.trace_state;
  } else {
    own.trace_id = internal::new_trace_id();
  }
  own.span_id = internal::new_span_id();
  context_.baggage_ = parent.baggage_;
  if (!provider->sampler.should_sample(parent_context, own.trace_id)) return;
  own.trace_flags = 0x01;

  provider->spans_started.fetch_add(1, std::memory_order_relaxed);
  auto record = take_record();
  record->provider = provider;
  record->encoded = provider->processor != nullptr && provider->processor->encodes_spans();
  SpanData& data = record->data;
  data.trace_id = own.trace_id;
  data.span_id = own.span_id;
  if (parent_context.valid()) {
    data.parent_span_id = parent_context.span_id;
    data.parent_is_remote = parent_context.is_remote;
  }
  data.trace_state = own.trace_state;
  data.trace_flags = own.trace_flags;
  data.name.assign(name.data(), name.size());
  data.kind = options.kind;
  data.start_unix_nano = options.start_unix_nano != 0 ? options.start_unix_nano : now_unix_nano();
  if (!options.attributes.empty() || !options.links.empty()) add_start_options(*record, options);
  record_ = std::move(record);
}

Span::Span(Span&& other) noexcept
    : record_(std::move(other.record_)), context_(std::move(other.context_)) {}

Span& Span::operator=(Span&& other) noexcept {
  if (this != &other) {
    end();
    record_ = std::move(other.record_);
    context_ = std::move(other.context_);
  }
  return *this;
}

void Span::put_attribute(std::string_view key, AttributeValue&& value) {
  if (record_->encoded) {
    set_encoded_attribute(*record_, key, value);
    return;
  }
  SpanData& data = record_->data;
  store_attribute(data.attributes, data.dropped_attributes, key, std::move(value));
}

void Span::put_string_attribute(std::string_view key, std::string_view value) {
  if (record_->encoded) {
    set_encoded_attribute(*record_, key, value);
    return;
  }
  SpanData& data = record_->data;
  store_attribute(data.attributes, data.dropped_attributes, key, [value](AttributeValue& slot) {
    if (auto* text = std::get_if<std::string>(&slot)) {
      text->assign(value.data(), value.size());
    } else {
      slot.emplace<std::string>(value.data(), value.size());
    }
  });
}

void Span::put_integer_attribute(std::string_view key, std::int64_t value) {
  if (record_->encoded) {
    set_encoded_attribute(*record_, key, value);
    return;
  }
  SpanData& data = record_->data;
  store_attribute(data.attributes, data.dropped_attributes, key,
                  AttributeValue(std::in_place_type<std::int64_t>, value));
}

void Span::add_event(std::string_view name, Attributes attributes) {
  if (!record_) return;
  SpanData& data = record_->data;
  if (data.events.size() >= kMaxEventsPerSpan) {
    ++data.dropped_events;
    return;
  }
  if (attributes.size() > kMaxAttributesPerSpan) attributes.resize(kMaxAttributesPerSpan);
  data.events.push_back(SpanEvent{std::string(name), now_unix_nano(), std::move(attributes)});
}

void Span::record_exception(const std::exception& error) {
  if (!record_) return;
  record_exception(demangle(typeid(error).name()), error.what());
}

void Span::record_exception(std::string_view type, std::string_view message) {
  if (!record_) return;
  Attributes attributes;
  attributes.reserve(2);
  attributes.push_back(Attribute{"exception.type", std::string(type)});
  attributes.push_back(Attribute{"exception.message", std::string(message)});
  add_event("exception", std::move(attributes));
}

void Span::set_status(StatusCode code, std::string_view description) {
  if (!record_ || code == StatusCode::unset) return;
  SpanData& data = record_->data;
  if (data.status == StatusCode::ok) return;  // ok is final
  data.status = code;
  data.status_message = code == StatusCode::error ? std::string(description) : std::string();
}

void Span::update_name(std::string_view name) {
  if (!record_) return;
  record_->data.name.assign(name.data(), name.size());
}

void Span::finish(std::uint64_t end_unix_nano) {
  const std::unique_ptr<SpanRecord, internal::ReleaseRecord> record = std::move(record_);
  SpanData& data = record->data;
  data.end_unix_nano = end_unix_nano != 0 ? end_unix_nano : now_unix_nano();
  if (data.end_unix_nano < data.start_unix_nano) data.end_unix_nano = data.start_unix_nano;
  if (record->encoded) data.encoded_attributes = record->encoded_attributes.view();
  if (record->provider->processor) record->provider->processor->on_end(std::move(data));
}

}  // namespace otelrt
