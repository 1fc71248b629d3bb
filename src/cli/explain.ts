import type { Argv } from 'yargs';
import { formatExplainJson, renderExplain } from '../report/explain.js';
import type { Command } from './command.js';
import { EXIT } from './errors.js';
import { planPageData } from '../report/html/data-plan.js';
import { renderHtmlPage } from '../report/html/page.js';
import { checkConfidence, checkOutPath, forceOption, writeFileAtomic } from './shared.js';
import { runPlan } from './run-plan.js';
import { EXIT_HELP, epilogue } from './help-texts.js';

export interface ExplainArgs {
  first: string;
  second?: string;
  select?: string;
  json: boolean;
  minConfidence?: number;
  all: boolean;
  html?: string;
  force?: boolean;
}

/**
 * `sdmatch explain ERROR.txt` or `sdmatch explain CHECKPOINT ERROR.txt`: the error's unexpected keys
 * are the checkpoint's side and its missing keys the model's (with a checkpoint, its whole state dict
 * and shapes are the checkpoint's side). Exit 0 when the fix found makes the checkpoint load, 1 when
 * keys stay wrong or no key transform explains the error, 2 on bad input.
 * explain writes no plan, so it does not hash the checkpoint: its plan's sha256 is empty
 * (`sdmatch plan CHECKPOINT ERROR.txt -o plan.json` writes one `apply` can check).
 */
export const explainCommand: Command<ExplainArgs> = {
  builder: (y: Argv) =>
    forceOption(y)
      .positional('first', { type: 'string', demandOption: true, describe: 'the error text (- for stdin), or the checkpoint when the error text follows' })
      .positional('second', { type: 'string', describe: 'the error text, when the checkpoint comes first (its shapes sharpen the inference)' })
      .option('select', { type: 'string', describe: 'the state dict inside the checkpoint (e.g. trainer/var_wo_ddp, (root))' })
      .option('json', { type: 'boolean', default: false, describe: '{summary, fixable, causes, plan, …} (schemas/explain.schema.json)' })
      .option('min-confidence', { type: 'number', describe: 'act only on correspondences at least this sure (0..1)' })
      .option('all', { type: 'boolean', default: false, describe: 'list every key left missing or unexpected' })
      .option('html', { type: 'string', describe: 'also write the explanation as one self-contained HTML page to this file' })
      .example('$0 explain error.txt', 'why the pasted error happened, and the one-line fix')
      .example('pbpaste | $0 explain -', 'the same from the clipboard')
      .example('$0 explain ckpt.pt error.txt', 'the same, with the checkpoint\'s shapes')
      .epilogue(epilogue(EXIT_HELP.explain)) as unknown as Argv<ExplainArgs>,
  run: async (args, io) => {
    const minConfidence = checkConfidence(args.minConfidence);
    if (args.html !== undefined) checkOutPath(args.html, [args.first, args.second], '--html', 'the page', { writes: 'html', force: args.force ?? false });
    const { outcome, error, warnings, sides } = await runPlan(args.first, args.second, io, {
      ...(args.select !== undefined ? { select: args.select } : {}),
      minConfidence,
      hash: false,
      requireErrorAt: args.second === undefined ? 'source' : 'expected',
    });
    // runPlan has checked that the named input is an error text
    if (!error) throw new Error('explain: no error text after runPlan checked for one');
    const facts = { kind: error.report.kind, model: error.report.modelName, truncated: error.report.truncated };
    const stdout = args.json ? formatExplainJson(outcome, facts) : renderExplain(outcome, io.stdoutStyle, { all: args.all, truncated: facts.truncated });
    if (args.html !== undefined) writeFileAtomic(args.html, renderHtmlPage(planPageData('explain', outcome, sides, facts)));
    return { stdout, ...(warnings ? { stderr: warnings } : {}), code: outcome.complete ? EXIT.ok : EXIT.differences };
  },
};
