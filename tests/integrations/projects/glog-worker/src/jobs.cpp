#include "jobs.hpp"

#include <glog/logging.h>

namespace jobs {

int run_job(int id) {
  LOG(INFO) << "running job " << id;
  return id * 2;
}

}  // namespace jobs
