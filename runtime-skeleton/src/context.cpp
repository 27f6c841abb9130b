// The per-thread current context and Scope.
#include <utility>

#include "runtime_state.hpp"

namespace otelrt {
namespace {

thread_local Context t_current;

}  // namespace

const Context& internal::current_context() {
  return t_current;
}

Context Context::current() {
  return t_current;
}

Context Context::from_span_context(SpanContext remote) {
  Context context;
  context.span_context_ = std::move(remote);
  return context;
}

const Baggage& Context::baggage() const {
  static const Baggage* const empty = new Baggage();  // leaked: safe during exit
  return baggage_ ? *baggage_ : *empty;
}

Context Context::with_baggage(Baggage baggage) const {
  Context context = *this;
  if (baggage.empty()) {
    context.baggage_.reset();
  } else {
    context.baggage_ = std::make_shared<const Baggage>(std::move(baggage));
  }
  return context;
}

Context Context::with_span_context(SpanContext span_context) const {
  Context context;
  context.span_context_ = std::move(span_context);
  context.baggage_ = baggage_;
  return context;
}

Scope::Scope(Context context) : previous_(std::exchange(t_current, std::move(context))) {}

Scope::~Scope() {
  t_current = std::move(previous_);
}

}  // namespace otelrt
