import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { skipHelpCache } from '../../src/cli/parse.js';

// src/cli/parse.ts skipHelpCache: why it exists is said there; this says when a yargs upgrade undoes it
describe('skipHelpCache (a patch of yargs internals)', () => {
  /** Whether yargs holds a rendered help text after running a command's handler. */
  async function cachesHelp(patch: boolean): Promise<boolean> {
    const y = yargs().exitProcess(false).command('go', 'run', () => {}, () => {});
    if (patch) skipHelpCache(y);
    await y.parseAsync(['go']);
    const usage = (y as unknown as { getInternalMethods: () => { getUsageInstance: () => { hasCachedHelpMessage: () => boolean } } })
      .getInternalMethods().getUsageInstance();
    return usage.hasCachedHelpMessage();
  }

  it('yargs still renders the help after a handler (else the patch can go), and the patch stops it', async () => {
    expect(await cachesHelp(false), 'yargs no longer caches the help text: skipHelpCache has nothing to skip, remove it').toBe(true);
    expect(await cachesHelp(true), 'skipHelpCache no longer takes effect (yargs internals changed)').toBe(false);
  });
});
