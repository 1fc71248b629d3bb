/**
 * `npm run test:fast` (vitest.config.ts's fast mode) sets SDMATCH_TEST_TIER=fast. The helpers that find
 * an outside resource a test needs (real PyTorch in torch.ts, the shared corpus in corpus.ts) then report
 * it absent without looking, so the suites that need one are skipped there; `npm test` runs them.
 */
export const fastTier = process.env.SDMATCH_TEST_TIER === 'fast';
