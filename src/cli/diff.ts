import { carriedWords } from '../report/command-line.js';
import type { Argv } from 'yargs';
import { dangerWarnings, sourceSafety } from '../report/danger.js';
import { resolveSides } from '../analysis/sides.js';
import { buildDiffReport, strictLoadFails, TWO_ERROR_TEXTS } from '../analysis/diff-model.js';
import { diffJsonChunks } from '../report/diff-json.js';
import { renderDiff } from '../report/diff.js';
import { diffPageData } from '../report/html/data-diff.js';
import { renderHtmlPage } from '../report/html/page.js';
import type { Command } from './command.js';
import { EXIT, UsageError } from './errors.js';
import { boundHeapGrowth } from './heap-growth.js';
import { checkOutPath, checkSelectApplies, forceOption, openBothSides, writeFileAtomic } from './shared.js';
import { EXIT_HELP, epilogue } from './help-texts.js';

export interface DiffArgs {
  source: string;
  expected: string;
  select?: string;
  selectExpected?: string;
  json: boolean;
  all: boolean;
  group: boolean;
  html?: string;
  force?: boolean;
}

export const diffCommand: Command<DiffArgs> = {
  builder: (y: Argv) =>
    forceOption(y)
      .positional('source', { type: 'string', demandOption: true, describe: 'the checkpoint: any checkpoint, manifest, key list, error text, or - for stdin' })
      .positional('expected', { type: 'string', demandOption: true, describe: "what the model expects: a manifest, a checkpoint, a key list, or a load_state_dict error text" })
      .option('select', { type: 'string', describe: 'the state dict inside SOURCE to compare (e.g. trainer/var_wo_ddp, (root))' })
      .option('select-expected', { type: 'string', describe: 'the state dict inside EXPECTED, when it is a checkpoint' })
      .option('json', { type: 'boolean', default: false, describe: 'one JSON object (schemas/diff.schema.json)' })
      .option('all', { type: 'boolean', default: false, describe: 'list every key instead of the first 40 lines per list' })
      .option('group', { type: 'boolean', default: true, describe: 'collapse numeric runs and sibling keys (--no-group lists keys one a line)' })
      .option('html', { type: 'string', describe: 'also write the diff as one self-contained HTML page (both module trees, search) to this file' })
      .example('$0 diff ckpt.pt model.json', 'explain why ckpt.pt does not load into the model model.json describes')
      .example('$0 diff ckpt.pt error.txt', 'read a pasted load_state_dict error against the checkpoint')
      .epilogue(epilogue(EXIT_HELP.diff)) as unknown as Argv<DiffArgs>,
  run: async (args, io) => {
    if (args.html !== undefined) checkOutPath(args.html, [args.source, args.expected], '--html', 'the page', { writes: 'html', force: args.force ?? false });
    const [source, expected] = await openBothSides(args.source, args.expected, io);
    if (source.kind === 'error-text' && expected.kind === 'error-text') throw new UsageError(TWO_ERROR_TEXTS);
    if (args.select !== undefined) checkSelectApplies('--select', source);
    if (args.selectExpected !== undefined) checkSelectApplies('--select-expected', expected);
    const sides = resolveSides(source, expected, {
      ...(args.select !== undefined ? { select: args.select } : {}),
      ...(args.selectExpected !== undefined ? { selectExpected: args.selectExpected } : {}),
    });
    boundHeapGrowth(sides.source.entries.length + sides.expected.entries.length);
    const report = buildDiffReport(sides.source, sides.expected);
    const remake = carriedWords({ ...(args.select !== undefined ? { select: args.select } : {}), ...(args.selectExpected !== undefined ? { selectExpected: args.selectExpected } : {}) }, 'plan');
    const stream = args.json ? diffJsonChunks(report, remake) : null;
    const stdout = stream ? '' : renderDiff(report, io.stdoutStyle, { all: args.all, group: args.group, remake });
    const warnings = dangerWarnings([source, expected].map(sourceSafety));
    if (args.html !== undefined) writeFileAtomic(args.html, renderHtmlPage(diffPageData(report, sides.source, sides.expected, remake)));
    return { stdout, ...(stream ? { stream } : {}), ...(warnings ? { stderr: warnings } : {}), code: strictLoadFails(report) ? EXIT.differences : EXIT.ok };
  },
};
