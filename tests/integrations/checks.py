"""Shared by the check-*.py scripts: the spans `otel-setup view --json` wrote, check() that
collects every failure rather than stopping at the first, and the report that ends a script.

    from checks import check, finish, load_spans
"""
import json
import sys

failures = []


def load_spans(path):
    """The spans of a view --json file, one JSON object a line."""
    with open(path) as lines:
        return [json.loads(line) for line in lines if line.strip()]


def check(condition, message):
    if not condition:
        failures.append(message)


def finish(spans, ok_message, fields=None):
    """Prints ok_message, or each failure then every span (only `fields` of each, when given,
    to keep the log readable) and exits 1."""
    if not failures:
        print(ok_message)
        return
    for failure in failures:
        print("FAIL:", failure, file=sys.stderr)
    for span in spans:
        shown = span if fields is None else {key: span.get(key) for key in fields}
        print(json.dumps(shown), file=sys.stderr)
    sys.exit(1)
