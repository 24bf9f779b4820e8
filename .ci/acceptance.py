"""Acceptance edges of the pipeline issue, checked on the files gazegraph wrote for the seeds.

Usage: acceptance.py WORKDIR, where WORKDIR/<run>/graph.evidence.jsonl exists for the run "all"
and for each seed (named by file stem). Prints one line per check and exits 1 on any failure.
"""

import json
import pathlib
import sys

MUST = {
    "000": [("Wang Yi", "Liz Truss"), ("Wang Yi", "Josep Borrell"), ("Wang Yi", "Emmanuel Bonne"),
            ("Vladimir Putin", "Xi Jinping")],
    # Issue 3: states acting through officials, and "the two leaders" after Putin and Xi.
    "001": [("United States", "Wang Yi"), ("United States", "Qin Gang"), ("United States", "China"),
            ("China", "Russia"), ("Vladimir Putin", "Xi Jinping")],
    "002": [("Xi Jinping", "Vladimir Putin")],
    "003": [("Joe Biden", "Xi Jinping"), ("Antony Blinken", "Wang Yi")],
}
MUST_NOT = [("Liz Truss", "Josep Borrell"), ("Liz Truss", "Emmanuel Bonne"),
            ("Josep Borrell", "Emmanuel Bonne"), ("Wang Yi", "Sergei Lavrov"),
            ("Wang Yi", "Qin Gang"), ("Liu Pengyu", "China"), ("Liu Pengyu", "United States")]


def spoke_with(run_dir):
    pairs = set()
    path = run_dir / "graph.evidence.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["relation"] == "spoke_with":
            pairs.add(frozenset((row["source_label"], row["target_label"])))
    return pairs


def main():
    work = pathlib.Path(sys.argv[1])
    failures = 0
    passed = 0
    # The run of all seeds, each seed's run (named by its file stem), and the example corpus.
    runs = {p.name: spoke_with(p) for p in work.iterdir()
            if (p / "graph.evidence.jsonl").exists()
            and (p.name in ("all", "example") or p.name[:1].isdigit())}
    seeds = [name for name in runs if name not in ("all", "example")]
    for run, edges in sorted(runs.items()):
        must = [pair for seed, pairs in MUST.items() for pair in pairs
                if run == "all" or run.startswith(seed)] if run != "example" else []
        for a, b in must:
            ok = frozenset((a, b)) in edges
            print(f"{'ok' if ok else 'FAIL'}: {run}: spoke_with {a} -- {b}")
            failures += not ok
            passed += ok
        for a, b in MUST_NOT:
            ok = frozenset((a, b)) not in edges
            print(f"{'ok' if ok else 'FAIL'}: {run}: no spoke_with {a} -- {b}")
            failures += not ok
            passed += ok
    if len(seeds) < 4:
        print(f"FAIL: expected 4 seed runs, found {len(seeds)}")
        failures += 1
    print(f"{passed} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
