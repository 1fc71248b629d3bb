import type { Argv } from 'yargs';
import { planStateDict } from '../apply/apply-source.js';
import type { OpenedCheckpoint } from '../checkpoint/open.js';
import { openKeySource, type KeySource } from '../checkpoint/key-source.js';
import { UnloadableFile } from '../checkpoint/unloadable.js';
import { checkpointSafetyOf } from '../checkpoint/safety.js';
import { dangerWarnings, sourceSafety } from '../report/danger.js';
import { FormatError } from '../formats/errors.js';
import { dictVersions } from '../analysis/module-versions.js';
import { planCoverage, type SourceShapes } from '../plan/coverage.js';
import { sourceStorageGroups, storageGroups } from '../checkpoint/side-facts.js';
import { valueGroups } from '../checkpoint/equal-values.js';
import { tieSources } from '../plan/tied-writes.js';
import { fileNamedByPlan } from '../plan/plan-paths.js';
import { planSourceKind, type Plan } from '../plan/types.js';
import { renderPlanCheck } from '../report/plan-check.js';
import type { Command } from './command.js';
import { EXIT_HELP } from './help-texts.js';
import { EXIT } from './errors.js';
import { manifestKeys, readPlanFile } from './shared.js';

/** The model's ties (in), and what the plan's source shows of the tensors written into them (out). */
interface SourceTies {
  target: string[][] | null;
  groups: string[][] | null;
  values: string[][] | null;
}

interface PlanCheckArgs {
  plan: string;
  expected: string;
  source?: string;
  selectExpected?: string;
  json: boolean;
  all: boolean;
}

/**
 * The source's shapes, which the plan does not record: from `--source`, else from the file the plan was
 * made from (as named, or beside the plan file) when it is there. A `--source` that cannot be read is an
 * error (exit 2); the plan's own source that is gone or unreadable only leaves the shapes unchecked.
 */
function sourceShapes(plan: Plan, planFile: string, given: string | undefined, read: KeySource[], storages: SourceTies): SourceShapes {
  const kind = planSourceKind(plan);
  if (given === undefined && (kind === 'key-list' || kind === 'error-text')) return { why: `the plan was made from ${kind === 'key-list' ? 'a key list' : 'an error text'}, which gives no shapes (give --source CHECKPOINT)` };
  const file = given ?? fileNamedByPlan(plan.source.file, planFile);
  if (file === null) return { why: `the plan's source ${plan.source.file} is not a file here (give --source CHECKPOINT)` };
  try {
    const src = openKeySource(file);
    read.push(src);
    if (src.kind === 'error-text') return { why: `${file} is an error text, which gives no shapes` };
    if (src.kind !== 'checkpoint') return { file, entries: src.entries };
    // openKeySource opened it as openCheckpoint does (its type says Checkpoint; shared.ts manifestKeys reads .error alike)
    const opened = planStateDict(src.checkpoint as OpenedCheckpoint, file, plan.source.select, undefined, plan);
    // the keys one storage holds (a source tied as the model is writes its tie from one tensor)
    storages.groups = sourceStorageGroups(src.checkpoint, opened.select);
    // and the bytes of the tensors it writes into one of the model's ties, as plan compares them (review 25 F7)
    storages.values = valueGroups(src.checkpoint, opened.select, tieSources(plan.mapping, storages.target));
    // its `_metadata` says whether BatchNorm fills in a counter the plan leaves unwritten (module-versions.ts)
    return { file, entries: opened.entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype })), versions: dictVersions(opened.dict) };
  } catch (e) {
    // a plan source that is there but broken is refused as every reader refuses it, not left unchecked
    if (given !== undefined || !(e instanceof FormatError) || e instanceof UnloadableFile) throw e;
    return { why: `the plan's source ${file} cannot be read (${e.message})` };
  }
}

export const planCheckCommand: Command<PlanCheckArgs> = {
  builder: (y: Argv) =>
    y
      .positional('plan', { type: 'string', demandOption: true, describe: 'plan.json' })
      .positional('expected', { type: 'string', demandOption: true, describe: 'what the model expects: a manifest, a checkpoint or a key list' })
      .option('source', { type: 'string', describe: 'the checkpoint (or manifest) the plan applies to, for its shapes (default: the plan\'s source file, when it is there)' })
      .option('select-expected', { type: 'string', describe: 'the state dict inside EXPECTED, when it is a checkpoint' })
      .option('json', { type: 'boolean', default: false, describe: 'print the coverage as JSON (schemas/plan-check.schema.json)' })
      .option('all', { type: 'boolean', default: false, describe: 'list every key of every gap' })
      .example('$0 plan check plan.json model.json', 'exit 0 when every source key is consumed once, every model key written once or declared kept-missing, and every shape is the model\'s (the first line says when shapes could not be checked)')
      .epilogue(EXIT_HELP['plan-check']) as unknown as Argv<PlanCheckArgs>,
  run: async (args, io) => {
    const plan = readPlanFile(args.plan);
    const model = openKeySource(args.expected);
    const keys = manifestKeys(model, args.selectExpected);
    const expected = keys.entries;
    const read: KeySource[] = [];
    // the model's ties: a manifest's `tied`, a checkpoint's shared storages (review 23 F5)
    const targetTies = model.kind === 'checkpoint' ? storageGroups(model.checkpoint, keys.path) : model.kind === 'manifest' ? model.tied ?? null : null;
    const source: SourceTies = { target: targetTies, groups: null, values: null };
    const shapes = sourceShapes(plan, args.plan, args.source, read, source);
    const c = planCoverage(plan, expected, shapes, { target: targetTies, source: source.groups, values: source.values });
    // the checkpoints it read, as every command that reads one says them (review 16 F15)
    const inputs = [...read, model].map(sourceSafety);
    const stdout = args.json ? `${JSON.stringify({ ...c, checkpointSafety: checkpointSafetyOf(inputs) }, null, 2)}\n` : renderPlanCheck(io.stdoutStyle, c, { plan: args.plan, expected: args.expected }, { all: args.all, ops: plan.ops.length });
    const warnings = dangerWarnings(inputs);
    return { stdout, ...(warnings ? { stderr: warnings } : {}), code: c.exact ? EXIT.ok : EXIT.differences };
  },
};
