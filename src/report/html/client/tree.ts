/**
 * In the page: a side's keys as a module tree (`encoder.blocks.0.attention.query.weight` → encoder ›
 * blocks › 0 › attention › query › weight) with key, parameter and per-status counts per subtree.
 * Numbered siblings that look alike — same children, shapes and statuses — collapse into one run
 * (`blocks 0-31 ×32`), so a run never hides a difference; a differing member stands apart.
 * Built without recursion: key paths can be deep.
 */
export const TREE_JS = String.raw`
function buildTree(side) {
  var NS = STATUSES.length, nodes = [], NONE = [];
  // every node has every field from the start: one object shape keeps the loops below fast; the
  // lists start as one shared empty array (most modules hold only tensors or only modules)
  function mk(name, parent) {
    var n = { id: nodes.length, name: name, parent: parent, kids: NONE, leaves: NONE, cnt: null, n: 0, params: 0, unknown: 0, sig: 0, open: false, hl: 0, run: null, isRun: false, byName: null, rules: null };
    nodes.push(n);
    return n;
  }
  var root = mk('', null);
  var parentOf = new Array(side.keys.length);
  // neighbouring keys share most of their path, so only the segments past what the previous key
  // shared are looked up (among a module's last few children, or in its index once it has many)
  function child(node, name) {
    var kids = node.kids;
    if (!node.byName) {
      for (var c = kids.length - 1; c >= 0 && c >= kids.length - 8; c--) if (kids[c].name === name) return kids[c];
      if (kids.length <= 8) return undefined;
      node.byName = new Map();
      for (var d = 0; d < kids.length; d++) node.byName.set(kids[d].name, kids[d]);
    }
    return node.byName.get(name);
  }
  var prevParts = [], stack = [root];
  for (var i = 0; i < side.keys.length; i++) {
    var parts = side.keys[i].split('.'), depth = parts.length - 1, keep = 0;
    // keep the modules whose whole path this key shares with the previous one
    while (keep < depth && keep < prevParts.length - 1 && parts[keep] === prevParts[keep]) keep++;
    stack.length = keep + 1;
    var node = stack[keep];
    for (var p = keep; p < depth; p++) {
      var name = parts[p], next = child(node, name);
      if (!next) {
        next = mk(name, node);
        if (node.kids === NONE) node.kids = [];
        node.kids.push(next);
        if (node.byName) node.byName.set(name, next);
      }
      node = next; stack.push(node);
    }
    if (node.leaves === NONE) node.leaves = [];
    node.leaves.push(i);
    parentOf[i] = node;
    prevParts = parts;
  }
  // children before parents (creation order), so walking nodes backwards is post-order
  var cnt = new Int32Array(nodes.length * NS), sigs = new Map();
  function intern(s) { var v = sigs.get(s); if (v === undefined) { v = sigs.size; sigs.set(s, v); } return v; }
  // a module's rules: the one list of plan ops every key under it shares (lists are shared objects,
  // so one identity test per key), or null
  var MIXED = [];
  function common(acc, r) { return acc === undefined ? r || null : acc === (r || null) ? acc : MIXED; }
  for (var o = nodes.length - 1; o >= 0; o--) {
    var m = nodes[o], base = m.id * NS, sig = '', rules = undefined;
    for (var l = 0; l < m.leaves.length; l++) {
      var k = m.leaves[l], shape = side.shapes[k], st = side.st[k];
      if (shape) { var e = 1; for (var d = 0; d < shape.length; d++) e *= shape[d]; m.params += e; } else m.unknown++;
      cnt[base + st]++;
      sig += leafName(side.keys[k]) + '|' + st + '|' + side.shapeIds[k] + ',';
      rules = common(rules, side.rules[k]);
    }
    m.n = m.leaves.length;
    for (var q = 0; q < m.kids.length; q++) {
      var x = m.kids[q], xb = x.id * NS;
      for (var s = 0; s < NS; s++) cnt[base + s] += cnt[xb + s];
      m.n += x.n; m.params += x.params; m.unknown += x.unknown;
      sig += x.name + ':' + x.sig + ',';
      rules = common(rules, x.rules === MIXED ? MIXED : x.rules);
    }
    m.rules = rules === undefined ? null : rules;
    m.cnt = cnt.subarray(base, base + NS);
    m.sig = intern(sig);
    m.kids = collapseRuns(m);
  }
  return { root: root, parentOf: parentOf };

  /** Consecutive numbered module siblings with one signature become a run node. */
  function collapseRuns(m) {
    var out = [], kids = m.kids, any = false;
    for (var z = 1; z < kids.length && !any; z++) any = kids[z].sig === kids[z - 1].sig;
    if (!any) return kids;
    for (var a = 0; a < kids.length; ) {
      var first = kids[a], b = a + 1;
      if (/^\d+$/.test(first.name)) {
        while (b < kids.length && kids[b].sig === first.sig && /^\d+$/.test(kids[b].name) && +kids[b].name === +kids[b - 1].name + 1) b++;
      }
      if (b - a >= 2) {
        var members = kids.slice(a, b);
        var run = mk(first.name + '-' + members[members.length - 1].name, m);
        run.isRun = true; run.kids = members; run.cnt = new Int32Array(NS); run.sig = first.sig;
        run.rules = members.every(function (x) { return x.rules === first.rules; }) ? first.rules : MIXED;
        members.forEach(function (x) { x.run = run; run.n += x.n; run.params += x.params; run.unknown += x.unknown; for (var s = 0; s < NS; s++) run.cnt[s] += x.cnt[s]; });
        out.push(run);
      } else for (var c = a; c < b; c++) out.push(kids[c]);
      a = b;
    }
    return out;
  }
}

/** The tensor's own name: the key's last segment. */
function leafName(key) { return key.slice(key.lastIndexOf('.') + 1); }

/** Open where the statuses differ below: a subtree of one status stays one row. */
function openWhereDiffering(node) {
  var stack = [node];
  while (stack.length) {
    var n = stack.pop();
    var kinds = 0;
    for (var s = 0; s < n.cnt.length; s++) if (n.cnt[s] > 0) kinds++;
    if (n === node || kinds > 1) {
      n.open = true;
      for (var k = 0; k < n.kids.length; k++) stack.push(n.kids[k]);
    }
  }
}

/**
 * Then, while the pane has room, open more, breadth first (a run too, when all it holds fits): a small
 * model reads better whole than as three closed rows.
 */
function openToFill(root, budget) {
  var all = treeRows(root), rows = all.length;
  var queue = all.filter(function (r) { return r.leaf < 0; }).map(function (r) { return r.node; });
  for (var h = 0; h < queue.length; h++) {
    var n = queue[h];
    if (!n.open) {
      if (rows + n.kids.length + n.leaves.length > budget) continue;
      n.open = true; rows += n.kids.length + n.leaves.length;
    }
    for (var k = 0; k < n.kids.length; k++) queue.push(compacted(n.kids[k]));
  }
}

/** The module a row stands for: down a chain of only children (see treeRows), ending at a run if one is. */
function compacted(n) {
  while (!n.isRun && n.kids.length === 1 && n.leaves.length === 0) n = n.kids[0];
  return n;
}

/**
 * The rows the tree shows: open modules' tensors, then their submodules, depth first. A module whose
 * only child is a module shows as one row (model.layers), as file trees compact single-child folders;
 * a module holding only a run shows as the run (layers.0-31).
 */
function treeRows(root) {
  var rows = [], stack = [];
  for (var k = root.kids.length - 1; k >= 0; k--) stack.push([root.kids[k], 0]);
  for (var l = root.leaves.length - 1; l >= 0; l--) stack.push([root, 0, root.leaves[l]]);
  while (stack.length) {
    var top = stack.pop(), n = top[0], depth = top[1];
    if (top.length === 3) { rows.push({ node: n, leaf: top[2], depth: depth, label: null }); continue; }
    var label = n.name, up = n.parent;
    for (var c0 = compacted(n); n !== c0; ) { n = n.kids[0]; label += '.' + n.name; }
    rows.push({ node: n, leaf: -1, depth: depth, label: label, up: up });
    if (!n.open) continue;
    for (var c = n.kids.length - 1; c >= 0; c--) stack.push([n.kids[c], depth + 1]);
    for (var t = n.leaves.length - 1; t >= 0; t--) stack.push([n, depth + 1, n.leaves[t]]);
  }
  return rows;
}

/** Open every module above a key (and the runs holding them) so that it has a row. */
function openTo(parent) {
  for (var n = parent; n; n = n.parent) { n.open = true; if (n.run) n.run.open = true; }
}
`;
