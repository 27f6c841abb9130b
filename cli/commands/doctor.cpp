#include <CLI/CLI.hpp>

#include <cstdlib>
#include <memory>
#include <ostream>
#include <string>

#include "commands.hpp"
#include "otel_setup/doctor.hpp"
#include "otel_setup/filesystem.hpp"

namespace otel_setup::cli {
namespace {

struct DoctorArgs {
  std::string path = ".";
  int timeout_ms = 2000;
  bool no_span = false;
};

void print_check(std::ostream& out, const scaffold::DoctorCheck& check) {
  out << (check.ok ? "ok    " : "FAIL  ") << check.name << ": " << check.detail << "\n";
  if (!check.ok && !check.fix.empty()) out << "      fix: " << check.fix << "\n";
}

int run_doctor(const DoctorArgs& args, Io& io) {
  scaffold::RealFileSystem fs(args.path);
  bool all_ok = true;
  // files: manifest intact, generated files unmodified, edits and build entries present
  for (const scaffold::DoctorCheck& check : scaffold::check_setup(fs)) {
    print_check(io.out, check);
    all_ok = all_ok && check.ok;
  }
  // the wire: the endpoint the service would use, then one span sent to it
  const scaffold::Endpoint endpoint = scaffold::traces_endpoint_from_env();
  const scaffold::DoctorCheck reachable = scaffold::check_reachable(endpoint, args.timeout_ms);
  print_check(io.out, reachable);
  all_ok = all_ok && reachable.ok;
  if (reachable.ok && !args.no_span) {
    const char* service = std::getenv("OTEL_SERVICE_NAME");
    const scaffold::DoctorCheck span = scaffold::send_test_span(
        endpoint, service && *service ? service : "otel-setup-doctor", args.timeout_ms);
    print_check(io.out, span);
    all_ok = all_ok && span.ok;
  }
  io.out << (all_ok ? "All checks passed.\n" : "Some checks failed; see the fixes above.\n");
  return all_ok ? 0 : 1;
}

}  // namespace

void configure_doctor(CLI::App& sub, Action& action) {
  auto args = std::make_shared<DoctorArgs>();
  sub.add_option("path", args->path, "Project root (default: the current directory)");
  sub.add_option("--timeout-ms", args->timeout_ms, "Network timeout per check (default 2000)")
      ->check(CLI::Range(1, 60000));
  sub.add_flag("--no-span", args->no_span, "Only check that the endpoint is reachable");
  sub.footer(
      "Endpoint from OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT "
      "(default http://localhost:4318). Exit 0 when every check is ok, else 1.");
  action = [args](Io& io) { return run_doctor(*args, io); };
}

}  // namespace otel_setup::cli
