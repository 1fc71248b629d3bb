import { MODEL_JS } from './client/model.js';
import { PANE_JS } from './client/pane.js';
import { PAGE_CSS } from './client/style.js';
import { TREE_JS } from './client/tree.js';
import { VIEW_JS } from './client/view.js';
import { VLIST_JS } from './client/vlist.js';
import type { PageData } from './page-data.js';
import { STATUSES } from './statuses.js';

/**
 * One self-contained HTML page: inline CSS and script, the data as one JSON blob, nothing fetched
 * (a Content-Security-Policy forbids it, so a page opened from an artifact or an attachment cannot
 * reach the network even by mistake). The page renders itself from the blob when it loads.
 */

/** JSON that is safe inside <script>: no `</script>`, no `<!--`, no line separators a parser trips on. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; connect-src 'none'";

const CLIENT_JS = `'use strict';
var STATUSES = ${scriptJson(STATUSES)};
/** milliseconds per phase of the first render, for the tests to report */
var TIMINGS = {};
function timed(name, f) { var t = performance.now(), v = f(); TIMINGS[name] = (TIMINGS[name] || 0) + performance.now() - t; return v; }
${VLIST_JS}
${MODEL_JS}
${TREE_JS}
${PANE_JS}
${VIEW_JS}
(function () {
  try {
    var t0 = performance.now();
    var D = JSON.parse(document.getElementById('sdmatch-data').textContent);
    TIMINGS.parse = performance.now() - t0;
    window.sdmatch = { data: D, timings: TIMINGS };
    window.sdmatch.app = new App(D, ready);
  } catch (e) {
    document.getElementById('app').innerHTML = '<p class="verdict tone-red">this page could not render its data: ' + esc(e && e.message || e) + '</p>';
    ready();
    throw e;
  }
  /** the mark the tests wait for: everything drawn, in ms since navigation */
  function ready() { TIMINGS.ready = performance.now(); document.documentElement.setAttribute('data-ready', String(Math.round(TIMINGS.ready))); }
})();
`;

export function renderHtmlPage(data: PageData): string {
  const sides = `${data.sides.source.file} → ${data.sides.expected.file}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="sdmatch">
<title>sdmatch ${data.command}: ${escapeHtml(sides)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<main id="app"><p>${escapeHtml(data.answer.verdict)}</p><noscript>This report draws its trees with JavaScript; the data is in the page's sdmatch-data script element.</noscript></main>
<script type="application/json" id="sdmatch-data">${scriptJson(data)}</script>
<script>${CLIENT_JS}</script>
</body>
</html>
`;
}
