/**
 * `npm run test:fast` (vitest.config.ts's fast mode) sets SDMATCH_TEST_TIER=fast. The helpers that find
 * an outside resource a test needs (real PyTorch in torch.ts, the shared corpus in corpus.ts) then report
 * it absent without looking, so the suites that need one are skipped there; `npm test` runs them.
 */
export const fastTier = process.env.SDMATCH_TEST_TIER === 'fast';

/**
 * How deep the hostile-nesting tests nest (pickles, object trees). A recursive reader overflows Node's
 * default stack at about 14,000 frames, so the fast tier's 100,000 still proves "without recursion"
 * seven times over at a tenth of the cost; the full run keeps the 1,000,000 a hostile file may carry.
 */
export const hostileDepth = fastTier ? 100_000 : 1_000_000;
/** hostileDepth as the test names write it: 1,000,000 in the full run. */
export const hostileDepthName = hostileDepth.toLocaleString('en-US');
