import { existsSync, rmSync } from 'node:fs';
import { sameFile } from '../formats/same-file.js';
import { FormatError } from '../formats/errors.js';
import type { Argv } from 'yargs';
import { dangerWarning } from '../report/danger.js';
import { isRemotePath } from '../checkpoint/sources.js';
import { formatBytes } from '../report/table.js';
import { AlreadyApplied, applyPlan, dryRunApply, type ApplyOptions, type OutputFormat } from '../apply/apply.js';
import { checkAgainstTarget, failsTarget, targetFile } from '../apply/apply-target.js';
import { renderApplied, renderDryRun } from '../report/apply.js';
import { formatApplyJson } from '../report/apply-json.js';
import type { Command } from './command.js';
import { EXIT, UsageError } from './errors.js';
import type { CliIO } from './io.js';
import { checkOutPath, readPlanFile } from './shared.js';

interface ApplyArgs {
  source: string;
  plan: string;
  out?: string;
  format?: OutputFormat;
  keepContainer?: boolean;
  maxShardSize?: string;
  force?: boolean;
  select?: string;
  inPlace?: boolean;
  dryRun?: boolean;
  verifyHash: boolean;
  fullHash?: boolean;
  sync: boolean;
  fast: boolean;
  all?: boolean;
  trust?: boolean;
  json?: boolean;
  allowGuessedDrops?: boolean;
  target?: string;
}

const UNITS: Record<string, number> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40,
};

/** `5GB` (10⁹, as transformers counts), `500MiB`, `1e9`: a byte count. */
export function parseByteSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(text);
  const n = m ? Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]!) : NaN;
  if (!(Number.isSafeInteger(n) && n > 0)) throw new UsageError(`--max-shard-size: expected a size such as 5GB, 500MB or 2GiB, got '${text}'`);
  return n;
}

/** apply's exit codes, as the README's table gives them (apply --help prints them). */
export const APPLY_EXIT_CODES = [
  'Exit codes: 0 written, and it loads with strict=True into the target the plan was made against (or the plan was made against standard input, so there is no file to compare with; or the target is an error text that lists the model\'s keys by name only, so their shapes were not compared and nothing points to one of another size: the first line says so);',
  '1 written, but not shown to load with strict=True into that target: keys stay missing, unexpected or of another shape, the target is known only from an error text cut short or one that does not give the model\'s class count for a public dataset\'s head the output holds, or the file the plan names as its target is not here (--target MODEL names it) (the last line says which);',
  '2 bad input, a plan that does not fit SOURCE, a plan with guessed drops without --allow-guessed-drops, or a remote target (URL, hf://) that cannot be reached: nothing written, one line on stderr; 3 a bug in sdmatch.',
].join(' ');

const BAR = 24;

/** The remote model a plan names as its target, fetched by range (keys and shapes only): the line saying what it cost. */
async function fetchTarget(spec: string, io: CliIO): Promise<string> {
  const { prefetchRemote, describeReport } = await import('../remote/prefetch.js');
  return describeReport(await prefetchRemote(spec, io.env));
}

function progressLine(out: string, written: number, total: number): string {
  const share = total > 0 ? Math.min(1, written / total) : 1;
  const filled = Math.round(share * BAR);
  return `writing ${out} [${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${Math.floor(share * 100)}% ${formatBytes(written)} / ${formatBytes(total)}`;
}

export const applyCommand: Command<ApplyArgs> = {
  builder: (y: Argv) =>
    y
      .positional('source', { type: 'string', demandOption: true, describe: 'the checkpoint the plan was made for, or any with its key set (another snapshot of the run)' })
      .positional('plan', { type: 'string', demandOption: true, describe: 'plan.json written by sdmatch plan (or by hand)' })
      .option('out', { alias: 'o', type: 'string', describe: 'output file (a folder with --max-shard-size); replaces an existing file, never SOURCE (unless --in-place), the plan or its target' })
      .option('format', { choices: ['torch', 'safetensors'] as const, describe: 'output format (default: from OUT\'s extension, else safetensors for safetensors input, torch otherwise)' })
      .option('keep-container', { type: 'boolean', describe: 'write the whole checkpoint (epoch, optimizer, args …) with the state dict replaced, instead of the state dict alone' })
      .option('max-shard-size', { type: 'string', describe: 'shard the output (e.g. 5GB): OUT is a folder with transformers\' shard names and an index' })
      .option('force', { type: 'boolean', describe: 'apply a plan to a file with another key set, following its ops (a file with the plan\'s key set — names, shapes, dtypes — needs no --force)' })
      .option('select', { type: 'string', describe: 'the state dict inside SOURCE (e.g. state_dict, (root)) when it is nested elsewhere than in the file the plan was made on; its key set is still checked' })
      .option('in-place', { type: 'boolean', describe: "replace SOURCE with the output, atomically (one file, or a DCP folder's .metadata); the check of what it loads is said after (exit 1 when a strict load would still fail), not a condition of the replace" })
      .option('dry-run', { type: 'boolean', describe: 'print what would change; write nothing' })
      .option('verify-hash', { type: 'boolean', default: true, describe: 'check that SOURCE is the plan\'s file: by the sha256 the plan recorded (not re-read when SOURCE is unchanged since plan hashed it, see --full-hash; else hashed while writing; a zip\'s directory CRC-32s are checked first, instantly, and alone only for a plan made with --no-hash); --no-verify-hash skips it, size and key set are still checked' })
      .option('full-hash', { alias: 'rehash', type: 'boolean', describe: 're-read SOURCE and check the plan\'s sha256 even when SOURCE is the very file plan hashed, unchanged since (same device, inode, size, mtime and ctime as the plan recorded; every write changes ctime), which apply otherwise trusts without re-reading it' })
      .option('sync', { type: 'boolean', default: true, describe: 'fsync OUT before and after renaming it into place (--no-sync skips it: OUT still appears whole or not at all, but a machine crash soon after may lose it)' })
      .option('fast', { type: 'boolean', default: true, describe: 'when every storage stays byte-identical, copy SOURCE in-kernel and rewrite only its data.pkl and zip directory (--no-fast streams storages into a compact archive numbered as torch.save numbers it)' })
      .option('all', { type: 'boolean', describe: 'with --dry-run, list every change' })
      .option('json', { type: 'boolean', describe: 'what was (or would be) written and whether the model accepts it (schemas/apply.schema.json)' })
      .option('allow-guessed-drops', { type: 'boolean', describe: 'drop the keys of guessed drops anyway (ops marked unsettled / NOT A SETTLED FIX: made from an error text that does not settle them, so they may be trained weights the model should have); without it such a plan is refused, nothing written, exit 2 (--dry-run too); with it only the drops the text leaves open are applied (a drop the text argues against, text_reading, is left undone, its keys kept) and the output is only checked, not verified' })
      .option('target', { type: 'string', describe: 'the model (checkpoint, manifest or error text) to check the output against, instead of the target the plan names: for a plan moved without its files' })
      .option('trust', { type: 'boolean', describe: 'with --keep-container, carry a dangerous SOURCE\'s objects (and the code they run) into OUT anyway' })
      .epilogue(APPLY_EXIT_CODES) as unknown as Argv<ApplyArgs>,
  run: async (args, io: CliIO) => {
    const out = args.out ?? (args.inPlace ? args.source : undefined);
    if (out === undefined && !args.dryRun) throw new UsageError('name the output with -o OUT (or pass --in-place to replace SOURCE)');
    const plan = readPlanFile(args.plan);
    // a target given to check against that is not there: said before anything is written
    if (args.target !== undefined && !isRemotePath(args.target) && !existsSync(args.target)) throw new UsageError(`--target ${args.target}: no such file`);
    // a plan made against a URL or hf:// model: its keys and shapes are read by range, as diff reads them (main.ts fetches --target URL)
    const remoteTarget = args.target === undefined && !args.dryRun && isRemotePath(plan.target.file) ? plan.target.file : undefined;
    const remoteNote = remoteTarget !== undefined ? await fetchTarget(remoteTarget, io) : '';
    const given = args.target ?? remoteTarget;
    const opts: ApplyOptions = {
      source: args.source,
      plan,
      planFile: args.plan,
      out: out ?? '',
      keepContainer: args.keepContainer ?? false,
      maxShardBytes: args.maxShardSize !== undefined ? parseByteSize(args.maxShardSize) : null,
      force: args.force ?? false,
      ...(args.select !== undefined ? { selectOverride: args.select } : {}),
      inPlace: args.inPlace ?? false,
      verifyHash: args.verifyHash,
      fullHash: args.fullHash ?? false,
      sync: args.sync,
      fast: args.fast,
      guardInterrupts: true,
      trust: args.trust ?? false,
      allowGuessedDrops: args.allowGuessedDrops ?? false,
      ...(args.format ? { format: args.format } : {}),
    };
    if (args.dryRun) {
      const preview = dryRunApply(opts);
      const warning = dangerWarning(preview.source.file, preview.source.safety, preview.source.format);
      const shown = out === undefined ? { ...preview, out: '(none given)' } : preview;
      const stdout = args.json ? formatApplyJson(shown, null) : renderDryRun(io.stdoutStyle, shown, { all: args.all });
      return { stdout, ...(warning ? { stderr: warning } : {}), code: EXIT.ok };
    }
    // SOURCE is apply's own guard (--in-place names it on purpose); the plan and its target are inputs too
    const against = given ?? targetFile(plan, args.plan);
    // --in-place over the plan's own target (an inverse plan names the checkpoint it undoes): the check would compare
    // the output with itself; said with the option given, never as an `-o` the user did not write (review 25 F13a)
    if (args.out === undefined && against && sameFile(out!, against)) {
      throw new UsageError(`--in-place ${out}: the plan's target is ${out} itself (an inverse plan names the checkpoint it undoes), so the output would be checked against itself: name the model to check against with --target MODEL (its manifest: python/sdmatch_manifest.py)`);
    }
    checkOutPath(out!, [args.plan, against], args.out === undefined ? '--in-place' : '-o', 'the output');
    if (io.stderrIsTTY) opts.progress = (written, total) => io.progress(progressLine(out!, written, total));
    try {
      let result: ReturnType<typeof applyPlan>;
      try {
        result = applyPlan(opts);
      } catch (e) {
        if (e instanceof AlreadyApplied) return { stdout: `${e.message}\n`, code: EXIT.ok };
        throw e;
      }
      const written = result.written.files.find((f) => f.endsWith('.index.json')) ?? result.written.files[0]!;
      const target = withdrawnOnError(out!, opts.inPlace === true || result.dcpInPlace === true, () =>
        checkAgainstTarget(plan, written, { planFile: args.plan, outSelect: result.keepContainer ? result.source.select : [], ...(given !== undefined ? { given } : {}) }),
      );
      const summary = args.json
        ? formatApplyJson(result, target)
        : renderApplied(io.stdoutStyle, result, target);
      const warning = [remoteNote, dangerWarning(result.source.file, result.source.safety, result.source.format)].filter(Boolean).join('\n');
      // the output is written either way (it holds what the plan says); exit 1 says it is not shown to load
      // with strict=True into the plan's target: the model refuses it, or a cut error text cannot show it
      return { stdout: summary, ...(warning ? { stderr: warning } : {}), code: failsTarget(target) ? EXIT.differences : EXIT.ok };
    } finally {
      if (io.stderrIsTTY) io.progress('');
    }
  },
};

/**
 * The target check reads the output back under its own name, after the rename: a name its readers take for
 * another kind of file (`global_step10/…_optim_states.pt` is read as a DeepSpeed folder's optimizer file) fails
 * there, exit 2. Apply's output is all or nothing, so OUT goes with that error (s21-verify #2 left it in place);
 * an in-place run's OUT is the source, which stays.
 */
function withdrawnOnError<T>(out: string, inPlace: boolean, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (inPlace) throw e;
    rmSync(out, { recursive: true, force: true });
    if (e instanceof FormatError) e.message += `; the output was written but cannot be read back as a checkpoint under this name, so apply removed it: write it under another name or folder`;
    throw e;
  }
}
