#pragma once

#include <httplib.h>

#include "notifier.hpp"
#include "store.hpp"

namespace shop {

void register_routes(httplib::Server& server, Store& store, Notifier& notifier);

}  // namespace shop
