import type { Argv } from 'yargs';
import type { KeyEntry } from '../formats/keys.js';
import { invertPlan } from '../plan/invert.js';
import { planToJson } from '../plan/schema.js';
import { openPlanSource } from '../apply/apply-source.js';
import { dangerWarning } from '../report/danger.js';
import { paint } from '../report/style.js';
import { checkpointSafety, type CheckpointSafety } from '../checkpoint/safety.js';
import type { Command } from './command.js';
import { EXIT_HELP } from './help-texts.js';
import { EXIT } from './errors.js';
import { recordedPaths } from '../plan/plan-paths.js';
import { checkOutPath, forceOption, planFiles, readPlanFile, writeFileAtomic } from './shared.js';

/** `plan invert -o FILE --json` (schemas/plan-invert.schema.json). 1: its first form. */
export const PLAN_INVERT_JSON_VERSION = 1;

export interface PlanInvertJson {
  version: typeof PLAN_INVERT_JSON_VERSION;
  /** the inverse plan's file */
  wrote: string;
  /** the inverse's op count, and the plan's it undoes */
  ops: number;
  undoing: number;
  /** what no op can undo (drops): the inverse leaves these keys missing */
  lost: { op: string; keys: string[] }[];
  /** the source checkpoint's safety verdict, when one was given ([] otherwise) */
  checkpointSafety: CheckpointSafety[];
}

interface PlanInvertArgs {
  json?: boolean;
  plan: string;
  source?: string;
  out?: string;
  select?: string;
  force?: boolean;
}

export const planInvertCommand: Command<PlanInvertArgs> = {
  builder: (y: Argv) =>
    forceOption(y)
      .positional('plan', { type: 'string', demandOption: true, describe: 'plan.json to invert' })
      .positional('source', { type: 'string', describe: 'the checkpoint the plan applies to: its shapes are needed to invert reshapes and concats, and give the inverse a key set to check' })
      .option('out', { alias: 'o', type: 'string', describe: 'write the inverse plan here (default: print it)' })
      .option('select', { type: 'string', describe: 'the state dict inside SOURCE, when it is nested elsewhere than in the plan\'s source' })
      .option('json', { type: 'boolean', default: false, describe: 'with -o: print what was written as JSON (schemas/plan-invert.schema.json); without -o the inverse plan itself is printed, JSON either way' })
      .example('$0 plan invert plan.json ckpt.pt -o back.json', 'the plan that turns apply\'s output back into ckpt.pt\'s state dict')
      .epilogue(EXIT_HELP['plan-invert']) as unknown as Argv<PlanInvertArgs>,
  run: async (args, io) => {
    const plan = readPlanFile(args.plan);
    if (args.out !== undefined) checkOutPath(args.out, [args.plan, args.source, ...planFiles(plan, args.plan)], '-o', 'the inverse plan', { writes: 'json', force: args.force ?? false });
    let source: KeyEntry[];
    // a source whose pickle runs code is warned of, as every command reading one does (s17-verify F15)
    let warning: string | null = null;
    const safety: CheckpointSafety[] = [];
    if (args.source !== undefined) {
      const src = openPlanSource(args.source, plan.source.select, args.select, plan);
      source = src.entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype }));
      warning = dangerWarning(args.source, src.checkpoint.safety, src.checkpoint.format);
      safety.push(checkpointSafety(args.source, src.checkpoint.safety));
    } else {
      source = Object.keys(plan.mapping).map((key) => ({ key, shape: null, dtype: null }));
    }
    const { plan: inverse, lost } = invertPlan(plan, source, args.plan);
    const text = planToJson(args.out === undefined ? inverse : recordedPaths(inverse, args.out));
    const lossy = lost.map((l) => `lost (not invertible): ${l.op}: ${l.keys.length} key(s) (${l.keys.slice(0, 3).join(', ')}${l.keys.length > 3 ? ', …' : ''}); the inverse leaves them missing\n`).join('');
    if (args.out === undefined) {
      const stderr = [warning, lossy.trimEnd()].filter(Boolean).join('\n');
      return { stdout: text, data: true, ...(stderr ? { stderr } : {}), code: EXIT.ok };
    }
    writeFileAtomic(args.out, text);
    // --json: what was written, as data (s17-verify: the flag was ignored and the summary printed as words)
    if (args.json) {
      const json: PlanInvertJson = { version: PLAN_INVERT_JSON_VERSION, wrote: args.out, ops: inverse.ops.length, undoing: plan.ops.length, lost: lost.map((l) => ({ op: l.op, keys: [...l.keys] })), checkpointSafety: safety };
      return { stdout: `${JSON.stringify(json, null, 2)}\n`, data: true, ...(warning || lossy ? { stderr: [warning, lossy.trimEnd()].filter(Boolean).join('\n') } : {}), code: EXIT.ok };
    }
    // painted as every report is (--color / --no-color): yellow when something is lost
    const summary = `${paint(io.stdoutStyle, lost.length ? 'yellow' : 'green', `wrote ${args.out}: ${inverse.ops.length} op(s) undoing ${plan.ops.length}${lost.length ? '' : '; nothing is lost'}`)}\n${lossy}`;
    return { stdout: summary, ...(warning ? { stderr: warning } : {}), code: EXIT.ok };
  },
};
