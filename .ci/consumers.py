"""Every export, loaded by the Python programs people use it with, must say the same thing.

Usage: consumers.py RUN_DIR [EXPECTED_LABELS_FILE]

RUN_DIR holds the files of one `gazegraph extract --format dot,graphml,gexf,json,csv,...` run. graph.json (networkx node-link) is the reference; each other file is read by its real
consumer and compared with it: nodes by entity id with label, kind and mentions; edges as the
multiset of (entity, entity, relation, weight).

- networkx: read_graphml, read_gexf, node_link_graph(edges="edges").
- igraph: Graph.Read_GraphML with every warning turned into an error.
- csv: nodes.csv and edges.csv as Gephi's spreadsheet import reads them.
- Graphviz: `dot -Tsvg` on graph.dot: node and edge counts, and labels drawn as written.

With EXPECTED_LABELS_FILE (one label per line, JSON strings), every listed label must be a node
label in every format, byte for byte. Exits 1 on any difference.
"""

import collections
import csv
import json
import pathlib
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET

import igraph
import networkx as nx

failures = []


def check(what, ok, detail=""):
    if not ok:
        failures.append(f"{what}: {detail}")
        print(f"FAIL: {what}: {detail}")


def edge_multiset(rows):
    out = collections.Counter()
    for a, b, relation, weight in rows:
        a, b = sorted((a, b))
        out[(a, b, relation, float(weight))] += 1
    return out


def main():
    run = pathlib.Path(sys.argv[1])
    expected_labels = None
    if len(sys.argv) > 2:
        lines = pathlib.Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()
        expected_labels = {json.loads(line) for line in lines if line.strip()}

    data = json.loads((run / "graph.json").read_text(encoding="utf-8"))
    ref = nx.node_link_graph(data, edges="edges")
    check("node-link is an undirected multigraph", ref.is_multigraph() and not ref.is_directed())
    nodes = {n: (d["label"], d["kind"], d["mentions"]) for n, d in ref.nodes(data=True)}
    edges = edge_multiset((a, b, d["relation"], d["weight"]) for a, b, d in ref.edges(data=True))
    labels = {label for label, _, _ in nodes.values()}
    check("node-link edges have evidence",
          all(d["evidence"] for _, _, d in ref.edges(data=True)), "an edge without evidence")
    if expected_labels is not None:
        check("node-link has every expected label", expected_labels <= labels,
              sorted(expected_labels - labels))

    def compare(fmt, got_nodes, got_edges):
        check(f"{fmt}: node count", len(got_nodes) == len(nodes), f"{len(got_nodes)} != {len(nodes)}")
        for entity, want in nodes.items():
            got = got_nodes.get(entity)
            check(f"{fmt}: node {entity!r}", got == want, f"{got!r} != {want!r}")
        check(f"{fmt}: edges", got_edges == edges,
              f"missing {list((edges - got_edges).items())[:5]}, "
              f"unexpected {list((got_edges - edges).items())[:5]}")
        print(f"ok: {fmt}: {len(got_nodes)} nodes, {sum(got_edges.values())} edges")

    # networkx GraphML
    g = nx.read_graphml(run / "graph.graphml")
    by_n = {n: d["entity"] for n, d in g.nodes(data=True)}
    compare("networkx read_graphml",
            {d["entity"]: (d["label"], d["kind"], d["mentions"]) for _, d in g.nodes(data=True)},
            edge_multiset((by_n[a], by_n[b], d["relation"], d["weight"])
                          for a, b, d in g.edges(data=True)))
    for a, b, d in g.edges(data=True):
        pair = d["relations"].split()
        check("graphml: pair columns", d["relation"] in pair and d[d["relation"]] == d["weight"], d)

    # networkx GEXF; with dated documents, an edge has a spell for each date it was read on (and
    # none when it was read only in undated documents: present at all times, as Gephi reads it)
    g = nx.read_gexf(run / "graph.gexf")
    dated = any(e.get("dates") for e in data["edges"])
    if dated:
        check("gexf: dynamic", g.graph.get("mode") == "dynamic", g.graph)
        check("gexf: node spells", any(d.get("spells") for _, d in g.nodes(data=True)), "no node has spells")
        # Every date the edge was read on: graph.json's "dates" (its evidence may be capped).
        want = {(frozenset((e["source"], e["target"])), e["relation"]): sorted(e.get("dates", []))
                for e in data["edges"]}
        by_gn = {n: d["entity"] for n, d in g.nodes(data=True)}
        got = {(frozenset((by_gn[a], by_gn[b])), d["relation"]): sorted({s[0] for s in d.get("spells", [])})
               for a, b, d in g.edges(data=True)}
        check("gexf: edge spells are the edge's dates", got == want, "spells differ from the dates in graph.json")
    by_n = {n: d["entity"] for n, d in g.nodes(data=True)}
    compare("networkx read_gexf",
            {d["entity"]: (d["label"], d["kind"], d["mentions"]) for _, d in g.nodes(data=True)},
            edge_multiset((by_n[a], by_n[b], d["relation"], d["weight"])
                          for a, b, d in g.edges(data=True)))

    # igraph, warnings as errors
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ig = igraph.Graph.Read_GraphML(str(run / "graph.graphml"))
    check("igraph: undirected", not ig.is_directed())
    ent = ig.vs["entity"] if ig.vcount() else []
    compare("igraph Read_GraphML",
            {v["entity"]: (v["label"], v["kind"], int(v["mentions"])) for v in ig.vs},
            edge_multiset((ent[e.source], ent[e.target], e["relation"], e["weight"]) for e in ig.es))

    # Gephi spreadsheet CSV
    with open(run / "nodes.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    got_nodes = {r["Id"]: (r["Label"], r["Kind"], int(r["Mentions"])) for r in rows}
    with open(run / "edges.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    check("csv: edges undirected", all(r["Type"] == "Undirected" for r in rows))
    compare("csv", got_nodes,
            edge_multiset((r["Source"], r["Target"], r["Kind"], r["Weight"]) for r in rows))

    # Graphviz: labels survive DOT quoting, as drawn in the SVG it renders
    out = subprocess.run(["dot", "-Tsvg", str(run / "graph.dot")], capture_output=True, check=True)
    check("dot -Tsvg: nothing on stderr", out.stderr == b"", out.stderr.decode(errors="replace"))
    svg = ET.fromstring(out.stdout)
    ns = {"s": "http://www.w3.org/2000/svg"}
    drawn, drawn_edges = {}, 0
    for g in svg.iter("{http://www.w3.org/2000/svg}g"):
        if g.get("class") == "node":
            name = g.find("s:title", ns).text
            drawn[name] = "".join(t.text or "" for t in g.findall("s:text", ns))
        elif g.get("class") == "edge":
            drawn_edges += 1
    check("dot: node count", len(drawn) == len(nodes), f"{len(drawn)} != {len(nodes)}")
    for entity, (label, _, _) in nodes.items():
        check(f"dot: label of {entity!r}", drawn.get(entity) == label,
              f"{drawn.get(entity)!r} != {label!r}")
    check("dot: edge count", drawn_edges == sum(edges.values()),
          f"{drawn_edges} != {sum(edges.values())}")
    print(f"ok: dot -Tsvg: {len(drawn)} nodes, {drawn_edges} edges, labels as written")

    print(f"{run}: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
