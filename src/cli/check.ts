import { carriedWords } from '../report/command-line.js';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Argv } from 'yargs';
import { GUESS_LINE, migrationOps } from '../analysis/check.js';
import { DEFAULT_POLICY, resolvePolicy, type ResolvedPolicy } from '../analysis/check-policy.js';
import type { ResolvedSide } from '../analysis/sides.js';
import { openKeySource, type KeySource } from '../checkpoint/key-source.js';
import { FormatError } from '../formats/errors.js';
import { readFailure } from '../formats/io-errors.js';
import type { KeyEntry } from '../formats/keys.js';
import { writeManifest } from '../formats/manifest.js';
import {
  ALLOW_KINDS, FAIL_ON, ignorePatternProblem, minConfidenceProblem, parsePolicyFile, POLICY_FILE_NAME,
  type AllowKind, type FailOn, type PolicySettings,
} from '../formats/policy.js';
import { plannedFromInference } from '../plan/build.js';
import { runCheck } from '../plan/check-run.js';
import { recordedPaths } from '../plan/plan-paths.js';
import { planToJson } from '../plan/schema.js';
import { planSourceInfo } from '../plan/source-info.js';
import { renderCheckGithub } from '../report/check-github.js';
import { formatCheckJson, type CheckReport, type CheckSide } from '../report/check-json.js';
import { renderCheckJunit } from '../report/check-junit.js';
import { renderCheckMarkdown } from '../report/check-markdown.js';
import { renderCheck } from '../report/check-text.js';
import { checkPageData } from '../report/html/data-check.js';
import { renderHtmlPage } from '../report/html/page.js';
import { printable } from '../report/printable.js';
import { dangerWarnings, sourceSafety } from '../report/danger.js';
import { checkpointSafetyOf } from '../checkpoint/safety.js';
import type { Command } from './command.js';
import { EXIT, UsageError } from './errors.js';
import type { CliIO } from './io.js';
import { checkOutPath, checkSelectApplies, forceOption, manifestKeys, writeFileAtomic, writeFilesAtomic } from './shared.js';
import { EXIT_HELP, epilogue } from './help-texts.js';

export const CHECK_FORMATS = ['text', 'markdown', 'github', 'json', 'junit'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckArgs {
  baseline: string;
  current: string;
  format: CheckFormat;
  allow?: string[];
  failOn?: string;
  ignore?: string[];
  minConfidence?: number;
  config?: string;
  planOut?: string;
  update: boolean;
  select?: string;
  selectCurrent?: string;
  all: boolean;
  html?: string;
  json?: boolean;
  force?: boolean;
}

/** `--allow added --allow dtype` and `--allow added,dtype` both work. */
function listOption(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  return ([v].flat() as unknown[]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter((x) => x !== '');
}

/** The settings the flags state; each one given replaces the file's. */
export function flagSettings(args: Pick<CheckArgs, 'allow' | 'failOn' | 'ignore' | 'minConfidence'>): PolicySettings {
  const out: PolicySettings = {};
  if (args.failOn !== undefined) {
    if (!FAIL_ON.includes(args.failOn as FailOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not ${JSON.stringify(args.failOn)}`);
    out.failOn = args.failOn as FailOn;
  }
  if (args.allow !== undefined) {
    for (const a of args.allow) if (!ALLOW_KINDS.includes(a as AllowKind)) throw new UsageError(`--allow takes ${ALLOW_KINDS.join(', ')}, not ${JSON.stringify(a)}`);
    out.allow = args.allow as AllowKind[];
  }
  if (args.ignore !== undefined) {
    for (const p of args.ignore) {
      const why = ignorePatternProblem(p);
      if (why) throw new UsageError(`--ignore: ${why}`);
    }
    out.ignore = args.ignore;
  }
  if (args.minConfidence !== undefined) {
    const why = minConfidenceProblem(args.minConfidence);
    if (why) throw new UsageError(`--min-confidence ${why}`);
    out.minConfidence = args.minConfidence;
  }
  return out;
}

/** `.sdmatch.json` beside the lock file (BASELINE's folder), or the file --config names. */
export function readPolicyFile(baseline: string, config: string | undefined): { file: string | null; settings: PolicySettings | null } {
  const file = config ?? join(baseline === '-' ? '.' : dirname(baseline), POLICY_FILE_NAME);
  if (config === undefined && !existsSync(file)) return { file: null, settings: null };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new FormatError(file, `cannot read the policy file: ${readFailure(e, file)}`);
  }
  return { file, settings: parsePolicyFile(text, file) };
}

const NOT_A_KEY_SET = 'check compares two key sets, and an error text names only the keys that differed; give the manifest or the checkpoint';

function describeSide(side: ResolvedSide): CheckSide {
  return { file: side.file, kind: side.kind, keys: new Set(side.entries.map((e) => e.key)).size, selected: side.selected ? [...side.selected] : null };
}

function checkUnique(entries: readonly KeyEntry[], file: string): void {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.key)) throw new FormatError(file, `repeats the key ${JSON.stringify(e.key)}; a manifest holds each key once`);
    seen.add(e.key);
  }
}

async function openSides(args: CheckArgs, io: CliIO): Promise<[KeySource, KeySource]> {
  if (args.baseline === '-' && args.current === '-') throw new UsageError('only one side can be read from standard input (-)');
  const stdin = args.baseline === '-' || args.current === '-' ? await io.readStdin() : undefined;
  const baseline = openKeySource(args.baseline, stdin);
  const current = openKeySource(args.current, stdin);
  for (const s of [baseline, current]) if (s.kind === 'error-text') throw new FormatError(s.file, NOT_A_KEY_SET);
  return [baseline, current];
}

/** `--update` with no baseline yet: write the first lock file, nothing to compare. */
async function createBaseline(args: CheckArgs, io: CliIO): Promise<{ stdout: string; code: number }> {
  const stdin = args.current === '-' ? await io.readStdin() : undefined;
  const current = openKeySource(args.current, stdin);
  if (current.kind === 'error-text') throw new FormatError(current.file, NOT_A_KEY_SET);
  const { entries } = manifestKeys(current, args.selectCurrent);
  checkUnique(entries, current.file);
  writeFileAtomic(args.baseline, writeManifest(entries));
  const n = entries.length;
  return { stdout: printable(`sdmatch check: created ${args.baseline} from ${current.file} (${n} key${n === 1 ? '' : 's'}); commit it as the baseline`), code: EXIT.ok };
}

function render(format: CheckFormat, report: CheckReport, io: CliIO, all: boolean, remake: readonly string[]): string {
  switch (format) {
    case 'text':
      return renderCheck(report, io.stdoutStyle, { all, remake });
    case 'markdown':
      return renderCheckMarkdown(report);
    case 'github':
      return renderCheckGithub(report);
    case 'json':
      return formatCheckJson(report);
    case 'junit':
      return renderCheckJunit(report);
  }
}

/** GitHub shows the job summary from this file; several steps append to it, so never overwrite. */
function appendStepSummary(io: CliIO, markdown: string): void {
  const path = io.env.GITHUB_STEP_SUMMARY;
  if (!path) return;
  try {
    appendFileSync(path, `${markdown}\n`);
  } catch (e) {
    throw new FormatError(path, `cannot append the step summary (GITHUB_STEP_SUMMARY): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export const checkCommand: Command<CheckArgs> = {
  builder: (y: Argv) =>
    forceOption(y)
      .positional('baseline', { type: 'string', demandOption: true, describe: 'what the model held before: the committed lock manifest (or any checkpoint, manifest or key list)' })
      .positional('current', { type: 'string', demandOption: true, describe: 'what it holds now: a manifest dumped by python/sdmatch_manifest.py (or any checkpoint, manifest or key list)' })
      .option('format', { choices: CHECK_FORMATS, default: 'text' as CheckFormat, describe: 'text for people, markdown for a PR comment, github for workflow annotations (+ step summary), json (schemas/check.schema.json), junit' })
      .option('allow', { type: 'string', array: true, nargs: 1, coerce: listOption, describe: `change kinds to accept as compatible: ${ALLOW_KINDS.join(', ')} (dtype: casts that keep the values; repeat or comma-separate)` })
      .option('fail-on', { type: 'string', describe: `fail (exit 1) from this verdict: ${FAIL_ON.join(', ')} (default breaking; any = any change not allowed)` })
      .option('ignore', { type: 'string', array: true, nargs: 1, coerce: listOption, describe: 'regex for keys whose changes do not count, e.g. num_batches_tracked$ (repeat for more)' })
      .option('min-confidence', { type: 'number', describe: `renames inferred with less confidence (0..1) count as breaking (default ${DEFAULT_POLICY.minConfidence}; between it and ${GUESS_LINE}, the plan's guess line, a migration rests on structure, similarity or order: it counts as "migratable, values unverified"; --min-confidence ${GUESS_LINE} makes it breaking)` })
      .option('config', { type: 'string', describe: `policy file (default: ${POLICY_FILE_NAME} in BASELINE's folder, when present)` })
      .option('plan-out', { type: 'string', describe: 'write the inferred migration plan here (for sdmatch apply); replaces an existing JSON file (another kind only with --force), never BASELINE or CURRENT; a breaking change writes none (no plan makes old checkpoints load)' })
      .option('update', { type: 'boolean', default: false, describe: 'after review: rewrite BASELINE (a manifest) from CURRENT, atomically; exits 0' })
      .option('select', { type: 'string', describe: 'the state dict inside BASELINE, when it is a checkpoint' })
      .option('select-current', { type: 'string', describe: 'the state dict inside CURRENT, when it is a checkpoint' })
      .option('all', { type: 'boolean', default: false, describe: 'text: list every row instead of the first 40 per table' })
      .option('html', { type: 'string', describe: 'also write the check as one self-contained HTML page to this file' })
      .option('json', { type: 'boolean', describe: 'the same as --format json (schemas/check.schema.json)' })
      .example('$0 check model.lock.json model.json', 'is the model in model.json still loadable from checkpoints made with the lock?')
      .example('$0 check model.lock.json model.json --format github --plan-out migrate.json', 'in GitHub Actions')
      .epilogue(epilogue(EXIT_HELP.check)) as unknown as Argv<CheckArgs>,
  run: async (args, io) => {
    // --json is --format json, as on every command
    if (args.json) {
      if (args.format !== 'text' && args.format !== 'json') throw new UsageError(`--json and --format ${args.format} each choose the output; choose one`);
      args = { ...args, format: 'json' };
    }
    const flags = flagSettings(args);
    if (args.html !== undefined) checkOutPath(args.html, [args.baseline, args.current, args.planOut, args.config], '--html', 'the page', { writes: 'html', force: args.force ?? false });
    if (args.planOut !== undefined) checkOutPath(args.planOut, [args.baseline, args.current, args.config], '--plan-out', 'the plan', { writes: 'json', force: args.force ?? false });
    if (args.update && args.baseline === '-') throw new UsageError('--update rewrites BASELINE, which cannot be standard input');
    if (args.update && args.baseline !== '-' && !existsSync(args.baseline)) {
      if (args.html !== undefined) throw new UsageError(`--html draws a comparison, and ${args.baseline} does not exist yet: --update only creates it; run check again to compare`);
      return createBaseline(args, io);
    }
    const [baselineSource, currentSource] = await openSides(args, io);
    if (args.update && baselineSource.kind !== 'manifest') {
      throw new UsageError(`--update rewrites a manifest, but ${baselineSource.file} is a ${baselineSource.kind}; write the lock file with sdmatch manifest first`);
    }
    if (args.select !== undefined) checkSelectApplies('--select', baselineSource);
    if (args.selectCurrent !== undefined) checkSelectApplies('--select-current', currentSource);
    const { file: policyFile, settings } = readPolicyFile(args.baseline, args.config);
    const policy: ResolvedPolicy = resolvePolicy(settings, flags);
    // the library's checkSources is this same run (plan/check-run.ts)
    const { sides, inference: inferSides, result } = runCheck(baselineSource, currentSource, {
      policy: policy.policy,
      ...(args.select !== undefined ? { select: args.select } : {}),
      ...(args.selectCurrent !== undefined ? { selectCurrent: args.selectCurrent } : {}),
    });

    // a breaking change gets no plan (analysis/check.ts migrationOps): nothing is written, and every format says so
    const planFile = args.planOut !== undefined && migrationOps(result) !== null ? args.planOut : null;
    // every output is written at the end, all or none (review 25 F5)
    const outputs: { path: string; text: string }[] = [];
    if (planFile !== null) {
      // the same assembly as `sdmatch plan` (its marks too), from the inference check already ran
      const { plan } = plannedFromInference(inferSides, result.inference, planSourceInfo(sides.source), sides.expected.file);
      outputs.push({ path: planFile, text: planToJson(recordedPaths(plan, planFile)) });
    }
    let updated: CheckReport['updated'] = null;
    if (args.update) {
      checkUnique(sides.expected.entries, sides.expected.file);
      outputs.push({ path: args.baseline, text: writeManifest(sides.expected.entries) });
      updated = { file: args.baseline, keys: sides.expected.entries.length, created: false };
    }
    const report: CheckReport = {
      result,
      baseline: describeSide(sides.source),
      current: describeSide(sides.expected),
      policy,
      policyFile,
      planFile,
      ...(args.planOut !== undefined && planFile === null ? { planDeclined: args.planOut } : {}),
      updated,
      checkpointSafety: checkpointSafetyOf([baselineSource, currentSource].map(sourceSafety)),
    };
    if (args.html !== undefined) outputs.push({ path: args.html, text: renderHtmlPage(checkPageData(report, sides.source.entries, sides.expected.entries)) });
    writeFilesAtomic(outputs);
    if (args.format === 'github') appendStepSummary(io, renderCheckMarkdown(report));
    const code = updated !== null || result.passed ? EXIT.ok : EXIT.differences;
    // the gate judges keys, so a dangerous checkpoint does not change its exit code (inspect's is the
    // safety verdict), but it is said on stderr as every command that reads a checkpoint says it (review 16 F15)
    const warnings = dangerWarnings([baselineSource, currentSource].map(sourceSafety));
    // a format other than text is data asked for (JSON, annotations, Markdown, JUnit), which --quiet keeps
    // the options that shaped the verdict and the plan, given again by the check the fix line prints (report/command-line.ts)
    const remake = carriedWords({
      ...(args.select !== undefined ? { select: args.select } : {}),
      ...(args.selectCurrent !== undefined ? { selectCurrent: args.selectCurrent } : {}),
      ...(args.minConfidence !== undefined ? { minConfidence: args.minConfidence } : {}),
      ...(args.allow !== undefined ? { allow: args.allow } : {}),
      ...(args.failOn !== undefined ? { failOn: args.failOn } : {}),
      ...(args.ignore !== undefined ? { ignore: args.ignore } : {}),
      ...(args.config !== undefined ? { config: args.config } : {}),
    }, 'check');
    return { stdout: render(args.format, report, io, args.all, remake), ...(args.format !== 'text' ? { data: true } : {}), ...(warnings ? { stderr: warnings } : {}), code };
  },
};
