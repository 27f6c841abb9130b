#include "queue.hpp"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace dispatch {

namespace {

std::unique_ptr<RdKafka::Conf> make_conf(
    const std::vector<std::pair<std::string, std::string>>& settings) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  for (const auto& [name, value] : settings) {
    if (conf->set(name, value, error) != RdKafka::Conf::CONF_OK) {
      throw std::runtime_error(name + ": " + error);
    }
  }
  return conf;
}

}  // namespace

struct OrderQueue::Kafka {
  explicit Kafka(const std::string& log_path);
  bool publish(const std::string& order_id, const std::string& body);
  void consume_loop();

  const std::string topic = "orders";
  std::unique_ptr<RdKafka::Producer> producer;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer;
  std::ofstream log;
  std::atomic<bool> running{true};
  std::thread consumer_thread;
};

OrderQueue::Kafka::Kafka(const std::string& log_path) : log(log_path, std::ios::app) {
  std::string error;
  // The producer starts an in-process mock cluster; the consumer joins it.
  auto producer_conf = make_conf({{"test.mock.num.brokers", "1"}, {"linger.ms", "0"}});
  producer.reset(RdKafka::Producer::create(producer_conf.get(), error));
  if (!producer) throw std::runtime_error("producer: " + error);
  const char* brokers =
      rd_kafka_mock_cluster_bootstraps(rd_kafka_handle_mock_cluster(producer->c_ptr()));

  auto consumer_conf = make_conf({{"bootstrap.servers", brokers},
                                  {"group.id", "dispatch"},
                                  {"enable.auto.commit", "false"},
                                  {"fetch.wait.max.ms", "10"}});
  consumer.reset(RdKafka::KafkaConsumer::create(consumer_conf.get(), error));
  if (!consumer) throw std::runtime_error("consumer: " + error);
  std::vector<RdKafka::TopicPartition*> partitions = {
      RdKafka::TopicPartition::create(topic, 0, RdKafka::Topic::OFFSET_BEGINNING)};
  consumer->assign(partitions);
  RdKafka::TopicPartition::destroy(partitions);
  consumer_thread = std::thread([this] { consume_loop(); });
}

bool OrderQueue::Kafka::publish(const std::string& order_id, const std::string& body) {
  RdKafka::Headers* headers = RdKafka::Headers::create();
  headers->add("content-type", "application/json");
  const RdKafka::ErrorCode result =
      producer->produce(topic, 0, RdKafka::Producer::RK_MSG_COPY, const_cast<char*>(body.data()),
                        body.size(), order_id.data(), order_id.size(), 0, headers, nullptr);
  if (result != RdKafka::ERR_NO_ERROR) {
    delete headers;  // still ours when produce() fails
    std::cerr << "produce failed: " << RdKafka::err2str(result) << "\n";
    return false;
  }
  producer->poll(0);
  return true;
}

void OrderQueue::Kafka::consume_loop() {
  while (running) {
    std::unique_ptr<RdKafka::Message> message(consumer->consume(50));
    if (message->err() == RdKafka::ERR__TIMED_OUT) continue;
    if (message->err() != RdKafka::ERR_NO_ERROR) {
      std::cerr << "consume failed: " << message->errstr() << "\n";
      continue;
    }
    const std::string order(static_cast<const char*>(message->payload()), message->len());
    log << "processed order " << *message->key() << ": " << order << std::endl;
  }
}

OrderQueue::OrderQueue(const std::string& log_path) : kafka_(std::make_unique<Kafka>(log_path)) {}

OrderQueue::~OrderQueue() {
  kafka_->producer->flush(5000);
  kafka_->running = false;
  kafka_->consumer_thread.join();
  kafka_->consumer->close();
}

bool OrderQueue::publish(const std::string& order_id, const std::string& body) {
  return kafka_->publish(order_id, body);
}

}  // namespace dispatch
