import type { PlanOutcome } from './build.js';

/**
 * A source that is one of several files a state dict was saved in, one per rank (checkpoint/rank-files.ts):
 * the finding names the others and how to read them as one. It leads, unless the rank-shard finding
 * (analysis/rank-shard.ts) does: then it follows it. Only when the plan leaves model keys without a source
 * or reads the file as one rank's pieces.
 */
export function withRankFiles(outcome: PlanOutcome, file: string, siblings: readonly string[]): PlanOutcome {
  const shard = outcome.causes.findIndex((c) => c.code === 'rank_shard');
  if (siblings.length === 0 || (outcome.missing.length === 0 && shard < 0)) return outcome;
  const others = siblings.slice(0, 3).map((f) => `\`${f}\``).join(', ') + (siblings.length > 3 ? ', …' : '');
  const n = outcome.missing.length;
  const message = shard >= 0
    ? `the other ranks' files are beside \`${file}\`: ${others}; join each tensor's pieces from all ${siblings.length + 1} files (torch.cat in rank order), save the result with torch.save and plan that file`
    : `\`${file}\` looks like one of ${siblings.length + 1} files a state dict was saved in, one per rank (${others} beside it): the ${n} model key${n === 1 ? '' : 's'} this file lacks may be in the others, and sdmatch reads one file: merge them first (in Python, \`sd = {}\` then \`sd.update(torch.load(f))\` for each file), save the result with torch.save and plan that file`;
  const cause = { code: 'rank_files', message };
  const causes = shard >= 0 ? [...outcome.causes.slice(0, shard + 1), cause, ...outcome.causes.slice(shard + 1)] : [cause, ...outcome.causes];
  return { ...outcome, causes };
}
