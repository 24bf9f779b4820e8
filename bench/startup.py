#!/usr/bin/env python3
"""Time the whole command on a one-sentence file: process start, built-in gazetteer, automaton,
extraction and the file written. Prints the median and minimum of N runs (default 30).

    cargo build --release && python3 bench/startup.py [N]
"""
import pathlib
import subprocess
import sys
import tempfile
import time

root = pathlib.Path(__file__).resolve().parent.parent
binary = root / "target" / "release" / "gazegraph"
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
with tempfile.TemporaryDirectory() as tmp:
    text = pathlib.Path(tmp) / "tiny.txt"
    text.write_text("Wang Yi met Antony Blinken in Rome.\n")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [binary, "extract", text, "-o", pathlib.Path(tmp) / "out", "--format", "edges"],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
times.sort()
print(f"{runs} runs: median {times[runs // 2] * 1000:.1f} ms, minimum {times[0] * 1000:.1f} ms")
