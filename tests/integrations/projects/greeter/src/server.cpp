#include <grpcpp/grpcpp.h>

#include <iostream>
#include <stdexcept>
#include <string>

#include "greeter.grpc.pb.h"
#include "greeter.hpp"

namespace {

class GreeterService final : public greeter::Greeter::Service {
  grpc::Status SayHello(grpc::ServerContext*, const greeter::HelloRequest* request,
                        greeter::HelloReply* reply) override {
    reply->set_message("hello " + request->name());
    return grpc::Status::OK;
  }

  grpc::Status Fail(grpc::ServerContext*, const greeter::HelloRequest*,
                    greeter::HelloReply*) override {
    return grpc::Status(grpc::StatusCode::INTERNAL, "greeter is broken");
  }

  grpc::Status Explode(grpc::ServerContext*, const greeter::HelloRequest*,
                       greeter::HelloReply*) override {
    throw std::runtime_error("exploded");
  }
};

}  // namespace

int run_server(int port) {
  GreeterService service;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:" + std::to_string(port), grpc::InsecureServerCredentials());
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) return 1;
  std::cout << "listening on " << port << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  server->Shutdown();
  return 0;
}
