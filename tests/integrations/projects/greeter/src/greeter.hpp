#pragma once

#include <string>

// Serves the Greeter service on 127.0.0.1:port until stdin closes.
int run_server(int port);
// Calls SayHello, Fail and Explode once each on 127.0.0.1:port.
int run_client(int port);
