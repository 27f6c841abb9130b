// The ledger's HTTP API (cpprestsdk).
#pragma once

#include <functional>
#include <string>

namespace ledger {

// Serves the API on base_url ("http://127.0.0.1:8080") until wait() returns.
void serve(const std::string& base_url, const std::function<void()>& wait);

}  // namespace ledger
