// Propagation peer for runtime-skeleton/tests/interop_js_test.cpp: the official OpenTelemetry
// JS propagators (W3CTraceContextPropagator, W3CBaggagePropagator) inject headers for given
// ids and extract given headers. Usage: node w3c_interop.js <request.json>
//   {"op":"inject","trace_id":"..","span_id":"..","trace_flags":1,"trace_state":"a=b",
//    "baggage":{"k":"v"}}                -> {"traceparent":"..","tracestate":"..","baggage":".."}
//   {"op":"extract","headers":{...}}     -> {"valid":true,"trace_id":"..","span_id":"..",
//                                            "trace_flags":1,"is_remote":true,
//                                            "trace_state":"..","baggage":{"k":"v"}}
'use strict';
const fs = require('fs');
const api = require('@opentelemetry/api');
const core = require('@opentelemetry/core');

const propagator = new core.CompositePropagator({
  propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()],
});
const request = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

function inject(req) {
  let ctx = api.trace.setSpanContext(api.ROOT_CONTEXT, {
    traceId: req.trace_id,
    spanId: req.span_id,
    traceFlags: req.trace_flags,
    isRemote: false,
    traceState: req.trace_state ? new core.TraceState(req.trace_state) : undefined,
  });
  const entries = {};
  for (const [key, value] of Object.entries(req.baggage || {})) entries[key] = { value };
  if (Object.keys(entries).length) {
    ctx = api.propagation.setBaggage(ctx, api.propagation.createBaggage(entries));
  }
  const headers = {};
  propagator.inject(ctx, headers, api.defaultTextMapSetter);
  return headers;
}

function extract(req) {
  const ctx = propagator.extract(api.ROOT_CONTEXT, req.headers, api.defaultTextMapGetter);
  const sc = api.trace.getSpanContext(ctx);
  const out = { valid: !!sc && api.isSpanContextValid(sc) };
  if (out.valid) {
    out.trace_id = sc.traceId;
    out.span_id = sc.spanId;
    out.trace_flags = sc.traceFlags;
    out.is_remote = !!sc.isRemote;
    out.trace_state = sc.traceState ? sc.traceState.serialize() : '';
  }
  const baggage = api.propagation.getBaggage(ctx);
  out.baggage = {};
  if (baggage) for (const [key, entry] of baggage.getAllEntries()) out.baggage[key] = entry.value;
  return out;
}

const ops = { inject, extract };
if (!ops[request.op]) {
  process.stderr.write(`unknown op ${request.op}\n`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(ops[request.op](request)) + '\n');
