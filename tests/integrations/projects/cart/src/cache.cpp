#include "cache.hpp"

#include <hiredis/hiredis.h>

#include <mutex>
#include <stdexcept>

namespace cart {

namespace {
std::mutex cache_mutex;
}

Cache::Cache(const std::string& host, int port) : context_(redisConnect(host.c_str(), port)) {
  if (context_ == nullptr || context_->err != 0) {
    throw std::runtime_error("redis: cannot connect");
  }
  redisReply* reply = static_cast<redisReply*>(redisCommand(context_, "SELECT %d", 2));
  freeReplyObject(reply);
}

Cache::~Cache() {
  redisFree(context_);
}

std::string Cache::get(const std::string& key) {
  std::lock_guard<std::mutex> lock(cache_mutex);
  redisReply* reply = static_cast<redisReply*>(redisCommand(context_, "GET %s", key.c_str()));
  std::string value;
  if (reply != nullptr && reply->type == REDIS_REPLY_STRING) value.assign(reply->str, reply->len);
  freeReplyObject(reply);
  return value;
}

void Cache::put(const std::string& key, const std::string& value) {
  std::lock_guard<std::mutex> lock(cache_mutex);
  const char* argv[] = {"SET", key.c_str(), value.c_str(), "EX", "60"};
  const size_t lengths[] = {3, key.size(), value.size(), 2, 2};
  freeReplyObject(redisCommandArgv(context_, 5, argv, lengths));
}

long long Cache::touch(const std::string& cart) {
  std::lock_guard<std::mutex> lock(cache_mutex);
  redisAppendCommand(context_, "INCR views:%s", cart.c_str());
  redisAppendCommand(context_, "EXPIRE views:%s %d", cart.c_str(), 3600);
  long long views = 0;
  void* reply = nullptr;
  if (redisGetReply(context_, &reply) == REDIS_OK) {
    views = static_cast<redisReply*>(reply)->integer;
    freeReplyObject(reply);
  }
  if (redisGetReply(context_, &reply) == REDIS_OK) freeReplyObject(reply);
  return views;
}

bool Cache::bump_name(const std::string& key) {
  std::lock_guard<std::mutex> lock(cache_mutex);
  redisReply* reply = static_cast<redisReply*>(redisCommand(context_, "INCR %s", key.c_str()));
  const bool ok = reply != nullptr && reply->type == REDIS_REPLY_INTEGER;
  freeReplyObject(reply);
  return ok;
}

}  // namespace cart
