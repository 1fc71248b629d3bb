import { describe, it } from 'vitest';
import { expectCleanCampaign } from './campaign.js';

// a few mutants of each kind (the longer campaign is fuzz.full.test.ts, the long one npm run bench)
describe('mutation fuzzing (short campaign)', () => {
  it('150 seeded mutants of the fixtures: no exit 3, no trace, no hang, no blow-up', async () => {
    await expectCleanCampaign(150, 7);
  });
});
