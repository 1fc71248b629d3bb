/**
 * In the page: a side's keys as a module tree (`encoder.blocks.0.attention.query.weight` → encoder ›
 * blocks › 0 › attention › query › weight) with key, parameter and per-status counts per subtree.
 * Numbered siblings that look alike — same keys below them, shapes and statuses — collapse into one
 * run (`blocks 0-31 ×32`), so a run never hides a difference; a differing member stands apart.
 *
 * Built lazily: a module knows the keys under it (positions, and where in each key its children's
 * names start) and its counts; its children are made the first time they are asked for (its kids or
 * leaves read, a key under it revealed). A 100,000-key side is ~136,000 modules, which cost 0.3-0.7 s
 * to build eagerly; the first screen needs a few dozen, made in a few passes over the keys. Without
 * recursion: key paths can be deep.
 */
export const TREE_JS = String.raw`
function TreeNode(tree, name, parent) {
  this.tree = tree; this.name = name; this.parent = parent;
  this._kids = null; this._leaves = null;
  this.keys = null; this.offs = null; this.delta = 0; this.cnt = new Int32Array(STATUSES.length);
  this.n = 0; this.params = 0; this.unknown = 0; this.rules = undefined;
  this.open = false; this.run = null; this.isRun = false; this.g = 0;
}
Object.defineProperty(TreeNode.prototype, 'kids', { get: function () { if (!this._kids) this.tree.expand(this); return this._kids; } });
Object.defineProperty(TreeNode.prototype, 'leaves', { get: function () { if (!this._leaves) this.tree.expand(this); return this._leaves; } });

function buildTree(side) {
  var NS = STATUSES.length, keys = side.keys, N = keys.length, MIXED = [], NONE = [];
  var tree = { expand: expand, nodeOf: nodeOf, keysOf: keysOf };
  var root = new TreeNode(tree, '', null), all = new Int32Array(N);
  for (var i = 0; i < N; i++) all[i] = i;
  // each key's parameter count, once
  var params = new Float64Array(N);
  for (var p = 0; p < N; p++) { var sh = side.shapes[p]; if (sh) { var e = 1; for (var d = 0; d < sh.length; d++) e *= sh[d]; params[p] = e; } else params[p] = -1; }
  root.keys = all; root.offs = new Int32Array(N);
  for (var q = 0; q < N; q++) add(root, q);
  done(root);
  return { root: root, tree: tree, nodeOf: nodeOf };

  /** Counts key k in module n (statuses, parameters, the rules all its keys share). */
  function add(n, k) {
    n.cnt[side.st[k]]++;
    n.n++;
    if (params[k] >= 0) n.params += params[k]; else n.unknown++;
    var r = side.rules[k] || null;
    n.rules = n.rules === undefined ? r : n.rules === r ? r : MIXED;
  }
  function done(n) { if (n.rules === undefined) n.rules = null; }

  /** Makes a module's children: one pass over its keys, grouped by the name that follows. */
  function expand(n) {
    if (n._kids) return;
    var ks = n.keys, os = n.offs, delta = n.delta, kids = [], leaves = [], byName = null, last = null;
    // the common case first: every key goes on to one and the same module (model. in model.layers…);
    // it shares this module's arrays and counts, one step further along each key
    var k0 = keys[ks[0]], o0 = os[0] + delta, dot0 = ks.length ? k0.indexOf('.', o0) : -1;
    if (dot0 >= 0) {
      var name0 = k0.slice(o0, dot0), len = dot0 - o0, t0 = 1;
      while (t0 < ks.length) { var kk = keys[ks[t0]], oo = os[t0] + delta; if (kk.charCodeAt(oo + len) !== 46 || !kk.startsWith(name0, oo)) break; t0++; }
      if (t0 === ks.length) {
        var only = new TreeNode(tree, name0, n);
        only.keys = ks; only.offs = os; only.delta = delta + len + 1;
        only.cnt = n.cnt; only.n = n.n; only.params = n.params; only.unknown = n.unknown; only.rules = n.rules;
        n._leaves = NONE; n._kids = [only];
        return;
      }
    }
    // first each key's child (and where its name ends), then each child's arrays at their exact size
    var group = new Int32Array(ks.length), next = new Int32Array(ks.length), sizes = [];
    for (var t = 0; t < ks.length; t++) {
      var k = ks[t], key = keys[k], o = os[t] + delta, dot = key.indexOf('.', o);
      if (dot < 0) { leaves.push(k); group[t] = -1; continue; }
      var c = last;
      if (!(c && c.name.length === dot - o && key.startsWith(c.name, o))) {
        var name = key.slice(o, dot);
        if (!byName) { byName = new Map(); }
        c = byName.get(name);
        if (!c) { c = new TreeNode(tree, name, n); c.g = kids.length; byName.set(name, c); kids.push(c); sizes.push(0); }
      }
      group[t] = c.g; next[t] = dot + 1; sizes[c.g]++; last = c;
      add(c, k);
    }
    var fillAt = new Int32Array(kids.length);
    for (var q = 0; q < kids.length; q++) { kids[q].keys = new Int32Array(sizes[q]); kids[q].offs = new Int32Array(sizes[q]); done(kids[q]); }
    for (var t2 = 0; t2 < ks.length; t2++) {
      var gq = group[t2];
      if (gq < 0) continue;
      var kid = kids[gq], f = fillAt[gq]++;
      kid.keys[f] = ks[t2]; kid.offs[f] = next[t2];
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
      var a = keys[kx], b = keys[ky], i = x.offs[t] + x.delta, j = y.offs[t] + y.delta;
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
