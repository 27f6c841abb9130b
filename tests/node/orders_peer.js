// A Node.js service traced by the official OpenTelemetry JS SDK (NodeSDK +
// HttpInstrumentation, OTLP/protobuf exporter) that sits on both sides of the instrumented
// C++ `orders` example (tests/integrations/run-js-interop.sh):
//
//   GET  /checkout?item=widget&quantity=1  calls orders `POST /orders` and answers its status
//   POST /stock/{item}/reserve             the inventory API orders calls (INVENTORY_URL)
//
// So one request makes the trace js SERVER -> js CLIENT -> orders SERVER -> orders libcurl
// CLIENT -> js SERVER. Usage: node orders_peer.js <view-port> <orders-url>
// Prints {"port":N} on stdout once listening; SIGTERM flushes the exporter, then exits 0.
'use strict';

const { NodeSDK } = require('@opentelemetry/sdk-node');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { resourceFromAttributes } = require('@opentelemetry/resources');

const [viewPort, ordersUrl] = process.argv.slice(2);
if (!viewPort || !ordersUrl) {
  console.error('usage: node orders_peer.js <view-port> <orders-url>');
  process.exit(2);
}

const sdk = new NodeSDK({
  resource: resourceFromAttributes({ 'service.name': 'js-peer' }),
  autoDetectResources: false,
  // One export per span: the test waits for spans, not for a batch timer.
  spanProcessors: [
    new SimpleSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${viewPort}/v1/traces` })),
  ],
  instrumentations: [new HttpInstrumentation()],
});
sdk.start();

// Required after start(): the instrumentation patches the http module as it is loaded.
const http = require('http');

function placeOrder(item, quantity, done) {
  const body = JSON.stringify({ item, quantity });
  const request = http.request(
    `${ordersUrl}/orders`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, timeout: 10000 },
    (response) => {
      response.resume();
      response.on('end', () => done(null, response.statusCode));
    },
  );
  request.on('timeout', () => request.destroy(new Error('orders timed out')));
  request.on('error', (error) => done(error));
  request.end(body);
}

const reserveRoute = /^\/stock\/([^/]+)\/reserve$/;
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const reserve = req.method === 'POST' && reserveRoute.exec(url.pathname);
  if (reserve) {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const quantity = JSON.parse(text || '{}').quantity || 0;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ item: decodeURIComponent(reserve[1]), reserved: quantity,
                               remaining: 1000 - quantity }));
    });
    return;
  }
  if (req.method === 'GET' && url.pathname === '/checkout') {
    placeOrder(url.searchParams.get('item') || 'widget',
               Number(url.searchParams.get('quantity') || 1), (error, status) => {
      res.writeHead(error ? 502 : status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(error ? { error: error.message } : { orders_status: status }));
    });
    return;
  }
  res.writeHead(404);
  res.end();
});

server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});

process.on('SIGTERM', () => {
  server.close();
  sdk.shutdown().then(
    () => process.exit(0),
    (error) => {
      console.error(`shutdown failed: ${error}`);
      process.exit(1);
    },
  );
});
