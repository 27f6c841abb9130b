#include <cctype>

#include "http_client.hpp"

namespace otelrt::internal {

std::string HttpUrl::host_header() const {
  bool ipv6 = host.find(':') != std::string::npos;
  std::string out = ipv6 ? "[" + host + "]" : host;
  bool default_port = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
  if (!default_port) out += ":" + std::to_string(port);
  return out;
}

bool parse_http_url(std::string_view url, HttpUrl& out, std::string& error) {
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    error = "URL has no scheme: " + std::string(url);
    return false;
  }
  out.scheme.clear();
  for (char c : url.substr(0, scheme_end)) {
    out.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (out.scheme != "http" && out.scheme != "https") {
    error = "unsupported URL scheme '" + out.scheme + "' (use http:// or https://)";
    return false;
  }
  std::string_view rest = url.substr(scheme_end + 3);
  std::size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view target =
      authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  target = target.substr(0, target.find('#'));
  if (authority.find('@') != std::string_view::npos) {
    error = "credentials in the URL are not supported; use OTEL_EXPORTER_OTLP_HEADERS";
    return false;
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      error = "unterminated IPv6 literal in URL: " + std::string(url);
      return false;
    }
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        error = "unexpected text after IPv6 literal in URL: " + std::string(url);
        return false;
      }
      port_text = after.substr(1);
    }
  } else {
    std::size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (out.host.empty()) {
    error = "URL has no host: " + std::string(url);
    return false;
  }
  out.port = out.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    unsigned long port = 0;
    for (char c : port_text) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || port > 65535) {
        error = "invalid port in URL: " + std::string(url);
        return false;
      }
      port = port * 10 + static_cast<unsigned long>(c - '0');
    }
    if (port == 0 || port > 65535) {
      error = "invalid port in URL: " + std::string(url);
      return false;
    }
    out.port = static_cast<std::uint16_t>(port);
  }
  out.target = target.empty() ? "/" : std::string(target);
  if (out.target.front() == '?') out.target.insert(0, "/");
  return true;
}

}  // namespace otelrt::internal
