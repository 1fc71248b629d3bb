/**
 * A normalisation layer that keeps running statistics (BatchNorm, InstanceNorm with track_running_stats) has
 * one shape for its four per-channel tensors: `weight`, `bias`, `running_mean` and `running_var` are all [C],
 * and a checkpoint that stores one of them in another layout (a Caffe conversion's [1, C]) or width stores
 * all four so. So a size line the paste cut before its shapes, for one of them, is read with a whole line of
 * another of the same module: what the cut hid is known, and the key gets the same fix as its siblings
 * instead of being left as "another shape, unknown" beside them (okankop/MFF-pytorch#2: torch ≤ 1.0's
 * `While copying the parameter named "conv1_7x7_s2_bn.running_mean", whose dimensions in th`).
 * The text stays cut (its list may go on): only this key's shapes are completed.
 */
import type { ErrorReport, ReportedSizeMismatch } from '../formats/error-text.js';

const PER_CHANNEL: ReadonlySet<string> = new Set(['weight', 'bias', 'running_mean', 'running_var']);
const RUNNING_STATS = /(?:^|\.)running_(?:mean|var)$/;

const split = (key: string): { module: string; leaf: string } => {
  const at = key.lastIndexOf('.');
  return { module: key.slice(0, at + 1), leaf: key.slice(at + 1) };
};

const agrees = (partial: readonly number[] | null, whole: readonly number[]) => partial === null || partial.join() === whole.join();

/** The report with each cut size line of a running-stats norm's tensor completed from a whole sibling line. */
export function normSiblingShapes(report: ErrorReport): ErrorReport {
  const cut = report.sizeMismatchCut ?? [];
  if (cut.length === 0 || report.sizeMismatch.length === 0) return report;
  const every = [...report.missing, ...report.unexpected, ...report.sizeMismatch.map((m) => m.key), ...cut.map((c) => c.key)];
  const normModules = new Set(every.filter((k) => RUNNING_STATS.test(k)).map((k) => split(k).module));
  const done: ReportedSizeMismatch[] = [];
  const notes: string[] = [];
  for (const c of cut) {
    const { module, leaf } = split(c.key);
    if (!module || !normModules.has(module) || !PER_CHANNEL.has(leaf) || report.sizeMismatch.some((m) => m.key === c.key)) continue;
    const sibling = report.sizeMismatch.find((m) => split(m.key).module === module && PER_CHANNEL.has(split(m.key).leaf));
    if (!sibling || !agrees(c.source, sibling.source) || !agrees(c.expected, sibling.expected)) continue;
    done.push({ key: c.key, source: sibling.source, expected: sibling.expected });
    notes.push(`\`${c.key}\`'s size line was cut before its shapes; a norm with running statistics keeps its weight, bias and running statistics in one shape, so it has \`${sibling.key}\`'s: [${sibling.source.join(', ')}] in the checkpoint, [${sibling.expected.join(', ')}] in the model`);
  }
  if (done.length === 0) return report;
  const completed = new Set(done.map((d) => d.key));
  return {
    ...report,
    sizeMismatch: [...report.sizeMismatch, ...done],
    sizeMismatchCut: cut.filter((c) => !completed.has(c.key)),
    notes: [...report.notes, ...notes],
  };
}
