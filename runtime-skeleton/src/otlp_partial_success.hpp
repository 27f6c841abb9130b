// Reads ExportTraceServiceResponse.partial_success from a collector's reply, protobuf
// (partial_success=1 { rejected_spans=1 int64, error_message=2 string }) or JSON
// ({"partialSuccess":{"rejectedSpans":"3","errorMessage":"..."}}).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace otelrt::internal {

struct PartialSuccess {
  std::int64_t rejected_spans = 0;
  std::string error_message;
  bool present() const { return rejected_spans != 0 || !error_message.empty(); }
};

PartialSuccess parse_partial_success_protobuf(std::string_view body);
PartialSuccess parse_partial_success_json(std::string_view body);

}  // namespace otelrt::internal
