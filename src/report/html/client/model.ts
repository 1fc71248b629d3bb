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
  if (side.partners[k]) return side.partners[k];
  var id = STATUSES[side.st[k]].id;
  if ((id === 'matched' || id === 'shape' || id === 'dtype') && side.other.has.has(side.keys[k])) return [side.keys[k]];
  return null;
}

/** The inverse of the page data's front coding: "<n>:<rest>" is the previous key's first n characters + rest. */
function decodeKeys(coded) {
  var out = new Array(coded.length), prev = '';
  for (var i = 0; i < coded.length; i++) {
    var c = coded[i], colon = c.indexOf(':');
    prev = prev.slice(0, +c.slice(0, colon)) + c.slice(colon + 1);
    out[i] = prev;
  }
  return out;
}

function buildModel(D) {
  var SI = {};
  STATUSES.forEach(function (s, i) { SI[s.id] = i; });
  var j = D.json;
  var S = newSide(D.sides.source), E = newSide(D.sides.expected);

  function newSide(p) {
    return { role: p.role, file: p.file, kind: p.kind, page: p, keys: decodeKeys(p.keys), status: new Map(), partners: new Map() };
  }
  function set(side, key, st) { if (!side.status.has(key)) side.status.set(key, SI[st]); }
  function link(a, b) { push(S.partners, a, b); push(E.partners, b, a); }
  function push(m, k, v) { var l = m.get(k); if (!l) m.set(k, [v]); else if (l.indexOf(v) < 0) l.push(v); }

  // the keys each op acts on, by name
  var ruleKeys = D.opKeys.map(function (idx) { return idx.map(function (i) { return S.keys[i]; }); });
  var rulesOf = new Map();
  ruleKeys.forEach(function (keys, r) { keys.forEach(function (k) { push(rulesOf, k, r); }); });

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
    j.shapeChanged.forEach(function (x) { set(S, x.from, 'shape'); set(E, x.key, 'shape'); link(x.from, x.key); });
    j.dtypeChanged.forEach(function (x) { set(S, x.from, 'dtype'); set(E, x.key, 'dtype'); link(x.from, x.key); });
    j.renamed.forEach(function (r) {
      r.from.forEach(function (f) { set(S, f, 'renamed'); r.to.forEach(function (t) { link(f, t); }); });
      r.to.forEach(function (t) { set(E, t, 'renamed'); });
    });
    j.removed.forEach(function (x) { set(S, x.key, 'unexpected'); });
    j.added.forEach(function (x) { set(E, x.key, 'missing'); });
    j.unchanged.forEach(function (k) { set(S, k, 'matched'); set(E, k, 'matched'); });
    var inS = new Set(S.keys), inE = new Set(E.keys);
    j.ignored.forEach(function (k) {
      if (inS.has(k) || !inE.has(k)) set(S, k, 'ignored');
      if (inE.has(k)) set(E, k, 'ignored');
    });
  } else {
    // plan and explain print the same JSON (schemas/explain.schema.json)
    var unplaced = new Set(j.after.unexpected);
    j.sizeMismatches.forEach(function (x) { set(S, x.source, 'shape'); set(E, x.target, 'shape'); link(x.source, x.target); });
    j.after.unexpected.forEach(function (k) { set(S, k, 'unexpected'); });
    j.after.missing.forEach(function (k) { set(E, k, 'missing'); });
    j.after.numBatchesTracked.forEach(function (k) { set(E, k, 'counter'); });
    var mapping = j.plan.mapping;
    Object.keys(mapping).forEach(function (k) {
      var v = mapping[k];
      if (v === null) { set(S, k, 'dropped'); return; }
      var targets = Array.isArray(v) ? v : [v];
      var moved = rulesOf.has(k) || targets.length !== 1 || targets[0] !== k;
      set(S, k, moved ? 'renamed' : 'matched');
      if (unplaced.has(k)) return; // its name after the plan is no key of the model
      targets.forEach(function (t) { set(E, t, moved ? 'renamed' : 'matched'); if (moved) link(k, t); });
    });
  }
  var sides = [finish(S, true), finish(E, false)];
  sides[0].other = sides[1]; sides[1].other = sides[0];
  return { sides: sides, ruleKeys: ruleKeys };

  /** Keys in the side's own order (the page data's), then any the JSON names that it lacks. */
  function finish(side, isSource) {
    var keys = [], st = [], shapes = [], shapeIds = [], taken = new Set();
    var p = side.page, table = p.shapeTable, status = side.status;
    for (var i = 0; i < side.keys.length; i++) {
      var k = side.keys[i], s = status.get(k);
      if (s === undefined) continue;
      keys.push(k); st.push(s);
      shapeIds.push(p.shapes[i]); shapes.push(p.shapes[i] < 0 ? null : table[p.shapes[i]]);
    }
    // keys the JSON names that the side's list lacks (an error text's side has no list)
    if (keys.length < status.size) {
      keys.forEach(function (k) { taken.add(k); });
      status.forEach(function (s, k) {
        if (taken.has(k)) return;
        keys.push(k); st.push(s); shapes.push(null); shapeIds.push(-1);
      });
    }
    var rules = new Array(keys.length).fill(null), partners = new Array(keys.length).fill(null);
    for (var n = 0; n < keys.length; n++) {
      var ps = side.partners.get(keys[n]);
      if (ps === undefined) continue;
      partners[n] = ps;
      if (isSource) continue;
      var rs = [];
      ps.forEach(function (src) { (rulesOf.get(src) || []).forEach(function (r) { if (rs.indexOf(r) < 0) rs.push(r); }); });
      rules[n] = rs.length ? rs.sort(function (a, b) { return a - b; }) : null;
    }
    if (isSource && rulesOf.size) for (var r = 0; r < keys.length; r++) rules[r] = rulesOf.get(keys[r]) || null;
    var counts = STATUSES.map(function () { return 0; });
    st.forEach(function (s) { counts[s]++; });
    var out = { role: side.role, file: side.file, kind: side.kind, keys: keys, st: st, shapes: shapes, shapeIds: shapeIds, rules: rules, partners: partners, has: status, counts: counts, indexMap: null };
    // key → position, built the first time something looks a key up by name
    out.at = function (key) {
      if (!out.indexMap) { out.indexMap = new Map(); for (var n = 0; n < keys.length; n++) out.indexMap.set(keys[n], n); }
      return out.indexMap.get(key);
    };
    return out;
  }
}
`;
