#include "run.hpp"

int main(int argc, char** argv) {
  return otel_setup::cli::run(argc, argv);
}
