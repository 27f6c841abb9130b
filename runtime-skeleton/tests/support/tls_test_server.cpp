#include "support/tls_test_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace otelrt::testing {
namespace {

constexpr const char* kReceiver = R"(import http.server, os, ssl, sys
folder, require_client = sys.argv[1], sys.argv[2] == "1"
class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        name = os.path.join(folder, "body-%d" % len([f for f in os.listdir(folder) if f.startswith("body-")]))
        with open(name + ".tmp", "wb") as out:
            out.write(body)
        os.rename(name + ".tmp", name)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(os.path.join(folder, "server.pem"), os.path.join(folder, "server.key"))
if require_client:
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(os.path.join(folder, "client.pem"))
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
server.daemon_threads = True
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
)";

// Runs a shell command in `dir`; throws with its output when it fails.
void run(const std::string& dir, const std::string& command) {
  std::string line = "cd '" + dir + "' && (" + command + ") >>tool.log 2>&1";
  if (std::system(line.c_str()) != 0) {
    std::ifstream log(dir + "/tool.log");
    std::stringstream text;
    text << log.rdbuf();
    throw std::runtime_error("failed: " + command + "\n" + text.str());
  }
}

void self_signed(const std::string& dir, const std::string& name, const std::string& subject) {
  // EC keys: generated in milliseconds, unlike RSA.
  run(dir,
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
      " -keyout " +
          name + ".key -out " + name + ".pem -subj /CN=" + subject +
          " -addext subjectAltName=IP:127.0.0.1,DNS:localhost");
}

// python3 from PATH, skipping version-manager shims (pyenv's costs ~2 s per start);
// OTELRT_TEST_PYTHON overrides.
std::string find_python() {
  if (const char* chosen = std::getenv("OTELRT_TEST_PYTHON"); chosen != nullptr && *chosen) {
    return chosen;
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t colon = dirs.find(':', start);
    std::string dir = dirs.substr(start, colon == std::string::npos ? colon : colon - start);
    start = colon == std::string::npos ? dirs.size() + 1 : colon + 1;
    if (dir.empty() || dir.find("/shims") != std::string::npos) continue;
    std::string candidate = dir + "/python3";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "python3";
}

}  // namespace

TlsTestServer::TlsTestServer(bool require_client_certificate) {
  std::string pattern = (std::filesystem::temp_directory_path() / "otelrt-tls-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  try {
    self_signed(dir_, "server", "localhost");
    if (require_client_certificate) self_signed(dir_, "client", "otelrt-client");
  } catch (...) {
    stop();
    throw;
  }
  std::ofstream(dir_ + "/receiver.py") << kReceiver;

  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  std::string script = dir_ + "/receiver.py";
  std::string require = require_client_certificate ? "1" : "0";
  std::string python = find_python();
  char* argv[] = {python.data(), script.data(), dir_.data(), require.data(), nullptr};
  int rc = ::posix_spawnp(&pid_, python.c_str(), &actions, nullptr, argv, environ);
  ::posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (rc != 0) {
    ::close(out[0]);
    pid_ = -1;
    stop();
    throw std::runtime_error("cannot start python3");
  }
  // The first line is the port; python starts in ~50 ms, allow a loaded machine 10 s.
  std::string line;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (line.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd entry{out[0], POLLIN, 0};
    if (left.count() <= 0 || ::poll(&entry, 1, static_cast<int>(left.count())) <= 0) break;
    char chunk[64];
    ssize_t n = ::read(out[0], chunk, sizeof chunk);
    if (n <= 0) break;
    line.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  port_ = static_cast<std::uint16_t>(std::atoi(line.c_str()));
  if (port_ == 0) {
    stop();
    throw std::runtime_error("the python3 TLS receiver did not start");
  }
}

TlsTestServer::~TlsTestServer() {
  stop();
}

void TlsTestServer::stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    dir_.clear();
  }
}

std::string TlsTestServer::url() const {
  return "https://127.0.0.1:" + std::to_string(port_) + "/v1/traces";
}

std::vector<std::string> TlsTestServer::bodies() const {
  std::vector<std::string> out;
  for (int i = 0;; ++i) {
    std::ifstream file(dir_ + "/body-" + std::to_string(i), std::ios::binary);
    if (!file) break;
    std::stringstream text;
    text << file.rdbuf();
    out.push_back(text.str());
  }
  return out;
}

}  // namespace otelrt::testing
