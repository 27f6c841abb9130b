#!/usr/bin/env python3
"""Prints the prefilter trigger strings of the detect catalog, one per line.

Mirrors trigger_strings() in detectors/src/catalog.cpp: include paths (a trailing '/'
dropped), unqualified C function names, namespaces, comment markers, extra "triggers" and
vendored-file markers. rg searches exactly these, so both tools answer the same question:
which files can hold a finding. rg matches all of them as substrings; detect requires
whole words for names and include paths, so rg's file list is a superset of detect's.
"""
import json
import sys


def main() -> None:
    path = sys.argv[1]
    with open(path, encoding="utf-8") as handle:
        catalog = json.load(handle)
    triggers = set()
    for entry in catalog["libraries"]:
        for include in entry.get("includes", []):
            triggers.add(include[:-1] if include.endswith("/") else include)
        for call in entry.get("calls", []):
            if "::" not in call:
                triggers.add(call)
        for key in ("namespaces", "comment_markers", "triggers"):
            triggers.update(entry.get(key, []))
        for marker in entry.get("vendored", []):
            triggers.add(marker["contains"])
    # detect also looks for main() definitions
    triggers.add("main")
    for trigger in sorted(t for t in triggers if t):
        print(trigger)


if __name__ == "__main__":
    main()
