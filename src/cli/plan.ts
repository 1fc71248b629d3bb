import type { Argv } from 'yargs';
import { recordedPaths } from '../plan/plan-paths.js';
import { planToJson } from '../plan/schema.js';
import type { Plan } from '../plan/types.js';
import { emitHf, hfUnexpressed } from '../report/emit-hf.js';
import { emitMmengine, reviseKeys } from '../report/emit-mmengine.js';
import { caveatLines, caveatStderr, emitCaveats } from '../report/emit-caveats.js';
import { emitPython } from '../report/emit-python.js';
import { explainJsonChunks } from '../report/explain.js';
import { renderPlan } from '../report/plan.js';
import { planPageData } from '../report/html/data-plan.js';
import { renderHtmlPage } from '../report/html/page.js';
import type { Command } from './command.js';
import { EXIT, UsageError } from './errors.js';
import { runPlan } from './run-plan.js';
import { checkConfidence, checkHeads, checkOutPath, editOptions, editsFromArgs, forceOption, writeFilesAtomic, type EditArgs } from './shared.js';
import { EXIT_HELP, epilogue } from './help-texts.js';

export interface PlanArgs extends EditArgs {
  source: string;
  expected?: string;
  out?: string;
  select?: string;
  selectExpected?: string;
  emit?: 'python' | 'hf' | 'mmengine';
  json: boolean;
  minConfidence?: number;
  heads?: string;
  hash: boolean;
  all: boolean;
  html?: string;
  force?: boolean;
}

const EMITTERS: Record<'python' | 'hf' | 'mmengine', (plan: Plan, caveats: readonly string[]) => string> = {
  python: (plan, caveats) => emitPython(plan, undefined, caveats),
  hf: emitHf,
  mmengine: emitMmengine,
};

export const planCommand: Command<PlanArgs> = {
  builder: (y: Argv) =>
    forceOption(editOptions(y))
      .positional('source', { type: 'string', demandOption: true, describe: 'the checkpoint (any format, manifest or key list), or a load_state_dict error text alone; - for stdin' })
      .positional('expected', { type: 'string', describe: 'what the model expects: a manifest, a checkpoint, a key list, or the error text the checkpoint produced' })
      .option('out', { alias: 'o', type: 'string', describe: 'write the plan (JSON, schemas/plan.schema.json) here, atomically; replaces an existing JSON file (another kind, e.g. a checkpoint, only with --force), never an input' })
      .option('select', { type: 'string', describe: 'the state dict inside SOURCE (e.g. trainer/var_wo_ddp, (root))' })
      .option('select-expected', { type: 'string', describe: 'the state dict inside EXPECTED, when it is a checkpoint' })
      .option('emit', { choices: ['python', 'hf', 'mmengine'] as const, describe: 'print the plan as code instead: a Python function, a transformers key_mapping, or an MMEngine revise_keys list' })
      .option('json', { type: 'boolean', default: false, describe: 'print the whole result as JSON (schemas/explain.schema.json)' })
      .option('min-confidence', { type: 'number', describe: 'act only on correspondences at least this sure (0..1); the rest are listed as ambiguous' })
      .option('heads', { type: 'string', describe: "the model's attention heads, or heads/key-value heads (config.json num_attention_heads / num_key_value_heads: 32/8): q and k renamed between Meta's and transformers' names get their rows permuted per head for rope, and q, k, v are cut from or joined into a fused tensor laid out per head or key/value group (GPT-NeoX, BLOOM, Falcon query_key_value, Megatron linear_qkv, InternLM2 wqkv) in that layout; without it those are listed, not made" })
      .option('hash', { type: 'boolean', default: true, describe: 'record the source\'s sha256 (--no-hash skips reading the whole file; apply then checks its size, keys and, for a zip, the CRC-32s its directory lists)' })
      .option('all', { type: 'boolean', default: false, describe: 'list every key left missing or unexpected' })
      .option('html', { type: 'string', describe: 'also write the result as one self-contained HTML page (trees, ops, search) to this file' })
      .example('$0 plan ckpt.pt model.json -o plan.json', 'infer the remap and write it for sdmatch apply')
      .example('$0 plan ckpt.pt model.json --emit python', 'print a Python function that applies it')
      .example('$0 plan error.txt', 'infer the fix from a pasted load_state_dict error alone')
      .example('$0 plan ckpt.pt model.json --drop "^aux_head\\." --keep-missing "^head\\." -o plan.json', 'infer, then drop an auxiliary head and let the model initialise its new one')
      .example('$0 plan edit plan.json --tie lm_head.weight=embed.weight', 'edit an existing plan the same way (also: plan check, plan invert)')
      .epilogue(epilogue(EXIT_HELP.plan, 'On an existing plan: sdmatch plan edit PLAN [edits] [-o OUT]; sdmatch plan check PLAN EXPECTED; sdmatch plan invert PLAN [SOURCE] -o BACK.')) as unknown as Argv<PlanArgs>,
  run: async (args, io) => {
    if (args.json && args.emit) throw new UsageError('--json and --emit each print the result; choose one');
    const minConfidence = checkConfidence(args.minConfidence);
    const ropeHeads = checkHeads(args.heads);
    if (args.out !== undefined) checkOutPath(args.out, [args.source, args.expected], '-o', 'the plan', { writes: 'json', force: args.force });
    if (args.html !== undefined) checkOutPath(args.html, [args.source, args.expected, args.out], '--html', 'the page', { writes: 'html', force: args.force });
    const { outcome, error, warnings, sides } = await runPlan(args.source, args.expected, io, {
      ...(args.select !== undefined ? { select: args.select } : {}),
      ...(args.selectExpected !== undefined ? { selectExpected: args.selectExpected } : {}),
      minConfidence,
      ...(ropeHeads ? { ropeHeads } : {}),
      hash: args.hash,
      edits: editsFromArgs(args),
    });
    let stdout = '';
    // the JSON is streamed: at 1,000,000 keys one string of it (and its copy for writing) was the peak of memory
    let stream: Iterable<string> | null = null;
    // the emitted file says what the plan left open, and stderr why the exit is 1 (review 23 F4)
    const caveats = args.emit ? emitCaveats(outcome) : null;
    if (args.json) stream = explainJsonChunks(outcome, error ? { kind: error.report.kind, model: error.report.modelName, truncated: error.report.truncated } : null);
    else if (args.emit) stdout = EMITTERS[args.emit](outcome.plan, caveatLines(caveats!));
    else stdout = renderPlan(outcome, io.stdoutStyle, { all: args.all, written: args.out ?? null });
    // everything is computed before the file is written: a failure leaves neither output nor file
    const errorFacts = error ? { kind: error.report.kind, model: error.report.modelName, truncated: error.report.truncated } : null;
    const page = args.html !== undefined ? renderHtmlPage(planPageData('plan', outcome, sides, errorFacts)) : null;
    // both or neither (review 25 F5)
    writeFilesAtomic([...(args.out !== undefined ? [{ path: args.out, text: planToJson(recordedPaths(outcome.plan, args.out)) }] : []), ...(args.html !== undefined && page !== null ? [{ path: args.html, text: page }] : [])]);
    // emitted code is the data asked for: --quiet keeps it
    // a key_mapping / revise_keys list that leaves ops out does not give the plan's result (review 17 F7): exit 1, said first on stderr
    const lost = args.emit === 'hf' ? hfUnexpressed(outcome.plan) : args.emit === 'mmengine' ? reviseKeys(outcome.plan).notExpressible : [];
    const lostLine = lost.length === 0 ? null : `sdmatch: --emit ${args.emit} cannot express ${lost.length === 1 ? 'one of the plan\'s ops' : `${lost.length} of the plan's ops`} (${lost[0]!.replace(/[\r\n]+/g, ' ')}${lost.length > 1 ? ', …' : ''}): the emitted list alone does not give the plan's result; apply the plan with sdmatch apply or --emit python (the file lists them at its end)\n`;
    const openLine = args.emit && !outcome.complete ? caveatStderr(caveats!, args.emit) : '';
    const stderr = lostLine === null && openLine === '' ? warnings : `${lostLine ?? ''}${openLine}${warnings ?? ''}`;
    return { stdout, ...(stream ? { stream } : {}), ...(args.emit ? { data: true } : {}), ...(stderr ? { stderr } : {}), code: outcome.complete && lostLine === null ? EXIT.ok : EXIT.differences };
  },
};
