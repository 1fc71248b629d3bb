/**
 * In the page: everything outside the panes, in reading order — the answer (verdict, findings, the fix),
 * the counts per status (also the status filter), the two trees, the shape mismatches, the plan's ops
 * (hover: light the keys each moves; click: list them), the ambiguities, then the notes. Also search,
 * print and the ready mark the tests wait for.
 */
export const VIEW_JS = String.raw`
function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
function runsLength(runs) { var n = 0; for (var q = 0; q < runs.length; q += 2) n += runs[q + 1] - runs[q]; return n; }
function fmtInt(n) { return n.toLocaleString('en-US'); }
function fmtParams(p, unknown) {
  var t = p >= 1e9 ? (p / 1e9).toFixed(2) + 'B' : p >= 1e6 ? (p / 1e6).toFixed(2) + 'M' : p >= 1e4 ? (p / 1e3).toFixed(1) + 'K' : fmtInt(p);
  return unknown ? (p ? t + ' + ? params' : 'shapes unknown') : t + ' params';
}
var COMMAND = null;
function statusLabel(s) { return COMMAND === 'check' && s.checkLabel ? s.checkLabel : s.label; }
var TITLES = {
  diff: 'what loading the checkpoint into the model would find, key by key',
  plan: 'the inferred remap: what it does, how sure it is, and what it leaves',
  explain: 'what the load_state_dict error means, and the fix',
  check: 'whether checkpoints made with the baseline still load into the current model',
};

/**
 * Drawn in three steps, so that a large page says what is wrong at once: the answer (here), the keys
 * (buildKeys: counts and both trees), then what needs the embedded --json itself, parsed last
 * (addJson: notes, the ops table, mismatches, ambiguities).
 */
function App(D) {
  COMMAND = D.command;
  this.D = D;
  this.filter = { q: '', re: null, statuses: new Set(), rule: -1 };
  this.hlRule = -1;
  this.panes = null;
  this.ops = [];
  var el = document.getElementById('app');
  var h = [];
  h.push('<header><h1>sdmatch ' + esc(D.command) + '</h1><div class="sub">' + esc(TITLES[D.command]) + '</div>');
  h.push('<div class="sides">' + [D.sides.source, D.sides.expected].map(function (s) {
    return '<span>' + esc(s.role) + ': <b class="mono">' + esc(s.file) + '</b> (' + esc(s.kind) + (s.keys.length ? ', ' + fmtInt(s.keys.length) + ' keys' : '') + ')</span>';
  }).join('<span aria-hidden="true">→</span>') + '</div></header>');

  var a = D.answer;
  h.push('<section class="answer tone-' + a.tone + '" aria-label="the answer"><p class="verdict" id="verdict">' + esc(a.verdict) + '</p>');
  if (a.lines.length) h.push('<ul>' + a.lines.map(function (l) { return '<li>' + esc(l) + '</li>'; }).join('') + '</ul>');
  // a plan whose output still fails a strict load: its code is a partial fix, said with what it leaves
  if (a.fix) h.push('<div class="fix"><div class="fix-head">' + (a.leaves ? 'a partial fix, in Python' : 'the fix, in Python') + ' <button class="no-print" id="copy-fix">copy</button></div>' +
    (a.leaves ? '<p class="sub" id="fix-leaves">' + esc(a.leaves) + '</p>' : '') + '<pre class="code" id="fix">' +
    esc((/\bre\./.test(a.fix) && a.fix.indexOf('\n') < 0 ? 'import re\n' : '') + a.fix) + '</pre></div>');
  h.push('<ul class="notes" id="notes" hidden></ul>');
  h.push('</section>');
  var total = D.sides.source.keys.length + D.sides.expected.keys.length;
  h.push('<div id="keys-part"><h2 id="keys-h">Keys</h2><p class="sub">building the module trees (' + fmtInt(total) + ' keys)…</p></div>');
  h.push('<div id="json-part"></div>');
  h.push('<footer>Rendered in the browser from the JSON embedded in this page: the same object <code>sdmatch ' + esc(D.command) +
    ' … --json</code> prints (plus each side\'s shapes). <button id="download" class="no-print">download the JSON</button>' +
    '<div class="no-print">Keys: <span class="kbd">/</span> search · <span class="kbd">↑</span><span class="kbd">↓</span> move · <span class="kbd">→</span><span class="kbd">←</span> open, close · <span class="kbd">Enter</span> open, or show the counterpart · <span class="kbd">Esc</span> clear the search</div></footer>');
  el.innerHTML = h.join('');
  this.wire();
  TIMINGS.answer = performance.now();
}

/** The rest, from the --json object: notes, the plan's ops, the mismatch table, the ambiguities. */
App.prototype.addJson = function (j) {
  var D = this.D;
  D.json = j;
  var ops = D.command === 'diff' ? [] : j.plan.ops;
  this.ops = ops;
  var notes = D.command === 'diff' || D.command === 'check' ? [] : j.warnings.concat(j.uncertain);
  var ul = document.getElementById('notes');
  if (notes.length) { ul.innerHTML = notes.map(function (n) { return '<li>' + esc(n) + '</li>'; }).join(''); ul.hidden = false; }
  document.getElementById('mismatch-part').innerHTML = mismatchTable(D, this.model);
  document.getElementById('json-part').innerHTML = (ops.length ? opsTable(D, ops) : '') + ambiguities(D);
  this.wireJson();
};

/** The keys section: counts, both trees, shape mismatches. */
App.prototype.buildKeys = function () {
  var app = this, D = this.D;
  this.model = timed('model', function () { return buildModel(D); });
  var sides = this.model.sides, h = [];
  h.push('<h2 id="keys-h">Keys</h2><div class="toolbar"><input type="search" id="search" aria-label="search keys" placeholder="search keys: text, or /regex/  (press / to focus)">' +
    '<button id="clear" class="no-print">clear filters</button><span class="filter-note" id="filter-note" aria-live="polite"></span></div>');
  h.push(countsTable(sides));
  h.push('<div class="panes">' + sides.map(function (s, i) {
    var total = 0, unknown = 0;
    for (var k = 0; k < s.shapes.length; k++) {
      var sh = s.shapes[k];
      if (!sh) { unknown++; continue; }
      var e = 1; for (var d = 0; d < sh.length; d++) e *= sh[d];
      total += e;
    }
    return '<section class="pane" aria-label="' + esc(s.role) + ' keys"><div class="pane-head"><span class="file"><b>' + esc(s.role) + '</b> <span class="mono">' + esc(s.file) + '</span></span>' +
      '<span class="sub">' + fmtInt(s.keys.length) + ' keys · ' + fmtParams(total, unknown) + '</span></div>' +
      '<div class="vlist" id="pane' + i + '" role="tree" tabindex="0" aria-label="' + esc(s.role) + ' module tree"></div></section>';
  }).join('') + '</div><div class="status-line" id="status-line" aria-live="polite"></div>');
  h.push(legend(sides));
  h.push('<div id="mismatch-part"></div>');
  document.getElementById('keys-part').innerHTML = h.join('');
  this.panes = timed('panes', function () { return sides.map(function (s, i) { return new Pane(app, s, i, document.getElementById('pane' + i)); }); });
  this.fitPanes();
  this.wireKeys();
};

function countsTable(sides) {
  var rows = STATUSES.map(function (s, i) { return [s, i]; }).filter(function (x) { return sides[0].counts[x[1]] + sides[1].counts[x[1]] > 0; });
  return '<table class="counts" aria-label="keys per status"><thead><tr><th>status (click to filter)</th><th>' + esc(sides[0].role) + '</th><th>' + esc(sides[1].role) + '</th></tr></thead><tbody>' +
    rows.map(function (x) {
      var s = x[0], i = x[1];
      return '<tr class="st-' + s.id + '"><td><button class="chip" aria-pressed="false" data-status="' + i + '"><span class="dot"></span>' + esc(statusLabel(s)) + '</button></td>' +
        sides.map(function (side, n) { return '<td data-count-side="' + (n === 0 ? 'source' : 'expected') + '" data-status="' + s.id + '">' + fmtInt(side.counts[i]) + '</td>'; }).join('') + '</tr>';
    }).join('') +
    '<tr><td>all keys</td>' + sides.map(function (side, n) { return '<td data-count-side="' + (n === 0 ? 'source' : 'expected') + '" data-status="all">' + fmtInt(side.keys.length) + '</td>'; }).join('') + '</tr></tbody></table>';
}

function legend(sides) {
  return '<div class="legend">' + STATUSES.filter(function (s, i) { return sides[0].counts[i] + sides[1].counts[i] > 0; }).map(function (s) {
    return '<div class="st-' + s.id + '"><span class="dot"></span><span><b>' + esc(statusLabel(s)) + '</b>: ' + esc(s.meaning) + '</span></div>';
  }).join('') + '</div>';
}

/**
 * Shape and dtype mismatches as a table, from the JSON's own lists (with the tree they are easy to
 * miss, and they are what no rename fixes). Each key links to its row in the tree.
 */
function mismatchTable(D, model) {
  var j = D.json, rows = [];
  var shape = function (s) { return s ? '[' + s.join(', ') + ']' : '?'; };
  if (D.command === 'diff') {
    j.shapeMismatch.forEach(function (m) { rows.push(['shape', m.key, m.key, shape(m.source), shape(m.expected)]); });
    j.dtypeMismatch.forEach(function (m) { rows.push(['dtype', m.key, m.key, m.source, m.expected]); });
  } else if (D.command === 'check') {
    j.shapeChanged.forEach(function (m) { rows.push(['shape', m.from, m.key, shape(m.baseline), shape(m.current)]); });
    j.dtypeChanged.forEach(function (m) { rows.push(['dtype', m.from, m.key, m.baseline, m.current]); });
  } else {
    j.sizeMismatches.forEach(function (m) { rows.push(['shape', m.source, m.target, shape(m.sourceShape), shape(m.targetShape)]); });
  }
  if (!rows.length) return '';
  var S = model.sides[0], E = model.sides[1], shown = rows.slice(0, 500);
  return '<h2>Shape and dtype mismatches (' + fmtInt(rows.length) + ')</h2><table class="ops"><thead><tr><th></th><th>' + esc(S.role) + ' key</th><th>' + esc(E.role) + ' key</th><th>' + esc(S.role) + '</th><th>' + esc(E.role) + '</th></tr></thead><tbody>' +
    shown.map(function (r) {
      var i = S.at(r[1]);
      var key = i === undefined ? esc(r[1]) : '<a class="keys-link" data-side="0" data-key="' + i + '">' + esc(r[1]) + '</a>';
      return '<tr class="st-' + r[0] + '"><td><span class="dot"></span></td><td class="mono">' + key + '</td><td class="mono">' + (r[2] === r[1] ? '<span class="sub">same</span>' : esc(r[2])) + '</td><td class="mono">' + esc(r[3]) + '</td><td class="mono">' + esc(r[4]) + '</td></tr>';
    }).join('') + '</tbody></table>' + (rows.length > shown.length ? '<p class="sub">the first ' + shown.length + '; filter by status to see all</p>' : '');
}

function opsTable(D, ops) {
  return '<h2>Plan: ' + ops.length + (ops.length === 1 ? ' op' : ' ops') + ', applied in order</h2><table class="ops" id="ops"><thead><tr><th>#</th><th>op</th><th>what</th><th>keys</th><th>confidence</th><th>evidence / reason</th></tr></thead><tbody>' +
    ops.map(function (op, i) {
      var c = typeof op.confidence === 'number' ? op.confidence : null;
      var why = [op.reason, op.evidence].filter(function (x) { return typeof x === 'string' && x; }).join('; ');
      return '<tr class="op" tabindex="0" data-op="' + i + '"><td class="num">' + (i + 1) + '</td><td class="mono">' + esc(op.op) + '</td><td class="mono">' + esc(D.opText[i]) + '</td>' +
        '<td class="num"><a class="keys-link" data-filter-rule="' + i + '" title="list the keys this op acts on">' + fmtInt(runsLength(D.opKeys[i])) + '</a></td>' +
        '<td class="num"><span class="conf">' + (c === null ? '—' : c.toFixed(2)) + '</span></td><td>' + esc(why) + '</td></tr>';
    }).join('') + '</tbody></table>';
}

function ambiguities(D) {
  var list = D.command === 'diff' ? [] : D.json.ambiguities;
  if (!list.length) return '';
  var link = function (side, k) { return '<a class="keys-link" data-find="' + side + '" data-name="' + esc(k) + '">' + esc(k) + '</a>'; };
  return '<h2>Ambiguous (' + list.length + '): listed, not guessed</h2><table class="ops amb-table"><thead><tr><th>checkpoint key</th><th>candidates in the model</th><th>why not chosen</th></tr></thead><tbody>' +
    list.map(function (a) {
      return '<tr><td class="mono">' + a.keys.map(function (k) { return link(0, k); }).join('<br>') + '</td>' +
        '<td class="mono">' + (a.candidates.length ? a.candidates.map(function (c) { return link(1, c); }).join('<br>') : '<span class="sub">none</span>') + '</td>' +
        '<td class="sub">' + esc(a.reason) + '</td></tr>';
    }).join('') + '</tbody></table>';
}

/** What the keys section needs: search, filters, links from its table. */
App.prototype.wireKeys = function () {
  var app = this, search = document.getElementById('search'), timer = 0;
  search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(function () { app.setQuery(search.value); }, 120); });
  search.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { search.value = ''; app.setQuery(''); }
    if (e.key === 'Enter') { clearTimeout(timer); app.setQuery(search.value); }
    if (e.key === 'ArrowDown') { e.preventDefault(); app.panes[0].el.focus(); }
  });
  document.getElementById('clear').addEventListener('click', function () { app.clearFilters(); });
  document.querySelectorAll('.chip[data-status]').forEach(function (b) {
    b.addEventListener('click', function () {
      var s = +b.dataset.status;
      if (app.filter.statuses.has(s)) app.filter.statuses.delete(s); else app.filter.statuses.add(s);
      b.setAttribute('aria-pressed', String(app.filter.statuses.has(s)));
      app.applyFilters();
    });
  });
};

/** What the tables drawn from the JSON need. */
App.prototype.wireJson = function () {
  var app = this;
  document.querySelectorAll('a[data-key]').forEach(function (a) {
    a.addEventListener('click', function () { app.panes[+a.dataset.side].revealKey(+a.dataset.key); app.showPartner(+a.dataset.side, +a.dataset.key); app.panes[+a.dataset.side].el.focus(); });
  });
  document.querySelectorAll('tr.op').forEach(function (tr) {
    var i = +tr.dataset.op;
    tr.addEventListener('mouseenter', function () { app.highlight(i); });
    tr.addEventListener('mouseleave', function () { app.highlight(-1); });
    tr.addEventListener('focus', function () { app.highlight(i); });
    tr.addEventListener('blur', function () { app.highlight(-1); });
    tr.addEventListener('keydown', function (e) { if (e.key === 'Enter') app.filterRule(i); });
  });
  document.querySelectorAll('[data-filter-rule]').forEach(function (a) { a.addEventListener('click', function () { app.filterRule(+a.dataset.filterRule); }); });
  document.querySelectorAll('[data-find]').forEach(function (a) {
    a.addEventListener('click', function () { app.find(+a.dataset.find, a.dataset.name); });
  });
};

/** What the rest of the page needs, wired as soon as the answer is drawn. */
App.prototype.wire = function () {
  var app = this;
  document.addEventListener('keydown', function (e) {
    var search = document.getElementById('search');
    if (search && e.key === '/' && document.activeElement !== search) { e.preventDefault(); search.focus(); search.select(); }
  });
  var copy = document.getElementById('copy-fix');
  if (copy) copy.addEventListener('click', function () {
    var text = document.getElementById('fix').textContent;
    var done = function () { copy.textContent = 'copied'; setTimeout(function () { copy.textContent = 'copy'; }, 1500); };
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () { selectText(); });
    else selectText();
    function selectText() { var r = document.createRange(); r.selectNodeContents(document.getElementById('fix')); var s = getSelection(); s.removeAllRanges(); s.addRange(r); }
  });
  document.getElementById('download').addEventListener('click', function () {
    if (!app.D.json) return; // not parsed yet: a moment after the trees
    var url = URL.createObjectURL(new Blob([JSON.stringify(app.D.json, null, 2) + '\n'], { type: 'application/json' }));
    var a = document.createElement('a'); a.href = url; a.download = 'sdmatch-' + app.D.command + '.json'; document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });
  window.addEventListener('beforeprint', function () { (app.panes || []).forEach(function (p) { p.list.setPrinting(true); }); });
  window.addEventListener('afterprint', function () { (app.panes || []).forEach(function (p) { p.list.setPrinting(false); }); });
};

/** Both panes as tall as the longer list needs, up to a screenful, so short trees leave no blank box. */
App.prototype.fitPanes = function () {
  if (!this.panes || this.panes.length < 2) return;
  var n = Math.max(this.panes[0].rows.length, this.panes[1].rows.length, 3);
  var h = Math.min(n * ROW_H + 2, Math.max(320, Math.round(window.innerHeight * 0.7)));
  this.panes.forEach(function (p) { p.el.style.height = h + 'px'; p.list.render(); });
};
App.prototype.setQuery = function (q) {
  this.filter.q = q; this.filter.re = null; this.filter.bad = false;
  var m = /^\/(.+)\/([i]*)$/.exec(q);
  if (m) { try { this.filter.re = new RegExp(m[1], m[2]); } catch (e) { this.filter.bad = true; } }
  this.applyFilters();
};
App.prototype.applyFilters = function () {
  var f = this.filter, active = f.q !== '' || f.statuses.size > 0 || f.rule >= 0;
  var needle = f.q.toLowerCase();
  var pass = !active ? null : function (side, k) {
    if (f.statuses.size && !f.statuses.has(side.st[k])) return false;
    if (f.rule >= 0 && !(side.rules[k] && side.rules[k].indexOf(f.rule) >= 0)) return false;
    if (f.q === '') return true;
    if (f.bad) return false;
    return f.re ? f.re.test(side.keys[k]) : side.keys[k].toLowerCase().indexOf(needle) >= 0;
  };
  var shown = this.panes.map(function (p) { return p.setFilter(pass); });
  var note = document.getElementById('filter-note'), sides = this.model.sides;
  if (!active) note.textContent = '';
  else {
    var what = [];
    if (f.q) what.push(f.bad ? 'an invalid regex' : JSON.stringify(f.q));
    if (f.statuses.size) what.push(Array.from(f.statuses).map(function (s) { return statusLabel(STATUSES[s]); }).join(' or '));
    if (f.rule >= 0) what.push('moved by rule ' + (f.rule + 1));
    note.textContent = 'showing ' + sides.map(function (s, i) { return fmtInt(shown[i]) + ' of ' + fmtInt(s.keys.length) + ' ' + s.role + ' keys'; }).join(' and ') + ' (' + what.join(', ') + ')';
  }
};
App.prototype.clearFilters = function () {
  this.filter = { q: '', re: null, statuses: new Set(), rule: -1 };
  document.getElementById('search').value = '';
  document.querySelectorAll('.chip[data-status]').forEach(function (b) { b.setAttribute('aria-pressed', 'false'); });
  this.applyFilters();
};
App.prototype.filterRule = function (r) {
  if (!this.panes) return;
  this.filter.rule = r; this.applyFilters();
  document.getElementById('keys-h').scrollIntoView({ block: 'start' });
  this.panes[0].el.focus();
};
/** Light every key rule r acts on, on both sides, with a count on each module holding some. */
App.prototype.highlight = function (r) {
  if (r === this.hlRule || !this.panes) return;
  this.hlRule = r;
  var model = this.model;
  this.panes.forEach(function (p) {
    if (r < 0) return p.setHighlight(null);
    var keys = new Set();
    if (p.idx === 0) model.ruleIndices(r).forEach(function (i) { keys.add(i); });
    else p.side.rules.forEach(function (rs, i) { if (rs && rs.indexOf(r) >= 0) keys.add(i); });
    p.setHighlight(keys);
  });
  document.querySelectorAll('tr.op').forEach(function (tr) { tr.classList.toggle('hl', +tr.dataset.op === r); });
  var line = document.getElementById('status-line');
  line.textContent = r < 0 ? '' : 'rule ' + (r + 1) + ' (' + this.ops[r].op + ') acts on ' + fmtInt(model.ruleIndices(r).length) + ' ' + model.sides[0].role + ' keys, highlighted in both trees';
};
/** A key's counterpart on the other side, revealed and selected. */
App.prototype.showPartner = function (idx, k) {
  var side = this.model.sides[idx], ps = partnersOf(side, k);
  var line = document.getElementById('status-line');
  line.textContent = side.keys[k] + ': ' + statusLabel(STATUSES[side.st[k]]) + (ps ? (idx === 0 ? ' → ' : ' ← ') + ps.join(', ') : '');
  if (!ps) return;
  this.panes[1 - idx].revealKey(side.more[k] ? side.more[k][0] : side.partner[k]);
};
App.prototype.find = function (idx, name) {
  if (!this.panes) return;
  var p = this.panes[idx], k = p.side.at(name);
  if (k === undefined) { document.getElementById('status-line').textContent = name + ' is not a key of ' + p.side.role; return; }
  p.revealKey(k); p.el.focus(); this.showPartner(idx, k);
};
`;
