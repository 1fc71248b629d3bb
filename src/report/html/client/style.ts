import { STATUSES } from '../statuses.js';

/**
 * The page's CSS: system fonts only (nothing fetched), light and dark from prefers-color-scheme,
 * and a print layout (no controls, lists laid out in full). Status colours come from the status table.
 */
const statusVars = (theme: 'light' | 'dark') => STATUSES.map((s) => `--st-${s.id}: ${s[theme]};`).join(' ');
const statusRules = STATUSES.map((s) => `.st-${s.id} { --st: var(--st-${s.id}); }`).join('\n');

export const PAGE_CSS = `
:root { color-scheme: light dark; ${statusVars('light')}
  --bg: #ffffff; --fg: #1a202c; --muted: #5a6475; --line: #e2e8f0; --panel: #f7f9fc; --hover: #edf2f7;
  --sel: #dbeafe; --hl: #fef3c7; --hl-line: #d97706; --code: #f1f5f9; --green: #2f855a; --yellow: #b7791f; --red: #c53030; }
@media (prefers-color-scheme: dark) {
  :root { ${statusVars('dark')}
    --bg: #0f141b; --fg: #e2e8f0; --muted: #94a3b8; --line: #263041; --panel: #161d27; --hover: #1e2734;
    --sel: #1e3a5f; --hl: #3d3114; --hl-line: #f6ad55; --code: #1b2330; --green: #68d391; --yellow: #f6e05e; --red: #fc8181; }
}
${statusRules}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
code, .mono, .key, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
main { max-width: 1500px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 18px; margin: 0 0 2px; font-weight: 600; }
h2 { font-size: 15px; margin: 28px 0 10px; font-weight: 600; }
.sub { color: var(--muted); }
.sides { display: flex; gap: 8px 28px; flex-wrap: wrap; margin: 4px 0 16px; color: var(--muted); }
.sides b { color: var(--fg); font-weight: 600; }
.answer { border: 1px solid var(--line); border-left: 6px solid var(--tone); border-radius: 8px; padding: 14px 18px; background: var(--panel); }
.tone-green { --tone: var(--green); } .tone-yellow { --tone: var(--yellow); } .tone-red { --tone: var(--red); }
.verdict { font-size: 17px; font-weight: 600; color: var(--tone); margin: 0 0 6px; }
.answer ul { margin: 6px 0 0; padding-left: 20px; }
.answer li { margin: 3px 0; }
.fix { margin-top: 12px; }
.fix-head { display: flex; align-items: center; gap: 10px; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
pre.code { background: var(--code); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 6px 0 0; overflow: auto; white-space: pre; max-height: 18em; }
button, input, select { font: inherit; color: inherit; }
button { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 2px 10px; cursor: pointer; }
button:hover { background: var(--hover); }
:focus-visible { outline: 2px solid #3b82f6; outline-offset: 1px; }
.notes { margin: 10px 0 0; color: var(--muted); padding-left: 20px; }
.toolbar { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: center; margin: 0 0 10px; }
.toolbar input[type=search] { width: min(460px, 100%); padding: 5px 10px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); }
.filter-note { color: var(--muted); }
table.counts { border-collapse: collapse; margin: 0 0 12px; }
table.counts th, table.counts td { padding: 3px 12px 3px 8px; border-bottom: 1px solid var(--line); text-align: right; font-variant-numeric: tabular-nums; }
table.counts th:first-child, table.counts td:first-child { text-align: left; }
table.counts thead th { color: var(--muted); font-weight: 500; font-size: 12px; }
.chip { display: inline-flex; align-items: center; gap: 6px; border: 1px solid var(--line); border-radius: 999px; padding: 1px 10px 1px 8px; background: var(--bg); cursor: pointer; white-space: nowrap; }
.chip[aria-pressed=true] { background: var(--sel); border-color: var(--st); }
.dot { width: 10px; height: 10px; border-radius: 50%; background: var(--st); display: inline-block; flex: none; }
.panes { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.pane { border: 1px solid var(--line); border-radius: 8px; overflow: hidden; min-width: 0; background: var(--bg); }
.pane-head { padding: 7px 12px; border-bottom: 1px solid var(--line); background: var(--panel); display: flex; justify-content: space-between; gap: 10px; }
.pane-head .file { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; }
.pane-head .sub { white-space: nowrap; flex: none; }
.vlist { position: relative; height: 320px; overflow: auto; outline: none; }
.vlist:focus-visible { box-shadow: inset 0 0 0 2px #3b82f6; outline: none; }
.vspace { position: relative; }
.row { position: absolute; left: 0; right: 0; height: 24px; display: flex; align-items: center; gap: 8px; padding-right: 10px; white-space: nowrap; cursor: default; border-left: 3px solid var(--st, transparent); }
.row:hover { background: var(--hover); }
.vlist:focus .row.sel { background: var(--sel); box-shadow: inset 0 0 0 1px #3b82f6; }
.row.hl { background: var(--hl); box-shadow: inset 3px 0 0 var(--hl-line); }
.row .tw { width: 16px; flex: none; text-align: center; color: var(--muted); cursor: pointer; user-select: none; }
.row { overflow: hidden; }
.row .name { overflow: hidden; text-overflow: ellipsis; min-width: 40px; }
.row .name:not(.node-name) { flex: none; max-width: 60%; }
.row .node-name { font-weight: 600; }
.row .run { color: var(--muted); font-weight: 400; }
.row .meta { color: var(--muted); font-size: 12px; margin-left: auto; flex: none; font-variant-numeric: tabular-nums; }
.row .shape { color: var(--muted); flex: none; }
.row .tag { font-size: 11.5px; border-radius: 4px; padding: 0 6px; color: var(--st); border: 1px solid var(--st); flex: none; }
.row .rule { font-size: 11.5px; border-radius: 4px; padding: 0 6px; background: var(--st-renamed); color: var(--bg); flex: none; cursor: pointer; }
.row .partner { color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; flex: 1 1 0; }
.row .hlcount { font-size: 11.5px; color: var(--hl-line); flex: none; }
.bar { display: inline-flex; width: 90px; height: 8px; border-radius: 4px; overflow: hidden; background: var(--line); flex: none; }
.bar span { height: 100%; background: var(--st); }
.empty { padding: 14px; color: var(--muted); }
table.ops { border-collapse: collapse; width: 100%; }
table.ops th, table.ops td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.ops th { color: var(--muted); font-weight: 500; font-size: 12px; }
table.ops td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.ops tr.op:hover, table.ops tr.op:focus-within, table.ops tr.op.hl { background: var(--hl); }
table.ops tr.op { outline: none; }
table.ops tr.op:focus-visible { box-shadow: inset 0 0 0 2px #3b82f6; }
a.keys-link { color: inherit; text-decoration: underline dotted; cursor: pointer; }
.conf { display: inline-block; min-width: 3.2em; }
.amb-table td { word-break: break-all; }
.legend { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 4px 20px; color: var(--muted); font-size: 12.5px; margin: 8px 0 0; }
.legend div { display: flex; gap: 8px; align-items: baseline; }
.status-line { color: var(--muted); font-size: 12.5px; min-height: 1.4em; margin: 6px 0 0; }
footer { margin-top: 32px; color: var(--muted); font-size: 12.5px; }
.kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 5px; font-size: 11.5px; }
.print-only { display: none; }
@media (max-width: 900px) { .panes { grid-template-columns: 1fr; } }
@media print {
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  .no-print, .toolbar, .tw { display: none !important; }
  .print-only { display: block; }
  .vlist { height: auto !important; overflow: visible; }
  .vspace { height: auto !important; }
  .row { position: static; height: auto; min-height: 18px; break-inside: avoid; }
  .panes { grid-template-columns: 1fr 1fr; }
  .pane, .answer { break-inside: auto; }
  table.ops tr { break-inside: avoid; }
  .answer { background: none; }
  pre.code { max-height: none; overflow: visible; white-space: pre-wrap; }
}
`;
