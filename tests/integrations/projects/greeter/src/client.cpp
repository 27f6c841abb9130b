#include <grpcpp/grpcpp.h>

#include <iostream>
#include <string>

#include "greeter.grpc.pb.h"
#include "greeter.hpp"

namespace {

void report(const char* method, const grpc::Status& status, const greeter::HelloReply& reply) {
  std::cout << method << ": " << status.error_code() << " " << status.error_message()
            << reply.message() << std::endl;
}

}  // namespace

int run_client(int port) {
  const std::string target = "127.0.0.1:" + std::to_string(port);
  auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = greeter::Greeter::NewStub(channel);
  greeter::HelloRequest request;
  request.set_name("world");
  {
    grpc::ClientContext context;
    greeter::HelloReply reply;
    report("SayHello", stub->SayHello(&context, request, &reply), reply);
  }
  {
    grpc::ClientContext context;
    greeter::HelloReply reply;
    report("Fail", stub->Fail(&context, request, &reply), reply);
  }
  {
    grpc::ClientContext context;
    greeter::HelloReply reply;
    report("Explode", stub->Explode(&context, request, &reply), reply);
  }
  return 0;
}
