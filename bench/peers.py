#!/usr/bin/env python3
"""The Python peers gazegraph is measured against, on the same gazetteer and corpus.

    pip install spacy networkx pyahocorasick
    python3 bench/peers.py spacy --gazetteer G.jsonl CORPUS.jsonl
    python3 bench/peers.py pyahocorasick --gazetteer G.jsonl CORPUS.jsonl

- spacy: what a user would otherwise write. spacy.blank("en") with the sentencizer, a
  PhraseMatcher on lower case holding every gazetteer name, overlapping matches reduced to the
  longest (spacy.util.filter_spans), each name mapped to the first entity that owns it, and a
  networkx Graph of sentence co-occurrence (every two distinct entities in a sentence make an
  edge; its weight counts the sentences).
- pyahocorasick: matching alone. An Automaton of every lower-cased name, searched with
  iter_long over each lower-cased text; matches are counted (no word boundaries, no graph).

CORPUS is a JSON Lines file of {"id", "text", "title"?, ...} (the title heads the text, as
gazegraph reads it) or a directory of text files. Prints one JSON line: tool, documents, bytes
(of text searched), seconds (reading, matching and the graph), build_seconds (the one-off
matcher build, not in seconds), matches, nodes, edges (null for pyahocorasick).
"""

import argparse
import json
import os
import sys
import time

from gen import gazetteer_records  # bench/ is on the path when a script there runs

NAME_FIELDS = ["name", "aliases", "short", "abbreviations", "demonyms", "seats", "titles"]


def gazetteer_names(path):
    """(name, entity id) for every name; a name in any case goes to the first entity owning it."""
    owners = {}
    for entity in gazetteer_records(path):
        for field in NAME_FIELDS:
            values = entity.get(field, [])
            for name in [values] if isinstance(values, str) else values:
                owners.setdefault(name.lower(), (name, entity["id"]))
    return list(owners.values())


def documents(path):
    """The text of each document, in order: JSON Lines records or the files of a directory."""
    if os.path.isdir(path):
        files = sorted(os.path.join(d, n) for d, _, names in os.walk(path) for n in names
                       if not n.startswith("."))
        for name in files:
            with open(name, encoding="utf-8", errors="replace") as f:
                yield f.read()
        return
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                doc = json.loads(line)
                title = doc.get("title")
                yield f"{title}\n\n{doc['text']}" if title else doc["text"]


class Counter:
    """Counts the documents and bytes a generator hands out."""

    def __init__(self, texts):
        self.texts, self.documents, self.bytes = texts, 0, 0

    def __iter__(self):
        for text in self.texts:
            self.documents += 1
            self.bytes += len(text.encode("utf-8"))
            yield text


def run_spacy(gazetteer, corpus):
    import networkx
    import spacy
    from spacy.matcher import PhraseMatcher
    from spacy.util import filter_spans

    started = time.perf_counter()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    names = gazetteer_names(gazetteer)
    batch = 10000
    for i in range(0, len(names), batch):
        part = names[i:i + batch]
        by_entity = {}
        for (_, entity), pattern in zip(part, nlp.tokenizer.pipe(name for name, _ in part)):
            by_entity.setdefault(entity, []).append(pattern)
        for entity, patterns in by_entity.items():
            matcher.add(entity, patterns)
    build = time.perf_counter() - started

    started = time.perf_counter()
    texts = Counter(documents(corpus))
    graph = networkx.Graph()
    matches = 0
    for doc in nlp.pipe(texts, batch_size=64):
        spans = filter_spans(matcher(doc, as_spans=True))
        matches += len(spans)
        by_sentence = {}
        for span in spans:
            by_sentence.setdefault(span.sent.start, set()).add(span.label_)
        for entities in by_sentence.values():
            entities = sorted(entities)
            graph.add_nodes_from(entities)
            for i, a in enumerate(entities):
                for b in entities[i + 1:]:
                    if graph.has_edge(a, b):
                        graph[a][b]["weight"] += 1
                    else:
                        graph.add_edge(a, b, weight=1)
    seconds = time.perf_counter() - started
    return {"tool": "spacy", "documents": texts.documents, "bytes": texts.bytes,
            "seconds": round(seconds, 3), "build_seconds": round(build, 3), "matches": matches,
            "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}


def run_pyahocorasick(gazetteer, corpus):
    import ahocorasick

    started = time.perf_counter()
    automaton = ahocorasick.Automaton()
    for name, entity in gazetteer_names(gazetteer):
        automaton.add_word(name.lower(), entity)
    automaton.make_automaton()
    build = time.perf_counter() - started

    started = time.perf_counter()
    texts = Counter(documents(corpus))
    matches = 0
    for text in texts:
        for _ in automaton.iter_long(text.lower()):
            matches += 1
    seconds = time.perf_counter() - started
    return {"tool": "pyahocorasick", "documents": texts.documents, "bytes": texts.bytes,
            "seconds": round(seconds, 3), "build_seconds": round(build, 3), "matches": matches,
            "nodes": None, "edges": None}


PEERS = {"spacy": run_spacy, "pyahocorasick": run_pyahocorasick}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tool", choices=sorted(PEERS))
    parser.add_argument("--gazetteer", required=True)
    parser.add_argument("corpus")
    args = parser.parse_args()
    result = PEERS[args.tool](args.gazetteer, args.corpus)
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
