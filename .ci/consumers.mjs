// Every export the JavaScript programs read must load in their strict defaults and say what
// graph.json says.
//
// Usage: node consumers.mjs RUN_DIR [EXPECTED_LABELS_FILE]
//
// - graphology-graphml and graphology-gexf (Gephi Lite, sigma.js) parse graph.graphml and
//   graph.gexf with default options into a graphology Graph.
// - cytoscape.js (headless) loads graph.cytoscape.json's elements.
// Each is compared with graph.json: node labels by entity id, and the multiset of
// (entity, entity, relation, weight). Exits 1 on any difference.

import fs from 'node:fs';
import path from 'node:path';
import {createRequire} from 'node:module';

// The packages live where .ci/run installed them (NODE_PATH), not beside this file.
const require = createRequire(path.join(process.env.NODE_PATH || '.', 'x.js'));
const {Graph} = require('graphology');
const graphml = require('graphology-graphml');
const gexf = require('graphology-gexf');
const cytoscape = require('cytoscape');

const run = process.argv[2];
const expectedLabels = process.argv[3]
  ? fs.readFileSync(process.argv[3], 'utf8').split('\n').filter(l => l.trim()).map(l => JSON.parse(l))
  : null;
const read = name => fs.readFileSync(path.join(run, name), 'utf8');

let failures = 0;
function check(what, ok, detail = '') {
  if (!ok) {
    failures += 1;
    console.log(`FAIL: ${what}: ${detail}`);
  }
}

function multiset(rows) {
  const out = new Map();
  for (const [a, b, relation, weight] of rows) {
    const [x, y] = [a, b].sort();
    const key = JSON.stringify([x, y, relation, Number(weight)]);
    out.set(key, (out.get(key) || 0) + 1);
  }
  return out;
}

function sameMultiset(a, b) {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

const ref = JSON.parse(read('graph.json'));
const labels = new Map(ref.nodes.map(n => [n.id, n.label]));
const edges = multiset(ref.edges.map(e => [e.source, e.target, e.relation, e.weight]));
if (expectedLabels) {
  const have = new Set(labels.values());
  const missing = expectedLabels.filter(l => !have.has(l));
  check('graph.json has every expected label', missing.length === 0, JSON.stringify(missing));
}

function compare(fmt, gotLabels, gotEdges) {
  check(`${fmt}: node count`, gotLabels.size === labels.size, `${gotLabels.size} != ${labels.size}`);
  for (const [entity, label] of labels) {
    check(`${fmt}: label of ${entity}`, gotLabels.get(entity) === label,
      `${JSON.stringify(gotLabels.get(entity))} != ${JSON.stringify(label)}`);
  }
  check(`${fmt}: edges`, sameMultiset(gotEdges, edges), 'edge multisets differ');
  let count = 0;
  for (const v of gotEdges.values()) count += v;
  console.log(`ok: ${fmt}: ${gotLabels.size} nodes, ${count} edges`);
}

function fromGraphology(fmt, g) {
  check(`${fmt}: undirected`, g.type === 'undirected', g.type);
  const entity = node => g.getNodeAttribute(node, 'entity');
  const gotLabels = new Map();
  g.forEachNode((node, attrs) => gotLabels.set(attrs.entity, attrs.label));
  const rows = [];
  g.forEachEdge((edge, attrs, source, target) =>
    rows.push([entity(source), entity(target), attrs.relation, attrs.weight]));
  compare(fmt, gotLabels, multiset(rows));
}

fromGraphology('graphology-graphml', graphml.parse(Graph, read('graph.graphml')));
fromGraphology('graphology-gexf', gexf.parse(Graph, read('graph.gexf')));

const cy = cytoscape({headless: true, elements: JSON.parse(read('graph.cytoscape.json')).elements});
const cyLabels = new Map();
cy.nodes().forEach(n => cyLabels.set(n.data('entity'), n.data('label')));
const cyRows = cy.edges().map(e =>
  [e.source().data('entity'), e.target().data('entity'), e.data('relation'), e.data('weight')]);
compare('cytoscape.js', cyLabels, multiset(cyRows));

console.log(`${run}: ${failures} failures`);
process.exit(failures ? 1 : 0);
