#!/usr/bin/env python3
"""Runs a command several times and prints one JSON line with its median wall time, CPU
time (user+sys), CPU use (CPU / wall: 2.0 means both cores busy) and peak RSS.

Peak RSS and CPU come from /usr/bin/time -v when it exists, else from wait4()'s rusage
(the same kernel numbers). Usage: measure.py NAME RUNS -- COMMAND...
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"


def run_once(command):
    if shutil.which(GNU_TIME):
        with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
            start = time.monotonic()
            result = subprocess.run([GNU_TIME, "-v", "-o", report.name] + command,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall = time.monotonic() - start
            text = report.read()
        fields = dict(re.findall(r"^\s*(.+?): (.+)$", text, re.M))
        user = float(fields["User time (seconds)"])
        system = float(fields["System time (seconds)"])
        rss_kb = int(fields["Maximum resident set size (kbytes)"])
        source = "time -v"
        status = result.returncode
    else:
        start = time.monotonic()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        _, wait_status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(wait_status)
        user, system, rss_kb = usage.ru_utime, usage.ru_stime, usage.ru_maxrss
        source = "wait4"
        status = process.returncode
    return {"wall": wall, "cpu": user + system, "rss_kb": rss_kb, "source": source,
            "status": status}


def main():
    name, runs = sys.argv[1], int(sys.argv[2])
    command = sys.argv[sys.argv.index("--") + 1:]
    run_once(command)  # warm-up: both tools then read from the page cache
    samples = [run_once(command) for _ in range(runs)]
    walls = [s["wall"] for s in samples]
    median = statistics.median(walls)
    chosen = min(samples, key=lambda s: abs(s["wall"] - median))
    print(json.dumps({
        "name": name,
        "runs": runs,
        "wall_median": median,
        "wall_min": min(walls),
        "wall_max": max(walls),
        "cpu": chosen["cpu"],
        "cpu_use": chosen["cpu"] / chosen["wall"] if chosen["wall"] > 0 else 0.0,
        "peak_rss_mb": max(s["rss_kb"] for s in samples) / 1024.0,
        "measured_with": chosen["source"],
        "exit_status": chosen["status"],
    }))


if __name__ == "__main__":
    main()
