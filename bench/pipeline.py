#!/usr/bin/env python3
"""Run gazegraph, the bare scan and the Python peers side by side on one corpus and gazetteer.

    python3 bench/pipeline.py --gazetteer G.jsonl --corpus C.jsonl [--threads 1,2]
        [--peers spacy,pyahocorasick | --peers none] [--repeat N] [--markdown]
        [--gazegraph PATH] [--scan PATH] [--memory SIZE]
    python3 bench/pipeline.py --time-only --gazetteer G.jsonl [--repeat N] [--markdown]

Rows, each run as a child process:
- `gazegraph extract --no-default-gazetteer --gazetteer G --threads T --quiet --format json
  -o TMPDIR C` for each T (--threads and --quiet are passed only if `extract --help` lists them;
  with --memory SIZE, `--memory SIZE` too, which keeps the edges beyond SIZE on disk): the whole
  pipeline, every relation, every edge with its evidence;
- the graph the spaCy peer builds, on one thread: the same command with `--relation co_occurs
  --format csv` (sentence co-occurrence with weights, written as node and edge tables; names are
  still resolved, and no evidence is kept, as CSV writes none), when `extract --help` lists
  --relation. The spaCy ratio is given for both rows;
- the bare scan, `bare_scan G C` (the Rust example: the automaton alone), skipped with a note
  when the binary is missing;
- `python3 bench/peers.py PEER --gazetteer G C` for each peer.

Wall time is measured around each child with time.perf_counter, peak RSS of that child with
os.wait4 (ru_maxrss, KiB on Linux). Linux counts in it the memory the child shared with this
script before exec, so no child peaks below this script's own RSS: the output gives that floor,
measured on `true`. With --repeat N every command runs N times, the commands in turn (N rounds
of one run each, so that a machine whose speed drifts slows every row alike): the table shows
the median and the best wall time, and the highest peak RSS. Each measured run of a command
under 5 s follows an untimed run of the same command, so that no row pays for the state the
tool before it left (see `measure_all`). Throughput is the corpus size
(file size, or the sum of a directory's files) over the median wall time, so every row includes
process start and its own gazetteer load; the time a tool reports for its work alone (bare
scan, peers) is shown beside it. --time-only measures the time to a ready gazetteer:
`gazegraph gazetteer check --no-default-gazetteer G`.

Defaults: target/release/gazegraph and target/release/examples/bare_scan of this repository.
"""

import argparse
import json
import os
import pathlib
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
COOCCURS = "gazegraph co_occurs as CSV"


def run(cmd):
    """Run one child; return (wall seconds, peak RSS in KiB, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if child.returncode != 0:
        sys.exit(f"pipeline.py: {shlex.join(cmd)} exited {child.returncode}:\n{stderr}")
    return seconds, usage.ru_maxrss, stdout, stderr


def measure(cmd, repeat):
    """Run a command `repeat` times: median and best seconds, peak RSS (KiB), last outputs."""
    return measure_all([cmd], repeat)[0]


def measure_all(cmds, repeat):
    """Run the commands in turn, `repeat` rounds of one run each, so that a machine whose speed
    drifts during the rounds slows every command alike; for each command as `measure`.

    Each measured run of a quick command follows an untimed run of the same command. A run
    right after another tool pays for the state that tool left: on this project's machine, the
    first command of each round, run after the Python peers, took 0.87-0.91 s where its runs
    back to back took 0.54-0.60 s, even with its files read into the page cache first. The run
    before it pays that instead. Commands slower than WARM_UP_BELOW seconds (spaCy) are not run
    twice."""
    runs = [[] for _ in cmds]
    for _ in range(repeat):
        for cmd, done in zip(cmds, runs):
            if not done or done[-1][0] < WARM_UP_BELOW:
                run(cmd)
            done.append(run(cmd))
    return [{"median": statistics.median(r[0] for r in done),
             "best": min(r[0] for r in done),
             "rss": max(r[1] for r in done),
             "stdout": done[-1][2], "stderr": done[-1][3]} for done in runs]


# Seconds: a command whose runs take longer is measured without an untimed run before each.
WARM_UP_BELOW = 5.0


def corpus_size(path):
    """(documents, bytes): non-blank lines of a JSON Lines file, or the files of a directory."""
    path = pathlib.Path(path)
    if path.is_dir():
        files = [p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")]
        return len(files), sum(p.stat().st_size for p in files)
    with open(path, "rb") as f:
        documents = sum(1 for line in f if line.strip())
    return documents, path.stat().st_size


def rss_floor():
    """The peak RSS (MB) of a child that does nothing: this script's own share of every figure."""
    floor = run(["true"])[1] / 1024
    return f"peak RSS of a child doing nothing (this script's floor): {floor:.0f} MB"


def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) / 1024**2
    return (f"{model}, {os.cpu_count()} cores, {memory:.1f} GiB, Linux {platform.release()}, "
            f"Python {platform.python_version()}")


def table(headers, rows, markdown):
    cells = [headers] + [[str(c) for c in row] for row in rows]
    if markdown:
        lines = ["| " + " | ".join(r) + " |" for r in cells]
        lines.insert(1, "|" + "|".join("---" for _ in headers) + "|")
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells)


def time_only(args):
    cmd = [args.gazegraph, "gazetteer", "check", "--no-default-gazetteer", args.gazetteer]
    m = measure(cmd, args.repeat)
    print(f"Machine: {machine()}")
    print(f"Command ({args.repeat} run(s)): {shlex.join(cmd)}")
    print(f"Checker: {m['stderr'].strip()}")
    print(f"Memory: {rss_floor()}\n")
    print(table(["step", "median s", "best s", "peak RSS MB"],
                [["gazetteer ready (load and check)", f"{m['median']:.3f}", f"{m['best']:.3f}",
                  f"{m['rss'] / 1024:.0f}"]], args.markdown))


def compare(args):
    documents, size = corpus_size(args.corpus)
    mb = size / 1e6
    rows, commands, notes = [], [], []
    out_dir = tempfile.mkdtemp(prefix="gg-pipeline-")
    try:
        help_text = run([args.gazegraph, "extract", "--help"])[2]
        threads = args.threads.split(",") if "--threads" in help_text else [None]
        if threads == [None]:
            notes.append("this gazegraph has no --threads: one row at its default")
        # Each row: (tool, threads, command, what its output says: matches and own timing).
        def mentions(m):
            found = re.search(r"(\d+) mentions", m["stderr"])
            return found.group(1) if found else "", ""

        def report(own):
            def read(m):
                r = json.loads(m["stdout"].strip().splitlines()[-1])
                return r["matches"], own(r)
            return read

        specs = []
        for t in threads:
            cmd = [args.gazegraph, "extract", "--no-default-gazetteer", "--gazetteer",
                   args.gazetteer]
            cmd += ["--threads", t] if t else []
            cmd += ["--quiet"] if "--quiet" in help_text else []
            if args.memory:
                if "--memory" not in help_text:
                    sys.exit("this gazegraph has no --memory")
                cmd += ["--memory", args.memory]
            cmd += ["--format", "json", "-o", out_dir, args.corpus]
            specs.append(("gazegraph extract", t or "default", cmd, mentions))
        if "--relation" in help_text and "1" in threads:
            cmd = [args.gazegraph, "extract", "--no-default-gazetteer", "--gazetteer",
                   args.gazetteer, "--threads", "1", "--quiet", "--relation", "co_occurs",
                   "--format", "csv", "-o", out_dir, args.corpus]
            specs.append((COOCCURS, "1", cmd, mentions))
        if os.path.exists(args.scan):
            specs.append(("bare scan", "1", [args.scan, args.gazetteer, args.corpus],
                          report(lambda r: f"build {r['build_seconds']:.2f} s, "
                                           f"scan {r['scan_seconds']:.2f} s")))
        else:
            notes.append(f"bare scan skipped: {args.scan} not found "
                         "(cargo build --release --example bare_scan)")
        peers = [] if args.peers == "none" else args.peers.split(",")
        for peer in peers:
            cmd = [sys.executable, str(ROOT / "bench" / "peers.py"), peer, "--gazetteer",
                   args.gazetteer, args.corpus]
            specs.append((peer, "1", cmd,
                          report(lambda r: f"build {r['build_seconds']:.2f} s, "
                                           f"work {r['seconds']:.2f} s")))
        measured = measure_all([cmd for _, _, cmd, _ in specs], args.repeat)
        for (tool, t, cmd, read), m in zip(specs, measured):
            matches, own = read(m)
            rows.append((tool, t, m, matches, own))
            commands.append(cmd)
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)

    headers = ["tool", "threads", "documents", "MB", "median s", "best s", "MB/s", "docs/s",
               "peak RSS MB", "matches", "tool's own timing"]
    lines = []
    for tool, t, m, matches, own in rows:
        lines.append([tool, t, documents, f"{mb:.1f}", f"{m['median']:.2f}", f"{m['best']:.2f}",
                      f"{mb / m['median']:.2f}", f"{documents / m['median']:.0f}",
                      f"{m['rss'] / 1024:.0f}", matches, own])

    def throughput(tool, threads=None):
        for name, t, m, _, _ in rows:
            if name == tool and (threads is None or t == threads):
                return mb / m["median"]
        return None

    gazegraph_1 = throughput("gazegraph extract", "1") or throughput("gazegraph extract")
    ratios = [
        ("gazegraph 1 thread / bare scan", gazegraph_1, throughput("bare scan")),
        ("gazegraph 1 thread / spaCy", gazegraph_1, throughput("spacy")),
        ("gazegraph co_occurs as CSV, 1 thread / spaCy", throughput(COOCCURS), throughput("spacy")),
        ("gazegraph 2 threads / 1 thread", throughput("gazegraph extract", "2"),
         throughput("gazegraph extract", "1")),
    ]

    print(f"Machine: {machine()}")
    print(f"Corpus: {args.corpus} ({documents} documents, {mb:.1f} MB)")
    print(f"Gazetteer: {args.gazetteer}")
    print(f"Runs per command: {args.repeat}; throughput from the median wall time")
    print(f"Memory: {rss_floor()}\n")
    print(table(headers, lines, args.markdown))
    print()
    print(table(["throughput ratio", "value"],
                [[name, f"{a / b:.2f}" if a and b else "n/a"] for name, a, b in ratios],
                args.markdown))
    print("\nCommands:")
    for cmd in commands:
        print(f"    {shlex.join(cmd)}")
    for note in notes:
        print(f"Note: {note}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gazegraph", default=str(ROOT / "target" / "release" / "gazegraph"))
    parser.add_argument("--scan",
                        default=str(ROOT / "target" / "release" / "examples" / "bare_scan"))
    parser.add_argument("--gazetteer", required=True)
    parser.add_argument("--corpus", help="JSON Lines file or directory of documents")
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    parser.add_argument("--peers", default="spacy,pyahocorasick",
                        help="comma-separated: spacy, pyahocorasick; or none")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--memory", metavar="SIZE",
                        help="pass --memory SIZE to gazegraph extract (edges beyond SIZE on disk)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--time-only", action="store_true",
                        help="only time `gazegraph gazetteer check` on the gazetteer")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.time_only:
        time_only(args)
    elif not args.corpus:
        parser.error("--corpus is required unless --time-only")
    else:
        compare(args)


if __name__ == "__main__":
    main()
