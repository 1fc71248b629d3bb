import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLES, buildBundle, commandNamesJson, type BundleName } from '../../scripts/build.mjs';
import { COMMANDS, commandName } from '../../src/cli/commands.js';
import { repoRoot } from '../helpers/corpus.js';

/**
 * lib/ is committed so that `npm install -g git+URL` needs no build (scripts/build.mjs says why); it must
 * be what src/ makes now. A change to src/ without `npm run bundle` fails here, naming the file.
 */
describe('lib/ holds the bundles of the current sources', () => {
  for (const name of Object.keys(BUNDLES) as BundleName[]) {
    it(`${name} is what npm run bundle makes of src/`, async () => {
      const fresh = Buffer.from(await buildBundle(name));
      const committed = readFileSync(join(repoRoot, name));
      // a difference is not printed whole (a megabyte): the first differing line says where
      if (!fresh.equals(committed)) {
        const a = committed.toString('utf8').split('\n');
        const b = fresh.toString('utf8').split('\n');
        const at = a.findIndex((line, i) => line !== b[i]);
        expect.fail(`${name} is stale (run npm run bundle and commit lib/): line ${at + 1} is ${JSON.stringify(a[at]?.slice(0, 120))}, the sources make ${JSON.stringify(b[at]?.slice(0, 120))}`);
      }
    }, 60_000);
  }

  // bin/load-cli.js keys its code cache on these names before the bundle is compiled
  it('lib/commands.json names the commands of src/cli/commands.ts', () => {
    expect(readFileSync(join(repoRoot, 'lib/commands.json'), 'utf8')).toBe(commandNamesJson(COMMANDS, commandName));
  });
});
