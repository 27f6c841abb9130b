#pragma once

namespace jobs {

int run_job(int id);

}  // namespace jobs
