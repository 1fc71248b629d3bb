/**
 * In the page: each side's keys with their statuses, counterparts and rules, as the page data carries
 * them (derived from the embedded `--json` object when the page was written: key-status.ts), turned
 * into what the trees and rows read. Nothing here walks the JSON, so the first screen never waits for
 * the 12 MB a 100,000-key mapping takes to parse.
 */
export const MODEL_JS = String.raw`
/** Key k's counterparts on the other side, by name, or null. */
function partnersOf(side, k) {
  var more = side.more[k], p = side.partner[k];
  if (more) return more.map(function (i) { return side.other.keys[i]; });
  return p >= 0 ? [side.other.keys[p]] : null;
}

function buildModel(D) {
  var sides = [newSide(D.sides.source), newSide(D.sides.expected)];
  sides[0].other = sides[1]; sides[1].other = sides[0];
  var expanded = [];
  return {
    sides: sides,
    /** the positions, in the source side, of the keys op r acts on */
    ruleIndices: function (r) {
      if (!expanded[r]) {
        var runs = D.opKeys[r], out = [];
        for (var q = 0; q < runs.length; q += 2) for (var x = runs[q]; x < runs[q + 1]; x++) out.push(x);
        expanded[r] = out;
      }
      return expanded[r];
    },
  };

  function newSide(p) {
    var n = p.keys.length, table = p.shapeTable, sets = p.ruleSets;
    // one shared list per combination of ops, so a module's rules are found by identity (tree.ts)
    var rules = new Array(n), shapes = new Array(n), counts = STATUSES.map(function () { return 0; });
    for (var k = 0; k < n; k++) {
      var r = p.rules[k], id = p.shapes[k];
      rules[k] = r < 0 ? undefined : sets[r];
      shapes[k] = id < 0 ? null : table[id];
      counts[p.status[k]]++;
    }
    var out = { role: p.role, file: p.file, kind: p.kind, keys: p.keys, st: p.status, shapes: shapes, shapeIds: p.shapes, rules: rules, partner: p.partner, more: p.morePartners, counts: counts, indexMap: null, other: null };
    // key → position, built the first time it is asked (a click, a link), not on the way to the first screen
    out.at = function (key) {
      if (!out.indexMap) { out.indexMap = new Map(); for (var q = 0; q < n; q++) out.indexMap.set(p.keys[q], q); }
      return out.indexMap.get(key);
    };
    return out;
  }
}
`;
