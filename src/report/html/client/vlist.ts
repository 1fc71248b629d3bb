/**
 * In the page: a list that renders only the rows in view (plus a margin), so 100,000 keys cost what
 * forty do. Rows have one fixed height; the spacer gives the scrollbar the full length. For print
 * every row is laid out (up to PRINT_ROWS), since paper has no scrolling.
 */
export const VLIST_JS = String.raw`
var ROW_H = 24, OVERSCAN = 12, PRINT_ROWS = 4000;
function VList(el, renderRow) {
  this.el = el; this.renderRow = renderRow; this.rows = []; this.printing = false; this.pending = false;
  this.space = document.createElement('div'); this.space.className = 'vspace';
  el.appendChild(this.space);
  var self = this;
  el.addEventListener('scroll', function () { self.schedule(); });
}
VList.prototype.schedule = function () {
  if (this.pending) return;
  this.pending = true;
  var self = this;
  requestAnimationFrame(function () { self.pending = false; self.render(true); });
};
VList.prototype.setRows = function (rows) { this.rows = rows; this.render(); };
/** Draws the rows in view; scrolling (onlyIfMoved) redraws only when the window of rows changed. */
VList.prototype.render = function (onlyIfMoved) {
  var n = this.rows.length, html = [], first, last;
  if (this.printing) { first = 0; last = Math.min(n, PRINT_ROWS); }
  else {
    this.space.style.height = (n * ROW_H) + 'px';
    var top = this.el.scrollTop, h = this.el.clientHeight || 600;
    first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
    last = Math.min(n, Math.ceil((top + h) / ROW_H) + OVERSCAN);
    if (onlyIfMoved === true && first === this.first && last === this.last) return;
  }
  this.first = first; this.last = last;
  for (var i = first; i < last; i++) html.push(this.renderRow(this.rows[i], i, this.printing ? '' : 'top:' + (i * ROW_H) + 'px'));
  if (this.printing && n > last) html.push('<div class="empty">… ' + (n - last) + ' more rows (the embedded JSON has every key)</div>');
  if (n === 0) html.push(this.emptyText ? '<div class="empty">' + this.emptyText + '</div>' : '');
  this.space.innerHTML = html.join('');
};
/** Scroll so that row i is in view (not centred when it already is). */
VList.prototype.reveal = function (i) {
  var top = i * ROW_H, el = this.el;
  if (top < el.scrollTop) el.scrollTop = top;
  else if (top + ROW_H > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_H - el.clientHeight;
  this.render();
};
VList.prototype.setPrinting = function (on) { this.printing = on; if (on) this.space.style.height = 'auto'; this.render(); };
`;
