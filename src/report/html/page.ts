import { gzipSync } from 'node:zlib';
import { MODEL_JS } from './client/model.js';
import { PANE_JS } from './client/pane.js';
import { PAGE_CSS } from './client/style.js';
import { TREE_JS } from './client/tree.js';
import { VIEW_JS } from './client/view.js';
import { VLIST_JS } from './client/vlist.js';
import type { PageData } from './page-data.js';
import { STATUSES } from './statuses.js';
import { safetyPageLines } from '../danger.js';
import type { CheckpointSafety } from '../../checkpoint/safety.js';

/**
 * One self-contained HTML page: inline CSS and script, the data as one JSON blob, nothing fetched
 * (a Content-Security-Policy forbids it, so a page opened from an artifact or an attachment cannot
 * reach the network even by mistake). The page renders itself from the blob when it loads.
 *
 * The blob is gzipped and base64-encoded (embedData): a 100,000-key plan's JSON is 15 MB of text,
 * mostly key names said twice (the mapping), which gzip takes to under a megabyte. Raw, the browser
 * spent 0.5–0.9 s only reading and tokenizing the page and 0.2 s parsing the data before the first line
 * of the page's code ran; compressed, the page is read in a blink and the browser's own
 * DecompressionStream inflates it in tens of milliseconds. An attachment shrinks as much.
 */

/**
 * Data as the page embeds it: JSON text, gzipped, in base64 (which no script parser trips on). The
 * page data goes in two elements: the view (the answer, the keys and their statuses) and the --json
 * object, so the first screen is drawn before the JSON is parsed.
 */
export function embedData(data: unknown): string {
  return gzipSync(JSON.stringify(data)).toString('base64');
}

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
  var t0 = performance.now(), app = null;
  // the JSON (the bigger blob) is inflated and parsed only after the first screen is painted
  inflate('sdmatch-view').then(function (text) {
    var t1 = performance.now();
    TIMINGS.inflate = t1 - t0;
    var D = JSON.parse(text);
    D.json = null;
    TIMINGS.parse = performance.now() - t1;
    window.sdmatch = { data: D, timings: TIMINGS };
    app = window.sdmatch.app = new App(D);
    return frame();
  }).then(function () {
    app.buildKeys();
    TIMINGS.firstScreen = performance.now();
    return frame();
  }).then(function () {
    // the frame after: the answer and the first screen of both trees are painted
    TIMINGS.firstScreenPainted = performance.now();
    return parsed().then(function () { return inflate('sdmatch-json'); });
  }).then(function (text) {
    var t2 = performance.now(), j = JSON.parse(text);
    TIMINGS.inflateJson = t2 - TIMINGS.firstScreenPainted;
    TIMINGS.parseJson = performance.now() - t2;
    app.addJson(j);
    ready();
  }).catch(function (e) {
    document.getElementById('app').insertAdjacentHTML('afterbegin', '<p class="verdict tone-red">this page could not render its data: ' + esc(e && e.message || e) + '</p>');
    ready();
    throw e;
  });
  /** base64 → bytes → gunzip (the browser's own DecompressionStream) → text; nothing is fetched */
  function inflate(id) {
    var t = performance.now(), bin = atob(document.getElementById(id).textContent), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    TIMINGS[id + '-base64'] = performance.now() - t;
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  }
  /** the JSON's element follows this script (the browser starts this code before reading it) */
  function parsed() { return new Promise(function (done) { if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', done); else done(); }); }
  /** resolves once what was drawn has been painted (after the next frame) */
  function frame() { return new Promise(function (done) { requestAnimationFrame(function () { setTimeout(done, 0); }); }); }
  /** the mark the tests wait for: everything drawn, in ms since navigation */
  function ready() { TIMINGS.ready = performance.now(); document.documentElement.setAttribute('data-ready', String(Math.round(TIMINGS.ready))); }
})();
`;

export function renderHtmlPage(data: PageData): string {
  const sides = `${data.sides.source.file} → ${data.sides.expected.file}`;
  // what a reader without scripts sees: the safety lines first (s17-verify: only the verdict was there), then the verdict
  const safety = safetyPageLines((data.json as { checkpointSafety?: CheckpointSafety[] } | null)?.checkpointSafety ?? []);
  const staticText = [...safety, data.answer.verdict].map((l) => `<p>${escapeHtml(l)}</p>`).join('');
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
<main id="app">${staticText}<noscript>This report draws its trees with JavaScript; its data is in the page's sdmatch-view and sdmatch-json script elements (JSON, gzipped, in base64).</noscript></main>
<script type="application/gzip" id="sdmatch-view">${embedData({ ...data, json: null })}</script>
<script>${CLIENT_JS}</script>
<script type="application/gzip" id="sdmatch-json">${embedData(data.json)}</script>
</body>
</html>
`;
}
