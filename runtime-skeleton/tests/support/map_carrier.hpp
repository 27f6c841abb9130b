// A carrier over a plain map of headers, for the propagation tests: inject() writes into it,
// extract() reads from it, and a test can look at or set any header directly.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "otelrt/trace.hpp"

namespace otelrt_test {

class MapCarrier : public otelrt::TextMapCarrier {
 public:
  std::map<std::string, std::string> headers;
  std::string_view get(std::string_view key) const override {
    auto found = headers.find(std::string(key));
    return found == headers.end() ? std::string_view{} : std::string_view(found->second);
  }
  void set(std::string_view key, std::string_view value) override {
    headers[std::string(key)] = std::string(value);
  }
};

}  // namespace otelrt_test
