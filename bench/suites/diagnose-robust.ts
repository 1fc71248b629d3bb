import { explainCase, loadCases } from '../diagnosis/run-cases.js';
import { flipTable, runProbe, tuningOnly } from '../diagnosis/robust.js';
import { info, pct, type Suite, type SuiteResult } from './suite.js';

/**
 * Issue 10's generalisation probe (bench/diagnosis/robust.ts): every tuning case explain gets right, perturbed in
 * ways that keep its answer (another class name, module words renamed, a stack one block shorter, another wrapper
 * word, torch's other size wording, a quote, a fence, CRLF), the label carried over mechanically. Prints the flips
 * per perturbation and each flipped tuning case. Held-out halves are never read here.
 */
export const diagnoseRobustSuite: Suite = {
  name: 'diagnose-robust',
  describe: 'label-preserving perturbations of the tuning texts of bench/diagnosis: which right decisions flip',
  run: async (): Promise<SuiteResult> => {
    const run = await runProbe(tuningOnly(loadCases()), explainCase);
    const rows = flipTable(run);
    const flips = run.results.filter((r) => !r.score.pass);
    const variants = rows.reduce((n, r) => n + r.variants, 0);
    return {
      status: 'ok',
      tables: [
        {
          title: `perturbed tuning texts (${run.right} of ${run.cases} right on the clean text)`,
          head: ['perturbation', 'variants', 'flips', 'flip rate', 'not derived'],
          rows: rows.map((r) => [r.kind, r.variants, r.flips, r.variants ? pct(r.flips / r.variants) : '-', r.underived]),
        },
        { title: 'flipped tuning cases', head: ['perturbation', 'case', 'half', 'why'], rows: flips.map((r) => [r.kind, r.id, r.half, r.score.reasons.join('; ').slice(0, 160)]) },
      ],
      floors: [info('diagnose-robust: flips', flips.length, ''), info('diagnose-robust: flip rate', variants ? flips.length / variants : null, '')],
      data: { cases: run.cases, right: run.right, kinds: rows, flips: flips.map((r) => ({ kind: r.kind, id: r.id, half: r.half, reasons: r.score.reasons })) },
    };
  },
};
