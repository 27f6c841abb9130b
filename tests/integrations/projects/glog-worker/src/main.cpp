// worker: runs one job and exits.
#include <glog/logging.h>

#include "jobs.hpp"

int main(int argc, char** argv) {
  (void)argc;
  FLAGS_logtostderr = true;
  google::InitGoogleLogging(argv[0]);
  LOG(INFO) << "worker starting";
  const int result = jobs::run_job(21);
  LOG(INFO) << "worker done: " << result;
  return 0;
}
