import { ONE_FILE_STEP, type DiffDiagnosis } from '../analysis/diff-model.js';
import { formatKeyPath } from '../analysis/select.js';
import { sdmatchLine } from './command-line.js';
import { applyLine, planThenApply } from './download-step.js';

/**
 * A diff finding as the reports print it (text, JSON, HTML): a folder's `nested` finding ends in the commands that
 * write its state dict as one file, made here rather than in the analysis so that they are quoted for the shell
 * (a path with a space or a quote) and name the state dict compared (`--select`): run as printed, they write it.
 * `remake` is the diff's own options carried over (command-line.ts), as on the fix line.
 */
export function diffDiagnosisMessage(d: DiffDiagnosis, remake: readonly string[] = []): string {
  if (!d.oneFile || !d.message.endsWith(ONE_FILE_STEP)) return d.message;
  const { folder, expected, select } = d.oneFile;
  const plan = sdmatchLine(['plan', folder, expected, '--select', formatKeyPath(select), ...remake, '-o', 'plan.json']);
  // plan exits 1 when it keeps keys missing on purpose and still writes its file: apply runs then too
  const apply = applyLine(folder, 'plan.json', 'merged.safetensors');
  return `${d.message.slice(0, -ONE_FILE_STEP.length)}\`${planThenApply(plan, apply, false)}\` writes it as one file to load`;
}
