/**
 * In the page: one side's keys in a scrolling pane — the module tree, or while a search or filter is
 * on, the flat list of keys that pass it. Keyboard as a tree view: ↑ ↓ Home End PgUp PgDn move, → opens
 * (or steps in), ← closes (or steps out), Enter opens a module or shows a key's counterpart.
 */
export const PANE_JS = String.raw`
function Pane(app, side, idx, el) {
  this.app = app; this.side = side; this.idx = idx; this.el = el;
  var t = timed('trees', function () { return buildTree(side); }), root = t.root;
  this.root = root; this.tree = t.tree;
  // the tree's modules are made as these ask for them (tree.ts)
  timed('open', function () { openWhereDiffering(root); openToFill(root, 40); });
  this.flat = null; this.sel = 0; this.hl = null; this.hlMark = null; this.hlCounts = null;
  this.list = new VList(el, this.renderRow.bind(this));
  this.list.emptyText = side.keys.length ? 'no key passes the filter' : 'this side names no keys';
  var self = this;
  el.addEventListener('click', function (e) { self.onClick(e); });
  el.addEventListener('keydown', function (e) { self.onKey(e); });
  // arriving by Tab: the selected row (already marked) becomes the active one, so arrows start from it;
  // nothing is redrawn here, since a redraw between mousedown and mouseup would swallow the click
  el.addEventListener('focus', function () { if (!el.getAttribute('aria-activedescendant') && self.rows.length) el.setAttribute('aria-activedescendant', 'p' + self.idx + '-r' + self.sel); });
  el.addEventListener('mouseover', function (e) { var r = e.target.closest('[data-rule]'); if (r) app.highlight(+r.dataset.rule); });
  el.addEventListener('mouseout', function (e) { if (e.target.closest('[data-rule]')) app.highlight(-1); });
  timed('draw', function () { self.refresh(); });
}
Pane.prototype.refresh = function () {
  if (this.flat) this.rows = this.flat;
  else this.rows = treeRows(this.root);
  if (this.sel >= this.rows.length) this.sel = Math.max(0, this.rows.length - 1);
  this.list.setRows(this.rows);
  this.app.fitPanes();
};
Pane.prototype.setFilter = function (pass) {
  if (!pass) { this.flat = null; this.refresh(); return 0; }
  var side = this.side, rows = [];
  for (var k = 0; k < side.keys.length; k++) if (pass(side, k)) rows.push({ node: null, leaf: k, depth: 0, label: side.keys[k], flat: true });
  this.flat = rows; this.sel = 0; this.el.scrollTop = 0; this.refresh();
  return rows.length;
};
/** Lights keys (a Set of positions, or null); a module's count of them is counted when its row is drawn. */
Pane.prototype.setHighlight = function (keys) {
  this.hl = keys; this.hlCounts = new Map(); this.hlMark = null;
  if (keys) {
    var mark = this.hlMark = new Uint8Array(this.side.keys.length);
    keys.forEach(function (k) { mark[k] = 1; });
  }
  this.list.render();
};
/** How many lit keys a module (or run) holds. */
Pane.prototype.hlCount = function (n) {
  if (!this.hlMark) return 0;
  var c = this.hlCounts.get(n);
  if (c === undefined) {
    var ks = this.tree.keysOf(n), mark = this.hlMark;
    c = 0;
    for (var t = 0; t < ks.length; t++) c += mark[ks[t]];
    this.hlCounts.set(n, c);
  }
  return c;
};
Pane.prototype.renderRow = function (r, i, style) {
  var n = r.node, side = this.side, cls = 'row', body, aria = '';
  var pad = 'padding-left:' + (6 + r.depth * 16) + 'px;';
  if (r.leaf >= 0) {
    var k = r.leaf, st = STATUSES[side.st[k]], label = r.label === null ? leafName(side.keys[k]) : r.label;
    cls += ' st-' + st.id;
    if (this.hl && this.hl.has(k)) cls += ' hl';
    var shape = side.shapes[k];
    body = '<span class="tw"></span><span class="name key" title="' + esc(side.keys[k]) + '">' + esc(label === '' ? '(empty)' : label) + '</span>' +
      '<span class="shape mono">' + (shape ? '[' + shape.join(', ') + ']' : '') + '</span>' +
      (st.id === 'matched' || (!r.flat && uniform(r.node) === side.st[k]) ? '' : '<span class="tag">' + esc(statusLabel(st)) + '</span>') +
      (!r.flat && r.node.rules === side.rules[k] ? '' : rulesHtml(side.rules[k])) + partnerHtml(this.app, this.idx, k);
  } else {
    var kinds = [], total = n.n, cnt = counts(n), hl = this.hlCount(n);
    for (var s = 0; s < cnt.length; s++) if (cnt[s] > 0) kinds.push(s);
    if (kinds.length === 1) cls += ' st-' + STATUSES[kinds[0]].id;
    if (hl) cls += ' hl';
    aria = ' aria-expanded="' + (n.open ? 'true' : 'false') + '"';
    var bar = '<span class="bar" title="' + esc(kinds.map(function (s) { return cnt[s] + ' ' + statusLabel(STATUSES[s]); }).join(', ')) + '">' +
      kinds.map(function (s) { return '<span class="st-' + STATUSES[s].id + '" style="width:' + (100 * cnt[s] / total) + '%"></span>'; }).join('') + '</span>';
    body = '<span class="tw">' + (n.open ? '▾' : '▸') + '</span>' +
      '<span class="name node-name key">' + esc(r.label) + (n.isRun ? ' <span class="run">×' + n.kids.length + '</span>' : '') + '</span>' +
      (hl ? '<span class="hlcount">' + fmtInt(hl) + ' moved</span>' : '') +
      (kinds.length === 1 && STATUSES[kinds[0]].id !== 'matched' && uniform(r.up) !== kinds[0] ? '<span class="tag">' + esc(statusLabel(STATUSES[kinds[0]])) + '</span>' : '') +
      (n.rules && n.rules.length && (!r.up || !r.up.parent || r.up.rules !== n.rules) ? rulesHtml(n.rules) : '') +
      '<span class="meta">' + fmtInt(total) + (total === 1 ? ' key' : ' keys') + ' · ' + fmtParams(n.params, n.unknown) + '</span>' + bar;
  }
  if (i === this.sel) cls += ' sel';
  return '<div class="' + cls + '" role="treeitem" aria-level="' + (r.depth + 1) + '"' + aria + (i === this.sel ? ' aria-selected="true"' : '') +
    ' id="p' + this.idx + '-r' + i + '" data-i="' + i + '" style="' + pad + style + '">' + body + '</div>';
};
Pane.prototype.select = function (i, reveal) {
  if (this.rows.length === 0) return;
  this.sel = Math.max(0, Math.min(this.rows.length - 1, i));
  this.el.setAttribute('aria-activedescendant', 'p' + this.idx + '-r' + this.sel);
  if (reveal !== false) this.list.reveal(this.sel); else this.list.render();
};
Pane.prototype.toggle = function (node, open) {
  node.open = open === undefined ? !node.open : open;
  this.refresh();
  var at = this.rows.findIndex(function (r) { return r.leaf < 0 && r.node === node; });
  if (at >= 0) this.select(at);
};
Pane.prototype.onClick = function (e) {
  var rule = e.target.closest('[data-rule]');
  if (rule) { this.app.filterRule(+rule.dataset.rule); return; }
  var row = e.target.closest('.row');
  if (!row) return;
  var i = +row.dataset.i, r = this.rows[i];
  this.select(i, false);
  if (r.leaf >= 0) this.app.showPartner(this.idx, r.leaf);
  else this.toggle(r.node);
};
Pane.prototype.onKey = function (e) {
  var r = this.rows[this.sel], page = Math.max(1, Math.floor(this.el.clientHeight / ROW_H) - 1), done = true;
  switch (e.key) {
    case 'ArrowDown': this.select(this.sel + 1); break;
    case 'ArrowUp': this.select(this.sel - 1); break;
    case 'PageDown': this.select(this.sel + page); break;
    case 'PageUp': this.select(this.sel - page); break;
    case 'Home': this.select(0); break;
    case 'End': this.select(this.rows.length - 1); break;
    case 'ArrowRight':
      if (r && r.leaf < 0 && !r.node.open && !this.flat) this.toggle(r.node, true); else this.select(this.sel + 1);
      break;
    case 'ArrowLeft':
      if (r && r.leaf < 0 && r.node.open && !this.flat) this.toggle(r.node, false);
      else for (var j = this.sel - 1; j >= 0; j--) if (this.rows[j].depth < r.depth) { this.select(j); break; }
      break;
    case 'Enter': case ' ':
      if (!r) break;
      if (r.leaf >= 0) this.app.showPartner(this.idx, r.leaf); else if (!this.flat) this.toggle(r.node);
      break;
    default: done = false;
  }
  if (done) e.preventDefault();
};
/** Show key k: open the tree down to it (or, filtered, find it in the list) and select it. */
Pane.prototype.revealKey = function (k) {
  if (this.flat && !this.flat.some(function (r) { return r.leaf === k; })) this.app.clearFilters();
  if (!this.flat) { openTo(this.tree.nodeOf(k)); this.refresh(); }
  var at = this.rows.findIndex(function (r) { return r.leaf === k; });
  if (at >= 0) this.select(at);
};

/** The one status of every key under a module, or -1 (the root counts as mixed: top rows always say theirs). */
function uniform(n) {
  if (!n || !n.parent) return -1;
  var found = -1, cnt = counts(n);
  for (var s = 0; s < cnt.length; s++) if (cnt[s] > 0) { if (found >= 0) return -1; found = s; }
  return found;
}

function rulesHtml(rules) {
  if (!rules) return '';
  return rules.map(function (r) { return '<span class="rule" data-rule="' + r + '" title="hover: every key rule ' + (r + 1) + ' moves; click: list them">rule ' + (r + 1) + '</span>'; }).join('');
}
function partnerHtml(app, idx, k) {
  var side = app.model.sides[idx], other = app.model.sides[1 - idx], ps = partnersOf(side, k);
  if (!ps) return '';
  var st = STATUSES[side.st[k]].id;
  if (st === 'shape' || st === 'dtype') {
    var p = side.more[k] ? side.more[k][0] : side.partner[k], theirs = p < 0 ? null : other.shapes[p];
    var same = ps[0] === side.keys[k];
    return '<span class="partner mono">' + (idx === 0 ? 'model: ' : 'checkpoint: ') + (theirs ? '[' + theirs.join(', ') + ']' : '?') + (same ? '' : ' (' + esc(ps[0]) + ')') + '</span>';
  }
  if (ps.length === 1 && ps[0] === side.keys[k]) return '';
  return '<span class="partner mono" title="' + esc(ps.join('\n')) + '">' + (idx === 0 ? '→ ' : '← ') + esc(ps.length > 2 ? ps[0] + ', … (' + ps.length + ')' : ps.join(', ')) + '</span>';
}
`;
