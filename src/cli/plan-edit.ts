import type { Argv } from 'yargs';
import { openPlanSource } from '../apply/apply-source.js';
import { editPlan, hasEdits, type Reselected } from '../plan/edit.js';
import { planSourceKind } from '../plan/types.js';
import { planToJson } from '../plan/schema.js';
import type { Command } from './command.js';
import { EXIT_HELP } from './help-texts.js';
import { EXIT, UsageError } from './errors.js';
import { recordedPaths } from '../plan/plan-paths.js';
import { checkOutPath, editOptions, editsFromArgs, forceOption, planFiles, readPlanFile, writeFileAtomic, type EditArgs } from './shared.js';

interface PlanEditArgs extends EditArgs {
  plan: string;
  out?: string;
  select?: string;
  force?: boolean;
}

export const planEditCommand: Command<PlanEditArgs> = {
  builder: (y: Argv) =>
    forceOption(editOptions(y))
      .positional('plan', { type: 'string', demandOption: true, describe: 'plan.json to edit' })
      .option('out', { alias: 'o', type: 'string', describe: 'write the edited plan here (default: print it)' })
      .option('select', { type: 'string', describe: 'make the plan for another state dict of its source file (read again): e.g. state_dict, (root)' })
      .example('$0 plan edit plan.json --drop "^aux\\\\." --keep-missing "^head\\\\." -o plan.json', 'drop an auxiliary head, let the model initialise its new one; mapping, unmapped and unexpected are recomputed')
      .example('$0 plan edit plan.json -o plan.json', 'no edits: recompute the derived parts after editing the ops by hand')
      .epilogue(EXIT_HELP['plan-edit']) as unknown as Argv<PlanEditArgs>,
  run: async (args) => {
    const plan = readPlanFile(args.plan);
    const edits = editsFromArgs(args);
    if (args.out !== undefined && args.out === '-') throw new UsageError('-o names a file; without -o the plan is printed');
    // writing over the plan being edited is what an edit is (atomic, so never half a plan); the files
    // the plan names are inputs: `-o ckpt.pt` would replace the weights with JSON
    if (args.out !== undefined) checkOutPath(args.out, planFiles(plan, args.plan), '-o', 'the plan', { writes: 'json', force: args.force ?? false });
    let reselected: Reselected | null = null;
    if (args.select !== undefined) {
      if (planSourceKind(plan) !== 'checkpoint') throw new UsageError(`--select picks a state dict inside a checkpoint, but ${args.plan} was made from a ${planSourceKind(plan)}`);
      const src = openPlanSource(plan.source.file, plan.source.select, args.select, plan);
      reselected = { select: src.select, entries: src.entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype })) };
    }
    const edited = editPlan(plan, args.plan, edits, reselected);
    if (args.out === undefined) return { stdout: planToJson(edited), data: true, code: EXIT.ok };
    // the file names start at the written plan's folder (src/plan/plan-paths.ts)
    const text = planToJson(recordedPaths(edited, args.out));
    writeFileAtomic(args.out, text);
    const what = [hasEdits(edits) ? `${edited.ops.length - plan.ops.length} op(s) added` : 'ops unchanged', ...(reselected ? [`state dict ${args.select}`] : [])].join(', ');
    return { stdout: `wrote ${args.out}: ${what}; ${Object.keys(edited.mapping).length} source keys, ${edited.unmapped.length} left missing${edited.keepMissing?.length ? ` (kept missing on purpose: ${edited.keepMissing.join(', ')})` : ''}, ${edited.unexpected?.length ?? 0} unexpected\n`, code: EXIT.ok };
  },
};
