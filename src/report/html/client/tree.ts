/**
 * In the page: a side's keys as a module tree (`encoder.blocks.0.attention.query.weight` → encoder ›
 * blocks › 0 › attention › query › weight) with key, parameter and per-status counts per subtree.
 * Numbered siblings that look alike — same keys below them, shapes and statuses — collapse into one
 * run (`blocks 0-31 ×32`), so a run never hides a difference; a differing member stands apart.
 *
 * Built lazily: a module knows the keys under it (positions) and its counts; its children are made the
 * first time they are asked for (its kids or leaves read, a key under it revealed). A 100,000-key
 * side is ~136,000 modules, which cost 0.3-0.7 s to build eagerly; the first screen needs a few dozen,
 * made in a few passes over the keys. Without recursion: key paths can be deep.
 */
export const TREE_JS = String.raw`
function TreeNode(tree, name, parent) {
  this.tree = tree; this.name = name; this.parent = parent;
  this._kids = null; this._leaves = null;
  this.keys = null; this.off = 0; this.lo = -1; this.cnt = new Int32Array(STATUSES.length);
  this.n = 0; this.params = 0; this.unknown = 0; this.rules = undefined;
  this.open = false; this.run = null; this.isRun = false; this.g = 0;
}
Object.defineProperty(TreeNode.prototype, 'kids', { get: function () { if (!this._kids) this.tree.expand(this); return this._kids; } });
Object.defineProperty(TreeNode.prototype, 'leaves', { get: function () { if (!this._leaves) this.tree.expand(this); return this._leaves; } });

function buildTree(side) {
  var NS = STATUSES.length, keys = side.keys, N = keys.length, MIXED = [], NONE = [];
  var tree = { expand: expand, nodeOf: nodeOf, keysOf: keysOf };
  // Per key, once: its parameter count; then running totals (statuses, parameters, unknown shapes)
  // and where each stretch of keys with one list of rules ends, so that a module whose keys are one
  // stretch of the side's (the usual case: keys come module by module) is counted in O(1).
  var params = new Float64Array(N), cntBefore = new Int32Array((N + 1) * NS), paramsBefore = new Float64Array(N + 1), unknownBefore = new Int32Array(N + 1), sameRulesTo = new Int32Array(N);
  for (var p = 0; p < N; p++) {
    var sh = side.shapes[p], e = 1;
    if (sh) { for (var d = 0; d < sh.length; d++) e *= sh[d]; params[p] = e; } else params[p] = -1;
    for (var s0 = 0; s0 < NS; s0++) cntBefore[(p + 1) * NS + s0] = cntBefore[p * NS + s0];
    cntBefore[(p + 1) * NS + side.st[p]]++;
    paramsBefore[p + 1] = paramsBefore[p] + (sh ? e : 0);
    unknownBefore[p + 1] = unknownBefore[p] + (sh ? 0 : 1);
  }
  for (var r0 = N - 1; r0 >= 0; r0--) sameRulesTo[r0] = r0 + 1 < N && (side.rules[r0] || null) === (side.rules[r0 + 1] || null) ? sameRulesTo[r0 + 1] : r0 + 1;
  var root = new TreeNode(tree, '', null), all = new Int32Array(N);
  for (var i = 0; i < N; i++) all[i] = i;
  root.keys = all; root.lo = 0;
  countStretch(root, 0, N);
  return { root: root, tree: tree, nodeOf: nodeOf };

  /** A module holding keys lo..hi-1 of the side: its counts from the running totals. */
  function countStretch(n, lo, hi) {
    for (var s = 0; s < NS; s++) n.cnt[s] = cntBefore[hi * NS + s] - cntBefore[lo * NS + s];
    n.n = hi - lo; n.params = paramsBefore[hi] - paramsBefore[lo]; n.unknown = unknownBefore[hi] - unknownBefore[lo];
    n.rules = hi === lo ? null : sameRulesTo[lo] >= hi ? side.rules[lo] || null : MIXED;
  }
  /** Any other module, key by key. */
  function countKeys(n) {
    var ks = n.keys, rules = undefined;
    for (var t = 0; t < ks.length; t++) {
      var k = ks[t];
      n.cnt[side.st[k]]++;
      if (params[k] >= 0) n.params += params[k]; else n.unknown++;
      var r = side.rules[k] || null;
      rules = rules === undefined ? r : rules === r ? r : MIXED;
    }
    n.n = ks.length; n.rules = rules === undefined ? null : rules;
  }

  /**
   * Makes a module's children: one pass over its keys, grouped by the name that follows. All keys
   * under a module share its path, so the names of its children start at one offset (n.off) in each.
   */
  function expand(n) {
    if (n._kids) return;
    var ks = n.keys, off = n.off, kids = [], leaves = [], byName = null, last = null, contiguous = true;
    var group = new Int32Array(ks.length), sizes = [], starts = [];
    for (var t = 0; t < ks.length; t++) {
      var k = ks[t], key = keys[k], c = last;
      // the same child as the key before: one comparison, no search for the dot
      if (!(c && key.charCodeAt(off + c.name.length) === 46 && key.startsWith(c.name, off))) {
        var dot = key.indexOf('.', off);
        if (dot < 0) { leaves.push(k); group[t] = -1; last = null; continue; }
        var name = key.slice(off, dot);
        if (!byName) byName = new Map();
        c = byName.get(name);
        if (c) contiguous = false; // its keys resume after others'
        else { c = new TreeNode(tree, name, n); c.g = kids.length; c.off = dot + 1; byName.set(name, c); kids.push(c); sizes.push(0); starts.push(t); }
      }
      group[t] = c.g; sizes[c.g]++; last = c;
    }
    if (contiguous) {
      // each child's keys are one stretch of this module's: a view, no copy
      for (var q = 0; q < kids.length; q++) {
        var kid = kids[q];
        kid.keys = ks.subarray(starts[q], starts[q] + sizes[q]);
        if (n.lo >= 0) { kid.lo = n.lo + starts[q]; countStretch(kid, kid.lo, kid.lo + sizes[q]); } else countKeys(kid);
      }
    } else {
      var fillAt = new Int32Array(kids.length);
      for (var q1 = 0; q1 < kids.length; q1++) kids[q1].keys = new Int32Array(sizes[q1]);
      for (var t2 = 0; t2 < ks.length; t2++) { var g = group[t2]; if (g >= 0) kids[g].keys[fillAt[g]++] = ks[t2]; }
      for (var q2 = 0; q2 < kids.length; q2++) countKeys(kids[q2]);
    }
    n._leaves = leaves.length ? leaves : NONE;
    n._kids = collapseRuns(n, kids);
  }

  /**
   * Key k's own module, made (with the modules above it) if it was not yet: down from the root, into
   * the child whose keys (ascending, as they were met) hold k.
   */
  function nodeOf(k) {
    var n = root;
    for (;;) {
      if (n.leaves.indexOf(k) >= 0) return n;
      var kids = n.kids, into = null;
      for (var c = 0; c < kids.length && !into; c++) {
        var members = kids[c].isRun ? kids[c].kids : [kids[c]];
        for (var m = 0; m < members.length && !into; m++) if (holds(members[m].keys, k)) into = members[m];
      }
      if (!into) return null;
      n = into;
    }
  }
  function holds(ks, k) {
    var lo = 0, hi = ks.length - 1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (ks[mid] === k) return true; if (ks[mid] < k) lo = mid + 1; else hi = mid - 1; }
    return false;
  }

  /** The keys under a module or a run. */
  function keysOf(n) {
    if (!n.isRun) return n.keys;
    var out = [];
    n._kids.forEach(function (m) { for (var t = 0; t < m.keys.length; t++) out.push(m.keys[t]); });
    return out;
  }

  /** Consecutive numbered module siblings that hold alike keys become a run node. */
  function collapseRuns(m, kids) {
    var out = [], any = false;
    for (var z = 1; z < kids.length && !any; z++) any = isIndex(kids[z].name) && isIndex(kids[z - 1].name) && alike(kids[z], kids[z - 1]);
    if (!any) return kids;
    for (var a = 0; a < kids.length; ) {
      var first = kids[a], b = a + 1;
      if (isIndex(first.name)) {
        while (b < kids.length && isIndex(kids[b].name) && +kids[b].name === +kids[b - 1].name + 1 && alike(kids[b], kids[b - 1])) b++;
      }
      if (b - a >= 2) {
        var members = kids.slice(a, b);
        var run = new TreeNode(tree, first.name + '-' + members[members.length - 1].name, m);
        run.isRun = true; run._kids = members; run._leaves = NONE;
        run.rules = members.every(function (x) { return x.rules === first.rules; }) ? first.rules : MIXED;
        members.forEach(function (x) { x.run = run; run.n += x.n; run.params += x.params; run.unknown += x.unknown; for (var s = 0; s < NS; s++) run.cnt[s] += x.cnt[s]; });
        out.push(run);
      } else for (var c = a; c < b; c++) out.push(kids[c]);
      a = b;
    }
    return out;
  }
  function isIndex(name) { if (!name.length) return false; for (var i = 0; i < name.length; i++) { var c = name.charCodeAt(i); if (c < 48 || c > 57) return false; } return true; }
  /** Do two modules hold the same keys below them (in the same order), with the same statuses and shapes? */
  function alike(x, y) {
    if (x.n !== y.n || x.params !== y.params || x.unknown !== y.unknown) return false;
    for (var s = 0; s < NS; s++) if (x.cnt[s] !== y.cnt[s]) return false;
    for (var t = 0; t < x.keys.length; t++) {
      var kx = x.keys[t], ky = y.keys[t];
      if (side.st[kx] !== side.st[ky] || side.shapeIds[kx] !== side.shapeIds[ky]) return false;
      var a = keys[kx], b = keys[ky], i = x.off, j = y.off;
      if (a.length - i !== b.length - j || !a.endsWith(b.slice(j))) return false;
    }
    return true;
  }
}

/** A module's keys per status (an Int32Array by STATUSES index). */
function counts(n) { return n.cnt; }

/** The tensor's own name: the key's last segment. */
function leafName(key) { return key.slice(key.lastIndexOf('.') + 1); }

/** Open where the statuses differ below: a subtree of one status stays one row. */
function openWhereDiffering(node) {
  var stack = [node];
  while (stack.length) {
    var n = stack.pop();
    var kinds = 0;
    var c = counts(n);
    for (var s = 0; s < c.length; s++) if (c[s] > 0) kinds++;
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
