// A TLS OTLP receiver for tests: self-signed certificates made with the `openssl` CLI in a
// temporary folder and python3's http.server wrapped in ssl on 127.0.0.1, an ephemeral
// port. Every POST body is saved before the 200 reply, so once an export has succeeded
// the body is there to read. The server process is killed and the folder removed at the
// end. Throws std::runtime_error when openssl or python3 is missing or fails.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace otelrt::testing {

class TlsTestServer {
 public:
  // With `require_client_certificate` the handshake needs client.pem/client.key (mTLS).
  explicit TlsTestServer(bool require_client_certificate = false);
  ~TlsTestServer();
  TlsTestServer(const TlsTestServer&) = delete;
  TlsTestServer& operator=(const TlsTestServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url() const;  // https://127.0.0.1:<port>/v1/traces
  // PEM files: the server's self-signed certificate (the CA to trust) and, with
  // `require_client_certificate`, the client pair the receiver trusts.
  std::string ca_file() const { return dir_ + "/server.pem"; }
  std::string client_certificate_file() const { return dir_ + "/client.pem"; }
  std::string client_key_file() const { return dir_ + "/client.key"; }

  std::vector<std::string> bodies() const;  // received request bodies, in order

 private:
  void stop();  // kills the receiver, removes the folder

  std::string dir_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace otelrt::testing
