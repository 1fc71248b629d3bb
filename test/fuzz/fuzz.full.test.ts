import { describe, it } from 'vitest';
import { expectCleanCampaign } from './campaign.js';

describe('mutation fuzzing', () => {
  it('2,000 seeded mutants of every fixture: no exit 3, no trace, no hang, no blow-up', async () => {
    await expectCleanCampaign(2000, 1);
  });
});
