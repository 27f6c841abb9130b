#pragma once

#include <string>

namespace shop {

class Notifier {
 public:
  explicit Notifier(std::string url) : url_(std::move(url)) {}
  bool notify(const std::string& body);

 private:
  std::string url_;
};

}  // namespace shop
