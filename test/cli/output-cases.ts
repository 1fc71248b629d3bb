import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * Issues 13 and 18: every command takes --json (its output valid against its schema in schemas/),
 * -q/--quiet (no report, the same exit code; data asked for stays) and --color/--no-color, which decide
 * over NO_COLOR and FORCE_COLOR, the same way everywhere. Real runs on shipped fixtures: the cases
 * output-options.test.ts runs in-process, and output-options-env.full.test.ts through bin/sdmatch.js.
 */
export const ESC = '\u001b[';
const fixture = (p: string) => join(repoRoot, 'fixtures', p);
export const SOURCE = fixture('training/ddp.pt');
export const MODEL = fixture('pairs/ddp-vs-plain.manifest.json');
const ERROR = fixture('pairs/ddp-vs-plain.error.txt');

export const tmp = tempDir('output-options');
let n = 0;
/** a fresh output path per run, so runs never see each other's files */
export const out = (ext: string) => join(tmp.dir, `out-${n++}${ext}`);

export interface Case {
  name: string;
  args: () => string[];
  /** the schema --json output follows */
  schema: string;
}

export const CASES: Case[] = [
  { name: 'inspect', args: () => ['inspect', SOURCE], schema: 'inspect.schema.json' },
  { name: 'diff', args: () => ['diff', SOURCE, MODEL], schema: 'diff.schema.json' },
  { name: 'manifest -o', args: () => ['manifest', SOURCE, '-o', out('.json')], schema: 'manifest-written.schema.json' },
  { name: 'plan', args: () => ['plan', SOURCE, MODEL], schema: 'explain.schema.json' },
  { name: 'explain', args: () => ['explain', ERROR], schema: 'explain.schema.json' },
  { name: 'apply', args: () => ['apply', SOURCE, join(tmp.dir, 'plan.json'), '-o', out('.pt')], schema: 'apply.schema.json' },
  { name: 'apply --dry-run', args: () => ['apply', SOURCE, join(tmp.dir, 'plan.json'), '--dry-run'], schema: 'apply.schema.json' },
  { name: 'check', args: () => ['check', join(tmp.dir, 'lock.json'), MODEL], schema: 'check.schema.json' },
  { name: 'plan check', args: () => ['plan', 'check', join(tmp.dir, 'plan.json'), MODEL], schema: 'plan-check.schema.json' },
  { name: 'plan check (gaps)', args: () => ['plan', 'check', join(tmp.dir, 'plan.json'), SOURCE], schema: 'plan-check.schema.json' },
  // s17-verify: --json was ignored here (the summary printed as words)
  { name: 'plan invert -o', args: () => ['plan', 'invert', join(tmp.dir, 'plan.json'), SOURCE, '-o', out('.json')], schema: 'plan-invert.schema.json' },
];

/** Registers, in the calling test file, the runs that make the plan and the lock the cases read, and the cleanup. */
export function prepareCases(): void {
  beforeAll(async () => {
    expect((await runCli(['plan', SOURCE, MODEL, '-o', join(tmp.dir, 'plan.json')])).code).toBe(0);
    // the lock holds the checkpoint's keys: the model's differ by the DataParallel prefix (migratable)
    expect((await runCli(['manifest', SOURCE, '-o', join(tmp.dir, 'lock.json')])).code).toBe(0);
  });
  afterAll(() => tmp.cleanup());
}

