// Interop peer for `otel-setup view`: builds a small trace with the official OpenTelemetry
// JS SDK and exports it over OTLP/HTTP to the receiver.
//   node export_to_view.js <port> <proto|json> [gzip]
// Prints {"trace_id","server_span_id","client_span_id"} on stdout once the export succeeded;
// exits 1 if the exporter reports a failure.
'use strict';

const api = require('@opentelemetry/api');
const { BasicTracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { resourceFromAttributes } = require('@opentelemetry/resources');

const [port, protocol, compression] = process.argv.slice(2);
if (!port || !['proto', 'json'].includes(protocol)) {
  console.error('usage: node export_to_view.js <port> <proto|json> [gzip]');
  process.exit(2);
}
const { OTLPTraceExporter } = require(protocol === 'proto'
  ? '@opentelemetry/exporter-trace-otlp-proto'
  : '@opentelemetry/exporter-trace-otlp-http');

const exporter = new OTLPTraceExporter({
  url: `http://127.0.0.1:${port}/v1/traces`,
  compression: compression === 'gzip' ? 'gzip' : 'none',
});
// Surface export failures: the SDK otherwise only logs them through the diag logger.
const exportOnce = exporter.export.bind(exporter);
let failed = null;
exporter.export = (spans, done) =>
  exportOnce(spans, (result) => {
    if (result.code !== 0) failed = result.error || new Error('export failed');
    done(result);
  });

const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({
    'service.name': `js-interop-${protocol}`,
    'deployment.environment': 'test',
  }),
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
const tracer = provider.getTracer('otel-setup-interop', '1.0.0');

const server = tracer.startSpan('GET /orders/{id}', {
  kind: api.SpanKind.SERVER,
  attributes: {
    'http.request.method': 'GET',
    'url.path': '/orders/42',
    'http.response.status_code': 500,
    'session.id': 'session-abc',
  },
});
const client = tracer.startSpan(
  'SELECT orders',
  {
    kind: api.SpanKind.CLIENT,
    attributes: { 'db.system': 'sqlite', 'db.statement': 'SELECT * FROM orders', retry: true,
                  ratio: 0.25, tags: ['a', 'b'] },
  },
  api.trace.setSpan(api.context.active(), server),
);
const error = new TypeError('order 42 vanished');
client.recordException(error);
client.setStatus({ code: api.SpanStatusCode.ERROR, message: 'order 42 vanished' });
client.end();
server.setStatus({ code: api.SpanStatusCode.ERROR });
server.end();

provider
  .shutdown()
  .then(() => {
    if (failed) {
      console.error(`export to view failed: ${failed.message || failed}`);
      process.exit(1);
    }
    console.log(JSON.stringify({
      trace_id: server.spanContext().traceId,
      server_span_id: server.spanContext().spanId,
      client_span_id: client.spanContext().spanId,
    }));
  })
  .catch((e) => {
    console.error(`export to view failed: ${e.message || e}`);
    process.exit(1);
  });
