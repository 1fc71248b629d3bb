import type { Argv } from 'yargs';
import { openKeySource } from '../checkpoint/key-source.js';
import { planCoverage } from '../plan/coverage.js';
import { renderPlanCheck } from '../report/plan-check.js';
import type { Command } from './command.js';
import { EXIT } from './errors.js';
import { manifestKeys, readPlanFile } from './shared.js';

interface PlanCheckArgs {
  plan: string;
  expected: string;
  selectExpected?: string;
  json: boolean;
  all: boolean;
}

export const planCheckCommand: Command<PlanCheckArgs> = {
  builder: (y: Argv) =>
    y
      .positional('plan', { type: 'string', demandOption: true, describe: 'plan.json' })
      .positional('expected', { type: 'string', demandOption: true, describe: 'what the model expects: a manifest, a checkpoint or a key list' })
      .option('select-expected', { type: 'string', describe: 'the state dict inside EXPECTED, when it is a checkpoint' })
      .option('json', { type: 'boolean', default: false, describe: 'print the coverage as JSON (schemas/plan-check.schema.json)' })
      .option('all', { type: 'boolean', default: false, describe: 'list every key of every gap' })
      .example('$0 plan check plan.json model.json', 'exit 0 when every source key is consumed once and every model key written once or declared kept-missing') as unknown as Argv<PlanCheckArgs>,
  run: async (args, io) => {
    const plan = readPlanFile(args.plan);
    const expected = manifestKeys(openKeySource(args.expected), args.selectExpected).entries;
    const c = planCoverage(plan, expected);
    const stdout = args.json ? `${JSON.stringify(c, null, 2)}\n` : renderPlanCheck(io.stdoutStyle, c, { plan: args.plan, expected: args.expected }, { all: args.all });
    return { stdout, code: c.exact ? EXIT.ok : EXIT.differences };
  },
};
