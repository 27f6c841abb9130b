// The per-thread current context and Scope.
#include <pthread.h>

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

const SpanContext& Context::current_span_context() {
  return t_current.span_context_;
}

Context Context::from_span_context(SpanContext remote) {
  Context context;
  context.span_context_ = std::move(remote);
  return context;
}

namespace {

// Leaked: safe during exit. Created through pthread_once rather than a function-local static
// so a fork while another thread creates it cannot leave the child blocked on the guard.
const Baggage* g_empty_baggage = nullptr;
pthread_once_t g_empty_baggage_once = PTHREAD_ONCE_INIT;

}  // namespace

const Baggage& Context::baggage() const {
  if (baggage_) return *baggage_;
  pthread_once(&g_empty_baggage_once, [] { g_empty_baggage = new Baggage(); });
  return *g_empty_baggage;
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
