import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { describeFinding, fixtureFiles, runCampaign } from '../../bench/fuzz/campaign.js';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';

/**
 * A campaign over every fixture, through the built CLI (dist/, npm run compile), asserting the
 * contract: no exit 3, no stack trace, at most one error line, no hang, no heap blow-up.
 */
export async function expectCleanCampaign(count: number, seed: number): Promise<void> {
  const cliDir = join(repoRoot, 'dist/cli');
  expect(existsSync(join(cliDir, 'main.js')), 'run npm run compile first').toBe(true);
  const tmp = tempDir('fuzz');
  try {
    const fixtures = fixtureFiles(join(repoRoot, 'fixtures'));
    expect(fixtures.length).toBeGreaterThan(100);
    const r = await runCampaign({ fixtures, count, seed, workers: 2, timeoutMs: 30_000, memoryMb: 512, scratch: tmp.dir, cliDir });
    expect(r.runs).toBeGreaterThanOrEqual(count * 3);
    // every kind of mutation was made, and the readers both accepted and refused mutants
    for (const [kind, n] of Object.entries(r.byKind)) expect(n, kind).toBeGreaterThan(0);
    expect(r.exits['2'] ?? 0).toBeGreaterThan(0);
    expect((r.exits['0'] ?? 0) + (r.exits['1'] ?? 0)).toBeGreaterThan(0);
    expect(r.findings.map(describeFinding)).toEqual([]);
  } finally {
    tmp.cleanup();
  }
}
