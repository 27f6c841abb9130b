// Resource::from_environment: service identity from arguments and OTEL_* variables, SDK and
// host attributes, and OTEL_RESOURCE_ATTRIBUTES (percent-decoded, bad pairs skipped).
#include <unistd.h>

#include <climits>
#include <string>

#include "diagnostics.hpp"
#include "env.hpp"
#include "otelrt/span_data.hpp"

namespace otelrt {
namespace {

bool percent_decode(std::string_view text, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return false;
    int high = internal::hex_digit(text[i + 1]);
    int low = internal::hex_digit(text[i + 2]);
    if (high < 0 || low < 0) return false;
    out += static_cast<char>(high << 4 | low);
    i += 2;
  }
  return true;
}

Attributes parse_resource_attributes(std::string_view text) {
  Attributes out;
  std::string key;
  std::string value;
  while (true) {
    std::size_t comma = text.find(',');
    std::string_view pair = internal::trim_ows(text.substr(0, comma));
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      bool ok = eq != std::string_view::npos &&
                percent_decode(internal::trim_ows(pair.substr(0, eq)), key) && !key.empty() &&
                percent_decode(internal::trim_ows(pair.substr(eq + 1)), value);
      if (ok) {
        bool replaced = false;
        for (Attribute& existing : out) {
          if (existing.key == key) {
            existing.value = value;
            replaced = true;
          }
        }
        if (!replaced) out.push_back(Attribute{key, value});
      } else {
        internal::warn("resource_attributes", "OTEL_RESOURCE_ATTRIBUTES: skipping invalid entry '" +
                                                  std::string(pair) +
                                                  "' (expected key=value, values percent-encoded)");
      }
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string executable_name() {
  char path[PATH_MAX];
  ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);
  if (length <= 0) return "unknown";
  std::string full(path, static_cast<std::size_t>(length));
  std::size_t slash = full.rfind('/');
  return slash == std::string::npos ? full : full.substr(slash + 1);
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return {};
  return name;
}

}  // namespace

const std::string* Resource::find_string(std::string_view key) const {
  for (const Attribute& attribute : attributes) {
    if (attribute.key == key) return std::get_if<std::string>(&attribute.value);
  }
  return nullptr;
}

Resource Resource::from_environment(std::string_view service_name,
                                    std::string_view service_version) {
  Attributes from_env = parse_resource_attributes(internal::env_string("OTEL_RESOURCE_ATTRIBUTES"));
  auto env_attribute = [&from_env](std::string_view key) -> std::string {
    for (const Attribute& attribute : from_env) {
      if (attribute.key == key) return std::get<std::string>(attribute.value);
    }
    return {};
  };
  // First non-empty of: argument, dedicated variable, OTEL_RESOURCE_ATTRIBUTES.
  auto pick = [&](std::string_view argument, const char* variable, std::string_view key) {
    if (!argument.empty()) return std::string(argument);
    std::string value = variable != nullptr ? internal::env_string(variable) : std::string();
    return value.empty() ? env_attribute(key) : value;
  };
  Resource resource;
  Attributes& out = resource.attributes;
  std::string name = pick(service_name, "OTEL_SERVICE_NAME", "service.name");
  out.push_back({"service.name", name.empty() ? "unknown_service:" + executable_name() : name});
  std::string version = pick(service_version, "OTEL_SERVICE_VERSION", "service.version");
  if (!version.empty()) out.push_back({"service.version", version});
  std::string environment = pick({}, "DEPLOYMENT_ENVIRONMENT", "deployment.environment.name");
  if (!environment.empty()) out.push_back({"deployment.environment.name", environment});
  out.push_back({"telemetry.sdk.name", std::string("otel-setup")});
  out.push_back({"telemetry.sdk.language", std::string("cpp")});
  out.push_back({"telemetry.sdk.version", std::string(kRuntimeVersion)});
  std::string host = host_name();
  if (!host.empty()) out.push_back({"host.name", host});
  out.push_back({"process.pid", std::int64_t{getpid()}});
  for (Attribute& attribute : from_env) {
    if (resource.find_string(attribute.key) == nullptr && attribute.key != "process.pid") {
      out.push_back(std::move(attribute));
    }
  }
  return resource;
}

}  // namespace otelrt
