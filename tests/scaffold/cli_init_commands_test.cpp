// The real otel-setup binary on a temporary git repository: init, diff, remove, doctor, the
// refusals and exit codes, and a crash injected mid-apply.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "otel_setup/filesystem.hpp"
#include "otel_setup/repository.hpp"

namespace fs = std::filesystem;
using otel_setup::scaffold::blob_hash;
using otel_setup::scaffold::RealFileSystem;

namespace {

// The binary sits at the top of the build folder; this test at tests/scaffold/ below it.
fs::path binary() {
  return fs::read_symlink("/proc/self/exe").parent_path().parent_path().parent_path() /
         "otel-setup";
}

struct Result {
  int code;
  std::string output;
};

Result run(const fs::path& dir, const std::string& args, const std::string& env = "",
           bool with_stderr = true) {
  const std::string command = "cd '" + dir.string() + "' && " + env + " '" + binary().string() +
                              "' " + args + " </dev/null" +
                              (with_stderr ? " 2>&1" : " 2>/dev/null");
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
    output.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A small CMake service committed to a fresh git repository.
fs::path make_project() {
  std::string pattern = (fs::temp_directory_path() / "otel-cli-XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  const fs::path dir = pattern;
  write(dir / "CMakeLists.txt",
        "cmake_minimum_required(VERSION 3.16)\nproject(shop CXX)\n"
        "add_executable(shop src/main.cpp)\n");
  write(dir / "src/main.cpp",
        "#include <cstdio>\r\n\r\nint main() {\r\n  std::puts(\"hi\");\r\n  return 0;\r\n}\r\n");
  REQUIRE(std::system(("cd '" + dir.string() +
                       "' && git init -q && git add -A && git -c user.email=t@t -c user.name=t "
                       "commit -qm base")
                          .c_str()) == 0);
  return dir;
}

// Every file of the tree (but .git) with its hash.
std::map<std::string, std::string> tree(const fs::path& root) {
  std::map<std::string, std::string> files;
  RealFileSystem disk(root);
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    const std::string path = it->path().lexically_relative(root).generic_string();
    if (path == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    files[path] = it->is_regular_file() ? blob_hash(disk.read(path)) : "dir";
  }
  return files;
}

}  // namespace

TEST_CASE("init then remove leaves the tree byte-identical and a second init plans nothing") {
  const fs::path dir = make_project();
  const auto before = tree(dir);
  const Result applied = run(dir, "init --yes");
  REQUIRE(applied.code == 0);
  CHECK(fs::exists(dir / ".otel-setup.json"));
  CHECK(applied.output.find("Applied") != std::string::npos);
  // CRLF stays CRLF in the edited main.cpp
  const std::string main_cpp = RealFileSystem(dir).read("src/main.cpp");
  CHECK(main_cpp.find("// otel-setup:begin telemetry-init\r\n") != std::string::npos);

  const Result again = run(dir, "init --yes");
  CHECK(again.code == 0);
  CHECK(again.output.find("Nothing to do") != std::string::npos);

  const Result removed = run(dir, "remove --yes");
  CHECK(removed.code == 0);
  CHECK(tree(dir) == before);
  fs::remove_all(dir);
}

TEST_CASE("the backend init --runtime chose is kept by a later init and diff and add") {
  const fs::path dir = make_project();
  const auto before = tree(dir);
  REQUIRE(run(dir, "init --runtime opentelemetry-cpp --yes").code == 0);
  const std::string binding = RealFileSystem(dir).read("telemetry/telemetry.cpp");
  CHECK(binding.find("binds telemetry.hpp to opentelemetry-cpp") != std::string::npos);

  const Result again = run(dir, "init --yes");
  CHECK(again.code == 0);
  CHECK(again.output.find("Nothing to do") != std::string::npos);
  CHECK(run(dir, "diff", "", false).output.empty());
  // The module planned again with an integration is the same module: nothing to write.
  const Result add = run(dir, "add traced src/main.cpp:main --dry-run");
  CHECK(add.output.find("otelrt") == std::string::npos);
  CHECK(RealFileSystem(dir).read("telemetry/telemetry.cpp") == binding);
  CHECK_FALSE(fs::exists(dir / "telemetry/otelrt"));

  CHECK(run(dir, "remove --yes").code == 0);
  CHECK(tree(dir) == before);
  fs::remove_all(dir);
}

TEST_CASE("init needs --yes without a terminal (exit 2) and refuses a dirty tree (exit 3)") {
  const fs::path dir = make_project();
  const auto before = tree(dir);
  const Result no_yes = run(dir, "init");
  CHECK(no_yes.code == 2);
  CHECK(no_yes.output.find("--yes") != std::string::npos);
  CHECK(tree(dir) == before);

  write(dir / "CMakeLists.txt", RealFileSystem(dir).read("CMakeLists.txt") + "# local\n");
  const Result dirty = run(dir, "init --yes");
  CHECK(dirty.code == 3);
  CHECK(dirty.output.find("CMakeLists.txt") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / ".otel-setup.json"));
  // untracked files do not make the tree dirty; --allow-dirty writes anyway
  write(dir / "notes.txt", "untracked\n");
  CHECK(run(dir, "init --yes --allow-dirty").code == 0);
  CHECK(fs::exists(dir / ".otel-setup.json"));
  fs::remove_all(dir);
}

TEST_CASE("diff writes nothing and git apply --check accepts it") {
  const fs::path dir = make_project();
  const auto before = tree(dir);
  const Result diff = run(dir, "diff", "", false);
  REQUIRE(diff.code == 0);
  CHECK(tree(dir) == before);
  write(dir / "../" / (dir.filename().string() + ".diff"), diff.output);
  CHECK(std::system(("cd '" + dir.string() + "' && git apply --check ../" +
                     dir.filename().string() + ".diff")
                        .c_str()) == 0);
  CHECK(run(dir, "init --dry-run").code == 0);
  CHECK(tree(dir) == before);
  fs::remove(dir / "../" / (dir.filename().string() + ".diff"));
  fs::remove_all(dir);
}

TEST_CASE("remove refuses when tool-owned code was changed (exit 3) unless --force") {
  const fs::path dir = make_project();
  REQUIRE(run(dir, "init --yes").code == 0);
  std::string main_cpp = RealFileSystem(dir).read("src/main.cpp");
  main_cpp.replace(main_cpp.find("telemetry::init("), 16, "telemetry::init (");
  write(dir / "src/main.cpp", main_cpp);
  CHECK(run(dir, "remove --yes").code == 3);
  CHECK(fs::exists(dir / ".otel-setup.json"));
  CHECK(run(dir, "remove --yes --force").code == 0);
  CHECK_FALSE(fs::exists(dir / ".otel-setup.json"));
  CHECK(RealFileSystem(dir).read("src/main.cpp").find("telemetry") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a crash mid-apply leaves each file old or new and the next init rolls back first") {
  const fs::path dir = make_project();
  const auto before = tree(dir);
  REQUIRE(run(dir, "init --yes").code == 0);
  const auto after = tree(dir);
  REQUIRE(run(dir, "remove --yes").code == 0);

  const Result crashed = run(dir, "init --yes", "OTEL_SETUP_TEST_CRASH_AFTER_RENAMES=3");
  CHECK(crashed.code == 86);
  int old_files = 0, new_files = 0;
  for (const auto& [path, hash] : tree(dir)) {
    if (path == ".otel-setup.json" || path.find(".otel-setup-tmp") != std::string::npos) continue;
    const bool is_old = before.count(path) && before.at(path) == hash;
    const bool is_new = after.count(path) && after.at(path) == hash;
    CAPTURE(path);
    CHECK((is_old || is_new));
    new_files += is_new && !is_old;
    old_files += is_old;
  }
  CHECK(new_files > 0);
  CHECK(run(dir, "doctor --no-span --timeout-ms 100").output.find("FAIL  manifest") !=
        std::string::npos);

  const Result recovered = run(dir, "init --yes");
  CHECK(recovered.code == 0);
  CHECK(recovered.output.find("rolled back an interrupted earlier init") != std::string::npos);
  CHECK(tree(dir) == after);
  CHECK(run(dir, "remove --yes").code == 0);
  CHECK(tree(dir) == before);
  fs::remove_all(dir);
}

TEST_CASE("doctor checks the files and delivers a test span to the endpoint") {
  const fs::path dir = make_project();
  REQUIRE(run(dir, "init --yes").code == 0);

  // A one-shot OTLP/HTTP receiver on a free port.
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  REQUIRE(::listen(listener, 4) == 0);
  std::string request;
  std::thread receiver([&] {
    for (int connection = 0; connection < 2; ++connection) {  // reachability, then the span
      int client = ::accept(listener, nullptr, nullptr);
      char buffer[8192];
      ssize_t n = 0;
      std::string got;
      while (got.find("\"name\":\"otel-setup doctor\"") == std::string::npos &&
             (n = ::recv(client, buffer, sizeof buffer, 0)) > 0)
        got.append(buffer, static_cast<std::size_t>(n));
      if (!got.empty()) {
        request = got;
        const char* answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
        ::send(client, answer, std::strlen(answer), 0);
      }
      ::close(client);
    }
  });
  const std::string endpoint =
      "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  const Result doctor = run(dir, "doctor", endpoint);
  receiver.join();
  ::close(listener);
  CHECK(doctor.code == 0);
  CHECK(doctor.output.find("ok    manifest") != std::string::npos);
  CHECK(doctor.output.find("ok    build entries CMakeLists.txt") != std::string::npos);
  CHECK(doctor.output.find("ok    test span") != std::string::npos);
  CHECK(request.rfind("POST /v1/traces HTTP/1.1", 0) == 0);

  write(dir / "telemetry/telemetry.hpp", "// changed\n");
  const Result broken = run(dir, "doctor --no-span --timeout-ms 100",
                            "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:1");
  CHECK(broken.code == 1);
  CHECK(broken.output.find("FAIL  file telemetry/telemetry.hpp") != std::string::npos);
  fs::remove_all(dir);
}
