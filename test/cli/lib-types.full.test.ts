import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkKeys, checkSources, DEFAULT_POLICY, keyEntries, openCheckpoint, openKeySource } from '../../src/index.js';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * Review 16 F11/F13: the library as a user's project meets it. Its declarations (lib/types) compile in a
 * strict project without @types/node; the names its signatures use are exported (PlanSourceInfo,
 * DEFAULT_POLICY, InferenceSides, …); checkSources does what `sdmatch check` does with the documented
 * default policy, and checkKeys takes the same defaults when given no policy.
 */

const CONSUMER = `
import {
  buildPlan, checkKeys, checkSources, DEFAULT_POLICY, inferenceSides, openKeySource, planSourceInfo, prefetchRemote, resolveSides,
  type CheckPolicy, type CheckResult, type CheckSourcesOptions, type CheckpointSafety, type InferenceSides, type KeyEntry,
  type PlanOutcome, type PlanSourceInfo,
} from 'sdmatch';

const a = openKeySource('a.pt');
const b = openKeySource('b.json');
const policy: CheckPolicy = { ...DEFAULT_POLICY, failOn: 'migratable' };
const options: CheckSourcesOptions = { policy: { minConfidence: 0.9 } };
const checked: CheckResult = checkSources(a, b, options);
const keys: KeyEntry[] = [{ key: 'w', shape: [1], dtype: 'float32' }];
const alone: CheckResult = checkKeys({ baseline: keys, current: keys });
const sides = resolveSides(a, b);
const inference: InferenceSides = inferenceSides(sides.source, sides.expected);
const info: PlanSourceInfo = planSourceInfo(sides.source);
const outcome: PlanOutcome = buildPlan(inference, info, 'b.json');
const safety: CheckpointSafety[] = [];
void prefetchRemote('hf://org/repo', {});
export const used = [policy, checked.verdict, alone.passed, outcome.fixable, safety.length];
`;

describe('the library as a user project compiles and runs it (review 16 F11, F13)', () => {
  const { dir, cleanup } = tempDir('lib-types');
  afterAll(() => cleanup());

  it('lib/types compiles in a strict consumer without @types/node, naming every type its signatures use', () => {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repoRoot, join(dir, 'node_modules', 'sdmatch'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
    // types: [] keeps @types/node out, as in a project that never installed it; skipLibCheck off checks lib/types itself
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, types: [], skipLibCheck: false }, files: ['consumer.ts'] }));
    const r = spawnSync(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', dir], { encoding: 'utf8', timeout: 300_000 });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  }, 300_000);

  it('checkSources gives what sdmatch check gives; checkKeys with no policy takes the defaults', async () => {
    const base = join(repoRoot, 'fixtures/pairs/ddp-vs-plain.reference.pt');
    const cur = join(repoRoot, 'fixtures/pairs/ddp-vs-plain.manifest.json');
    const cli = JSON.parse((await runCli(['check', base, cur, '--json'])).stdout) as { verdict: string; passed: boolean; counts: unknown; policy: Record<string, unknown> };
    const lib = checkSources(openKeySource(base), openKeySource(cur));
    expect({ verdict: lib.verdict, passed: lib.passed, counts: lib.counts }).toEqual({ verdict: cli.verdict, passed: cli.passed, counts: cli.counts });
    expect(lib.policy).toEqual(DEFAULT_POLICY);
    const keys = keyEntries(openCheckpoint(base));
    expect(checkKeys({ baseline: keys, current: keys }).policy).toEqual(DEFAULT_POLICY);
  });
});
