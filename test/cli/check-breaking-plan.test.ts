import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { parseManifest, writeManifest } from '../../src/formats/manifest.js';
import type { CheckJson } from '../../src/report/check-json.js';
import { readPageData } from '../report/html/page-helpers.js';
import { tempDir } from '../helpers/torch.js';

/**
 * Review 22 F16: a breaking check (a head of another class count) wrote a "migration plan" — `--plan-out`, the
 * Action's artifact, the HTML page's "Plan: 1 op, drop …" — while the text and the annotations said no plan
 * fixes it; applied to an old checkpoint, it dropped the trained head. One decision for every format: a
 * breaking change gets no plan (analysis/check.ts migrationOps), and every format that was asked for one says so.
 */

const BASE = 'fixtures/pairs/classifier-head.manifest.json';
// the same network with a 10-class head: breaking
const BREAKING = 'fixtures/remap/classifier-10.pt';

let dir = '';
let cleanup = () => {};
let prefixed = '';
beforeAll(() => {
  ({ dir, cleanup } = tempDir('check-breaking-plan'));
  // the same keys under a `net.` prefix: migratable, a plan of one op
  prefixed = join(dir, 'prefixed.json');
  writeFileSync(prefixed, writeManifest(parseManifest(readFileSync(BASE, 'utf8'), BASE).map((e) => ({ ...e, key: `net.${e.key}` }))));
});
afterAll(() => cleanup());

const run = (argv: string[]) => runCli(argv, memoryIO());

describe('check --plan-out on a breaking change writes no plan, and every format says so (review 22 F16)', () => {
  it('text, markdown, github: no file, one line naming the path and why', async () => {
    for (const [format, lead] of [['text', ''], ['markdown', ''], ['github', 'sdmatch check: ']] as const) {
      const plan = join(dir, `${format}.json`);
      const r = await run(['check', BASE, BREAKING, '--format', format, '--plan-out', plan]);
      expect(r.code).toBe(1);
      expect(existsSync(plan)).toBe(false);
      expect(r.stdout).toContain(`${lead}no plan written to ${plan}: the change is breaking, and no plan makes old checkpoints load into the new model (sdmatch plan OLD`);
      expect(r.stdout).not.toContain('wrote');
    }
  });

  it('json and junit: no plan file, no ops; the HTML page shows no plan either', async () => {
    const plan = join(dir, 'json.json');
    const html = join(dir, 'page.html');
    const r = await run(['check', BASE, BREAKING, '--json', '--plan-out', plan, '--html', html]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as CheckJson;
    expect(json.verdict).toBe('breaking');
    expect(json.plan).toEqual({ file: null, ops: [] });
    expect(existsSync(plan)).toBe(false);
    const page = readPageData(readFileSync(html, 'utf8'));
    expect((page.json as CheckJson).plan.ops).toEqual([]);
    expect(page.opText).toEqual([]);
    const junit = await run(['check', BASE, BREAKING, '--format', 'junit', '--plan-out', plan]);
    expect(junit.code).toBe(1);
    expect(existsSync(plan)).toBe(false);
  });

  it('a migratable change still writes its plan, and the formats name it', async () => {
    const plan = join(dir, 'migrate.json');
    const r = await run(['check', BASE, prefixed, '--plan-out', plan]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^sdmatch check: migratable/);
    expect(r.stdout).toContain(`plan: wrote ${plan} (1 op)`);
    expect(JSON.parse(readFileSync(plan, 'utf8')).ops.map((o: { op: string }) => o.op)).toEqual(['add_prefix']);
    const json = JSON.parse((await run(['check', BASE, prefixed, '--json'])).stdout) as CheckJson;
    expect(json.plan.ops.map((o) => o.op)).toEqual(['add_prefix']);
  });
});
