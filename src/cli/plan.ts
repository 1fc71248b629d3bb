import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { dangerWarnings, sourceSafety } from '../report/danger.js';
import { resolveSides, type ResolvedSide } from '../analysis/sides.js';
import { openKeySource, type KeySource } from '../checkpoint/key-source.js';
import { buildPlan, inferenceSides, type InferenceSides, type PlanOutcome } from '../plan/build.js';
import { planToJson } from '../plan/schema.js';
import { FormatError } from '../formats/errors.js';
import { planSourceInfo } from '../plan/source-info.js';
import { TWO_ERROR_TEXTS } from '../report/diff-model.js';
import { emitHf } from '../report/emit-hf.js';
import { emitMmengine } from '../report/emit-mmengine.js';
import { emitPython } from '../report/emit-python.js';
import { formatExplainJson } from '../report/explain.js';
import { renderPlan } from '../report/plan.js';
import { planPageData } from '../report/html/data-plan.js';
import { renderHtmlPage } from '../report/html/page.js';
import type { Command } from './command.js';
import { checkSelectApplies } from './diff.js';
import { EXIT, UsageError } from './errors.js';
import type { CliIO } from './io.js';
import { writeFileAtomic } from './manifest.js';

export interface PlanArgs {
  source: string;
  expected?: string;
  out?: string;
  select?: string;
  selectExpected?: string;
  emit?: 'python' | 'hf' | 'mmengine';
  json: boolean;
  minConfidence?: number;
  hash: boolean;
  all: boolean;
  html?: string;
}

/** What `plan` and `explain` both need: the sides opened, resolved and turned into a plan. */
export interface PlanRun {
  outcome: PlanOutcome;
  /** the error text among the inputs, if any */
  error: Extract<KeySource, { kind: 'error-text' }> | null;
  /** stderr lines for dangerous checkpoints among the inputs ('' when none) */
  warnings: string;
  /** the keys inference saw, both sides (the HTML page draws them) */
  sides: InferenceSides;
}

const KIND_WITH_ARTICLE: Record<KeySource['kind'], string> = {
  checkpoint: 'a checkpoint',
  manifest: 'a manifest',
  'key-list': 'a key list',
  'error-text': 'an error text',
};

/** 0..1, else a usage error naming the option. */
export function checkConfidence(value: number | undefined): number {
  if (value === undefined) return 0;
  if (!(typeof value === 'number' && value >= 0 && value <= 1)) throw new UsageError(`--min-confidence: expected a number from 0 to 1, got ${String(value)}`);
  return value;
}

/** An error text on its own, as a side (resolveSides wants two). */
function errorSide(src: Extract<KeySource, { kind: 'error-text' }>): ResolvedSide {
  return { file: src.file, kind: 'error-text', entries: [], selected: null, selection: null, nonTensor: [], report: src.report, checkpoint: null };
}

/** An error text must name some key to be explained. */
export function checkErrorHasKeys(src: Extract<KeySource, { kind: 'error-text' }>): void {
  const r = src.report;
  if (r.missing.length + r.unexpected.length + r.sizeMismatch.length === 0) {
    if (r.allMatched) throw new FormatError(src.file, 'the text reports that every key matched (no missing or unexpected key): that load succeeded, there is nothing to fix');
    throw new FormatError(src.file, 'the error text names no missing, unexpected or size-mismatched key: nothing to explain');
  }
}

export interface RunOptions {
  select?: string;
  selectExpected?: string;
  minConfidence: number;
  hash: boolean;
  /** which input must be the error text (explain); any other kind there is bad input */
  requireErrorAt?: 'source' | 'expected';
}

/**
 * Open and resolve the inputs, then infer. `expected` undefined: `source` must be an error text,
 * explained on its own. Standard input (`-`) is read once, by whichever side names it.
 */
export async function runPlan(sourcePath: string, expectedPath: string | undefined, io: CliIO, opts: RunOptions): Promise<PlanRun> {
  let stdinText: string | undefined;
  let source: KeySource;
  let expected: KeySource | null = null;
  if (expectedPath === undefined) {
    if (sourcePath === '-') stdinText = await io.readStdin();
    source = openKeySource(sourcePath, stdinText);
  } else {
    if (sourcePath === '-' && expectedPath === '-') throw new UsageError('only one side can be read from standard input (-)');
    const stdin = sourcePath === '-' || expectedPath === '-' ? await io.readStdin() : undefined;
    source = openKeySource(sourcePath, stdin);
    expected = openKeySource(expectedPath, stdin);
    if (sourcePath === '-') stdinText = stdin;
  }
  if (opts.requireErrorAt) {
    const side = opts.requireErrorAt === 'source' ? source : expected;
    if (side && side.kind !== 'error-text') {
      throw new FormatError(side.file, `is ${KIND_WITH_ARTICLE[side.kind]}, not a load_state_dict error text (explain reads the pasted error; to compare two key sets use sdmatch plan or diff)`);
    }
  }
  if (source.kind === 'error-text' && expected?.kind === 'error-text') throw new UsageError(TWO_ERROR_TEXTS);
  if (opts.select !== undefined) checkSelectApplies('--select', source);
  if (opts.selectExpected !== undefined) {
    if (!expected) throw new UsageError('--select-expected needs EXPECTED');
    checkSelectApplies('--select-expected', expected);
  }
  const error = source.kind === 'error-text' ? source : expected?.kind === 'error-text' ? expected : null;
  if (error) checkErrorHasKeys(error);

  let sides;
  let sourceSide: ResolvedSide;
  let targetFile: string;
  if (expected === null) {
    if (source.kind !== 'error-text') {
      throw new UsageError(`${source.file} is ${KIND_WITH_ARTICLE[source.kind]}: name what the model expects too (sdmatch plan SOURCE EXPECTED), or give a load_state_dict error text alone`);
    }
    sourceSide = errorSide(source);
    sides = inferenceSides(sourceSide, null);
    targetFile = source.file;
  } else {
    const resolved = resolveSides(source, expected, {
      ...(opts.select !== undefined ? { select: opts.select } : {}),
      ...(opts.selectExpected !== undefined ? { selectExpected: opts.selectExpected } : {}),
    });
    sourceSide = resolved.source;
    sides = inferenceSides(resolved.source, resolved.expected);
    targetFile = expected.file;
  }
  const info = planSourceInfo(sourceSide, { hash: opts.hash, ...(stdinText !== undefined ? { stdinText } : {}) });
  const warnings = dangerWarnings([source, ...(expected ? [expected] : [])].map(sourceSafety));
  return { outcome: buildPlan(sides, info, targetFile, { minConfidence: opts.minConfidence }), error, warnings, sides };
}

const EMITTERS = { python: emitPython, hf: emitHf, mmengine: emitMmengine } as const;

/** A file we write must not replace an input: writing it is a rename over the path. */
export function checkOutPath(out: string, inputs: (string | undefined)[], option = '-o', what = 'the plan'): void {
  const target = resolve(out);
  for (const i of inputs) {
    if (i !== undefined && i !== '-' && resolve(i) === target) throw new UsageError(`${option} ${out} would overwrite an input; name another file for ${what}`);
  }
}

export const planCommand: Command<PlanArgs> = {
  builder: (y: Argv) =>
    y
      .positional('source', { type: 'string', demandOption: true, describe: 'the checkpoint (any format, manifest or key list), or a load_state_dict error text alone; - for stdin' })
      .positional('expected', { type: 'string', describe: 'what the model expects: a manifest, a checkpoint, a key list, or the error text the checkpoint produced' })
      .option('out', { alias: 'o', type: 'string', describe: 'write the plan (JSON, schemas/plan.schema.json) here, atomically' })
      .option('select', { type: 'string', describe: 'the state dict inside SOURCE (e.g. trainer/var_wo_ddp, (root))' })
      .option('select-expected', { type: 'string', describe: 'the state dict inside EXPECTED, when it is a checkpoint' })
      .option('emit', { choices: ['python', 'hf', 'mmengine'] as const, describe: 'print the plan as code instead: a Python function, a transformers key_mapping, or an MMEngine revise_keys list' })
      .option('json', { type: 'boolean', default: false, describe: 'print the whole result as JSON (schemas/explain.schema.json)' })
      .option('min-confidence', { type: 'number', describe: 'act only on correspondences at least this sure (0..1); the rest are listed as ambiguous' })
      .option('hash', { type: 'boolean', default: true, describe: 'record the source\'s sha256 (--no-hash skips reading the whole file; apply then checks its size, keys and, for a zip, the CRC-32s its directory lists)' })
      .option('all', { type: 'boolean', default: false, describe: 'list every key left missing or unexpected' })
      .option('html', { type: 'string', describe: 'also write the result as one self-contained HTML page (trees, ops, search) to this file' })
      .example('$0 plan ckpt.pt model.json -o plan.json', 'infer the remap and write it for sdmatch apply')
      .example('$0 plan ckpt.pt model.json --emit python', 'print a Python function that applies it')
      .example('$0 plan error.txt', 'infer the fix from a pasted load_state_dict error alone') as unknown as Argv<PlanArgs>,
  run: async (args, io) => {
    if (args.json && args.emit) throw new UsageError('--json and --emit each print the result; choose one');
    const minConfidence = checkConfidence(args.minConfidence);
    if (args.out !== undefined) checkOutPath(args.out, [args.source, args.expected]);
    if (args.html !== undefined) checkOutPath(args.html, [args.source, args.expected, args.out], '--html', 'the page');
    const { outcome, error, warnings, sides } = await runPlan(args.source, args.expected, io, {
      ...(args.select !== undefined ? { select: args.select } : {}),
      ...(args.selectExpected !== undefined ? { selectExpected: args.selectExpected } : {}),
      minConfidence,
      hash: args.hash,
    });
    let stdout: string;
    if (args.json) stdout = formatExplainJson(outcome, error ? { kind: error.report.kind, model: error.report.modelName, truncated: error.report.truncated } : null);
    else if (args.emit) stdout = EMITTERS[args.emit](outcome.plan);
    else stdout = renderPlan(outcome, io.stdoutStyle, { all: args.all, written: args.out ?? null });
    // everything is computed before the file is written: a failure leaves neither output nor file
    const errorFacts = error ? { kind: error.report.kind, model: error.report.modelName, truncated: error.report.truncated } : null;
    const page = args.html !== undefined ? renderHtmlPage(planPageData('plan', outcome, sides, errorFacts)) : null;
    if (args.out !== undefined) writeFileAtomic(args.out, planToJson(outcome.plan));
    if (args.html !== undefined && page !== null) writeFileAtomic(args.html, page);
    // emitted code is the data asked for: --quiet keeps it
    return { stdout, ...(args.emit ? { data: true } : {}), ...(warnings ? { stderr: warnings } : {}), code: outcome.complete ? EXIT.ok : EXIT.differences };
  },
};
