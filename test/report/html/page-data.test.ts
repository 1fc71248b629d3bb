import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlanOp } from '../../../src/plan/types.js';
import { opCoverage } from '../../../src/report/html/op-coverage.js';
import { renderHtmlPage, scriptJson } from '../../../src/report/html/page.js';
import { STATUSES } from '../../../src/report/html/statuses.js';
import { pageData, pageSide, toRuns } from '../../../src/report/html/page-data.js';
import { runCli } from '../../cli/capture-main.js';
import { repoRoot } from '../../helpers/corpus.js';
import { readPageData } from './page-helpers.js';

/**
 * The page generator without a browser: the blob round-trips (keys, shapes, through gzip and base64),
 * nothing in a key can end the script element, each op covers the keys it acts on, every command's page embeds
 * exactly what its --json prints, and --html never writes over an input. The browser tests are
 * page.full.test.ts.
 */

const fx = (p: string) => join(repoRoot, 'fixtures', p);
const tmp = mkdtempSync(join(tmpdir(), 'sdmatch-html-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('page data', () => {
  it('keeps each key once, in order, and shares shapes', () => {
    const entries = [
      { key: 'model.layers.0.attn.q.weight', shape: [8, 8], dtype: null },
      { key: 'model.layers.0.attn.q.bias', shape: [8], dtype: null },
      { key: 'model.layers.0.attn.k.weight', shape: [8, 8], dtype: null },
      { key: 'model.layers.0.attn.k.weight', shape: [8, 8], dtype: null }, // a repeat: the first wins
      { key: '', shape: null, dtype: null },
      { key: 'émbed.😀.weight', shape: [], dtype: null },
      { key: 'émbed.😀.bias', shape: [3], dtype: null },
    ];
    const side = pageSide('source', 'a.pt', 'checkpoint', entries);
    expect(side.keys).toEqual(['model.layers.0.attn.q.weight', 'model.layers.0.attn.q.bias', 'model.layers.0.attn.k.weight', '', 'émbed.😀.weight', 'émbed.😀.bias']);
    expect(side.shapes.map((i) => (i < 0 ? null : side.shapeTable[i]))).toEqual([[8, 8], [8], [8, 8], null, [], [3]]);
    expect(side.shapeTable).toEqual([[8, 8], [8], [], [3]]);
  });

  it('keeps a key that holds </script> (or a lone surrogate) inside the data script', () => {
    const evil = 'a</script><script>alert(1)</script>.\ud800weight';
    const json = { shapeMismatch: [], dtypeMismatch: [], matched: [], missing: [evil], unexpected: [], unknown: [], expected: { kind: 'manifest' } };
    const data = pageData('diff', { tone: 'red', verdict: 'v', lines: [], fix: null }, json, pageSide('source', 's', 'manifest', []), pageSide('expected', 'e', 'manifest', [{ key: evil, shape: [1], dtype: null }]), []);
    const html = renderHtmlPage(data);
    expect(html.match(/<\/script>/g)).toHaveLength(3); // the two data blobs' and the code's, nothing more
    expect(readPageData(html).json).toEqual(json);
    expect(readPageData(html).sides.expected.keys).toEqual([evil]);
    expect(scriptJson('\u2028<!--')).toBe('"\\u2028\\u003c!--"');
  });

  it('gives each key its status from the JSON alone: counterparts, rules, keys the JSON adds or does not name', () => {
    const source = pageSide('source', 's', 'checkpoint', ['module.a.weight', 'module.head.weight', 'module.qkv.weight', 'module.gone'].map((key) => ({ key, shape: [2], dtype: null })));
    const expected = pageSide('expected', 'e', 'model', ['a.weight', 'q.weight', 'k.weight', 'head.weight', 'new.bias'].map((key) => ({ key, shape: [2], dtype: null })));
    const ops: PlanOp[] = [
      { op: 'strip_prefix', prefix: 'module.' },
      { op: 'drop', pattern: '^head\\.', reason: 'another class count' },
      { op: 'split', key: 'qkv.weight', dim: 0, targets: ['q.weight', 'k.weight'], sizes: [1, 1] },
    ];
    const json = {
      plan: { mapping: { 'module.a.weight': 'a.weight', 'module.head.weight': null, 'module.qkv.weight': ['q.weight', 'k.weight'], 'module.extra': 'extra' } },
      sizeMismatches: [],
      after: { unexpected: ['module.extra'], missing: ['head.weight', 'new.bias'], numBatchesTracked: [] },
    };
    const { sides } = pageData('plan', { tone: 'red', verdict: 'v', lines: [], fix: null }, json, source, expected, ops);
    const st = (side: typeof sides.source) => Object.fromEntries(side.keys.map((k, i) => [k, STATUSES[side.status[i]!]!.id]));
    // module.gone: the JSON does not name it; module.extra: the JSON does, the side did not
    expect(st(sides.source)).toEqual({ 'module.a.weight': 'renamed', 'module.head.weight': 'dropped', 'module.qkv.weight': 'renamed', 'module.extra': 'unexpected' });
    expect(st(sides.expected)).toEqual({ 'a.weight': 'renamed', 'q.weight': 'renamed', 'k.weight': 'renamed', 'head.weight': 'missing', 'new.bias': 'missing' });
    const s = sides.source;
    const e = sides.expected;
    expect(e.keys[s.partner[0]!]).toBe('a.weight');
    expect(s.morePartners[2]!.map((i) => e.keys[i])).toEqual(['q.weight', 'k.weight']);
    expect(s.partner[1]).toBe(-1);
    expect(s.ruleSets[s.rules[2]!]).toEqual([0, 2]);
    expect(e.ruleSets[e.rules[1]!]).toEqual([0, 2]);
    expect(s.ruleSets[s.rules[1]!]).toEqual([0, 1]);
    expect(e.rules[3]).toBe(-1);
  });

  it('names the keys each op acts on, as the ops run in order', () => {
    const keys = ['module.a.weight', 'module.b.weight', 'module.head.weight', 'module.qkv.weight', 'x.w1', 'x.w2'];
    const ops: PlanOp[] = [
      { op: 'strip_prefix', prefix: 'module.' },
      { op: 'rename', pattern: '^a\\.', replacement: 'alpha.' },
      { op: 'drop', pattern: '^head\\.', reason: 'another class count' },
      { op: 'split', key: 'qkv.weight', dim: 0, targets: ['q.weight', 'k.weight', 'v.weight'], sizes: [1, 1, 1] },
      { op: 'transpose', pattern: '^[qk]\\.weight$', dims: [1, 0] },
      { op: 'concat', keys: ['x.w1', 'x.w2'], dim: 0, target: 'x.w' },
    ];
    expect(opCoverage(ops, keys)).toEqual([[0, 1, 2, 3], [0], [2], [3], [3], [4, 5]]);
    expect(toRuns([0, 1, 2, 3])).toEqual([0, 4]);
    expect(toRuns([0, 2, 3, 7])).toEqual([0, 1, 2, 4, 7, 8]);
    expect(toRuns([])).toEqual([]);
  });
});

describe('--html on the CLI', () => {
  const CASES: [string, string[], string[]][] = [
    ['diff', ['diff', fx('training/ddp.pt'), fx('pairs/ddp-vs-plain.manifest.json')], ['--json']],
    ['plan', ['plan', fx('remap/encoder-layer.pt'), fx('pairs/renamed-submodule.manifest.json')], ['--json']],
    ['explain', ['explain', fx('pairs/classifier-head.error.txt')], ['--json']],
    ['check', ['check', fx('remap/encoder-layer.pt'), fx('pairs/renamed-submodule.manifest.json')], ['--format', 'json']],
  ];
  for (const [command, argv, json] of CASES) {
    it(`${command}: the page embeds exactly what --json prints, and the same stdout as without --html`, async () => {
      const file = join(tmp, `${command}.html`);
      const plain = await runCli([...argv, ...json]);
      const withPage = await runCli([...argv, ...json, '--html', file]);
      expect(withPage).toEqual(plain);
      const data = readPageData(readFileSync(file, 'utf8'));
      expect(data.command).toBe(command);
      expect(data.json).toEqual(JSON.parse(plain.stdout));
      const html = readFileSync(file, 'utf8');
      // self-contained: nothing that could fetch
      expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b|\bsrc=|@import/i);
      expect(html).not.toMatch(/\burl\(/); // CSS url(); the script's URL.createObjectURL only serves the download button
      expect(html).toContain("default-src 'none'");
    });
  }

  it('refuses to write the page over an input (exit 2, the input untouched)', async () => {
    const input = join(tmp, 'model.json');
    writeFileSync(input, readFileSync(fx('pairs/ddp-vs-plain.manifest.json')));
    const before = readFileSync(input, 'utf8');
    const r = await runCli(['diff', fx('training/ddp.pt'), input, '--html', input]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--html .* would overwrite an input/);
    expect(readFileSync(input, 'utf8')).toBe(before);
  });

  it('check --update creating the baseline has nothing to draw: a usage error, and no baseline written', async () => {
    const lock = join(tmp, 'new.lock.json');
    const r = await runCli(['check', lock, fx('pairs/ddp-vs-plain.manifest.json'), '--update', '--html', join(tmp, 'check.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--html draws a comparison/);
    expect(existsSync(lock)).toBe(false);
  });

  it('a folder that does not exist: one line, exit 2, no page', async () => {
    const file = join(tmp, 'no-such-dir', 'page.html');
    const r = await runCli(['plan', fx('training/ddp.pt'), fx('pairs/ddp-vs-plain.manifest.json'), '--html', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no such folder');
    expect(existsSync(file)).toBe(false);
  });
});
