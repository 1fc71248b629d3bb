/**
 * In the page: each side's keys with a status, from the embedded `--json` object alone (the page
 * data's key lists only lend shapes and order). The first status a key is given wins, so the calls run
 * from the most specific fact (a shape mismatch) to the least (matched). `partners` links a key to its
 * counterpart(s) on the other side (a key that is its own counterpart, on both sides under one name, is
 * left implicit: see partnersOf); `rules` lists the plan ops that act on it.
 */
export const MODEL_JS = String.raw`
/** Key k's counterparts on the other side: linked ones, or the same name where both sides hold it matched or mismatched. */
function partnersOf(side, k) {
  var p = side.partners[k];
  if (p !== undefined) return typeof p === 'string' ? [p] : p;
  var id = STATUSES[side.st[k]].id;
  if ((id === 'matched' || id === 'shape' || id === 'dtype') && side.other.at(side.keys[k]) !== undefined) return [side.keys[k]];
  return null;
}

function buildModel(D) {
  var SI = {};
  STATUSES.forEach(function (s, i) { SI[s.id] = i; });
  var j = D.json;
  var S = newSide(D.sides.source), E = newSide(D.sides.expected);

  /**
   * A side's keys by position; statuses, counterparts and rules fill in by position; keys the JSON
   * names beyond the list are appended. A counterpart is a key name, or an array of them when several.
   */
  function newSide(p) {
    var keys = p.keys.slice(), index = new Map(), st = new Array(keys.length).fill(-1);
    for (var i = 0; i < keys.length; i++) index.set(keys[i], i);
    return { role: p.role, file: p.file, kind: p.kind, keys: keys, index: index, st: st, shapeIds: p.shapes.slice(), table: p.shapeTable, partners: [], rules: [] };
  }
  function set(side, key, st) {
    var i = side.index.get(key);
    if (i === undefined) { i = side.keys.length; side.keys.push(key); side.index.set(key, i); side.st.push(-1); side.shapeIds.push(-1); }
    if (side.st[i] < 0) side.st[i] = SI[st];
    return i;
  }
  function link(i, e) {
    add(S.partners, i, E.keys[e]);
    add(E.partners, e, S.keys[i]);
    var rs = S.rules[i];
    if (rs) E.rules[e] = E.rules[e] ? union(E.rules[e], rs) : rs;
  }
  function add(list, i, name) {
    var l = list[i];
    if (l === undefined) list[i] = name;
    else if (typeof l === 'string') { if (l !== name) list[i] = [l, name]; }
    else if (l.indexOf(name) < 0) l.push(name);
  }
  function union(a, b) { var out = a.slice(); b.forEach(function (r) { if (out.indexOf(r) < 0) out.push(r); }); return out.sort(function (x, y) { return x - y; }); }

  // the ops acting on each source key, as shared lists (one per combination of ops, not one per key)
  var none = { list: null, next: [] };
  var at = new Array(S.keys.length).fill(none);
  var opIdx = D.opKeys.map(function (runs) {
    var out = [];
    for (var q = 0; q < runs.length; q += 2) for (var x = runs[q]; x < runs[q + 1]; x++) out.push(x);
    return out;
  });
  opIdx.forEach(function (idx, r) {
    idx.forEach(function (i) {
      var cur = at[i], nxt = cur.next[r];
      if (!nxt) { nxt = cur.next[r] = { list: (cur.list || []).concat([r]), next: [] }; }
      at[i] = nxt;
    });
  });
  for (var a = 0; a < at.length; a++) if (at[a].list) S.rules[a] = at[a].list;

  if (D.command === 'diff') {
    j.shapeMismatch.forEach(function (m) { set(S, m.key, 'shape'); set(E, m.key, 'shape'); });
    j.dtypeMismatch.forEach(function (m) { set(S, m.key, 'dtype'); set(E, m.key, 'dtype'); });
    j.matched.forEach(function (k) { set(S, k, 'matched'); set(E, k, 'matched'); });
    j.missing.forEach(function (k) { set(E, k, 'missing'); });
    j.unexpected.forEach(function (k) { set(S, k, 'unexpected'); });
    // a cut-short error leaves open the keys of the side that is not the error
    var open = j.expected.kind === 'error-text' ? S : E;
    j.unknown.forEach(function (k) { set(open, k, 'unknown'); });
  } else if (D.command === 'check') {
    var inS = new Set(S.keys), inE = new Set(E.keys); // before any key is appended
    j.shapeChanged.forEach(function (x) { link(set(S, x.from, 'shape'), set(E, x.key, 'shape')); });
    j.dtypeChanged.forEach(function (x) { link(set(S, x.from, 'dtype'), set(E, x.key, 'dtype')); });
    j.renamed.forEach(function (r) {
      var to = r.to.map(function (t) { return set(E, t, 'renamed'); });
      r.from.forEach(function (f) { var i = set(S, f, 'renamed'); to.forEach(function (e) { link(i, e); }); });
    });
    j.removed.forEach(function (x) { set(S, x.key, 'unexpected'); });
    j.added.forEach(function (x) { set(E, x.key, 'missing'); });
    j.unchanged.forEach(function (k) { set(S, k, 'matched'); set(E, k, 'matched'); });
    j.ignored.forEach(function (k) {
      if (inS.has(k) || !inE.has(k)) set(S, k, 'ignored');
      if (inE.has(k)) set(E, k, 'ignored');
    });
  } else {
    // plan and explain print the same JSON (schemas/explain.schema.json)
    var unplaced = new Set(j.after.unexpected);
    j.sizeMismatches.forEach(function (x) { link(set(S, x.source, 'shape'), set(E, x.target, 'shape')); });
    j.after.unexpected.forEach(function (k) { set(S, k, 'unexpected'); });
    j.after.missing.forEach(function (k) { set(E, k, 'missing'); });
    j.after.numBatchesTracked.forEach(function (k) { set(E, k, 'counter'); });
    var mapping = j.plan.mapping;
    for (var k in mapping) {
      var v = mapping[k];
      if (v === null) { set(S, k, 'dropped'); continue; }
      var i = S.index.get(k);
      var moved = (i !== undefined && S.rules[i] !== undefined) || typeof v !== 'string' || v !== k;
      i = set(S, k, moved ? 'renamed' : 'matched');
      if (unplaced.has(k)) continue; // its name after the plan is no key of the model
      if (typeof v === 'string') { var e = set(E, v, moved ? 'renamed' : 'matched'); if (moved) link(i, e); }
      else for (var t = 0; t < v.length; t++) link(i, set(E, v[t], 'renamed'));
    }
  }
  var sides = [finish(S), finish(E)];
  sides[0].other = sides[1]; sides[1].other = sides[0];
  return {
    sides: sides,
    /** the positions, in the source side, of the keys op r acts on */
    ruleIndices: function (r) { var m = sides[0].moved; return m ? opIdx[r].map(function (i) { return m[i]; }).filter(function (i) { return i >= 0; }) : opIdx[r]; },
  };

  /** Keys in the side's own order (the page data's), then any the JSON names that it lacks; none the JSON does not name. */
  function finish(side) {
    var keys = side.keys, st = side.st, shapeIds = side.shapeIds, index = side.index, partners = side.partners, rules = side.rules, moved = null;
    if (st.indexOf(-1) >= 0) {
      moved = new Array(keys.length).fill(-1);
      var k2 = [], s2 = [], h2 = [], p2 = [], r2 = [];
      for (var i = 0; i < keys.length; i++) {
        if (st[i] < 0) continue;
        moved[i] = k2.length;
        k2.push(keys[i]); s2.push(st[i]); h2.push(shapeIds[i]); p2.push(partners[i]); r2.push(rules[i]);
      }
      keys = k2; st = s2; shapeIds = h2; partners = p2; rules = r2; index = null;
    }
    var table = side.table, shapes = shapeIds.map(function (id) { return id < 0 ? null : table[id]; });
    var counts = STATUSES.map(function () { return 0; });
    for (var n = 0; n < st.length; n++) counts[st[n]]++;
    var out = { role: side.role, file: side.file, kind: side.kind, keys: keys, st: st, shapes: shapes, shapeIds: shapeIds, rules: rules, partners: partners, counts: counts, indexMap: index, moved: moved };
    // key → position (rebuilt, the first time it is asked, when keys the JSON does not name were left out)
    out.at = function (key) {
      if (!out.indexMap) { out.indexMap = new Map(); for (var q = 0; q < keys.length; q++) out.indexMap.set(keys[q], q); }
      return out.indexMap.get(key);
    };
    return out;
  }
}
`;
