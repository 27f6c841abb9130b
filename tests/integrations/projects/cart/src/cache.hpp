#pragma once

#include <string>

struct redisContext;

namespace cart {

// The Redis cache in front of the orders table: one connection, used by one request at a time.
class Cache {
 public:
  Cache(const std::string& host, int port);
  ~Cache();
  Cache(const Cache&) = delete;
  Cache& operator=(const Cache&) = delete;

  std::string get(const std::string& key);
  void put(const std::string& key, const std::string& value);
  // Counts a view of the cart and refreshes its expiry in one round trip.
  long long touch(const std::string& cart);
  // INCR on a key holding text: Redis answers with an error.
  bool bump_name(const std::string& key);

 private:
  redisContext* context_;
};

}  // namespace cart
