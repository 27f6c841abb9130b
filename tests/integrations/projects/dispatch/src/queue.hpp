// The order queue: a Kafka producer and a consumer thread on librdkafka's mock cluster.
#pragma once

#include <memory>
#include <string>

namespace dispatch {

class OrderQueue {
 public:
  // Processed orders are appended to log_path, one line each.
  explicit OrderQueue(const std::string& log_path);
  ~OrderQueue();
  OrderQueue(const OrderQueue&) = delete;
  OrderQueue& operator=(const OrderQueue&) = delete;

  // Queues an order; false when librdkafka refused it.
  bool publish(const std::string& order_id, const std::string& body);

 private:
  struct Kafka;  // librdkafka stays out of this header
  std::unique_ptr<Kafka> kafka_;
};

}  // namespace dispatch
