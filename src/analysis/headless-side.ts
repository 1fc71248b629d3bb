/**
 * A paste that is nothing but a key list whose heading it cut, its keys saying nothing of the side
 * (sideOfHeadless in readings.ts sides the lists whose keys do): read, not refused. What is known is
 * said (how many keys, under which modules, a wrapper's prefix on all of them, buffers among them), and
 * what the side would mean either way; no key transform is proposed, since on the model's side the keys
 * have no source at all and on the checkpoint's side their counterparts are in the part not pasted.
 * Issue 10: "truncated or partial pastes: say what is missing and ask for the whole text".
 */
import type { ErrorReport } from '../formats/error-text.js';
import type { Cause } from './infer/causes.js';
import { bufferRule, isCounter, WRAPPER_PREFIXES } from './key-roles.js';

const tick = (k: string) => `\`${k}\``;

/** The finding for a text whose only keys are `keys`, in a list whose heading the paste cut. */
export function headlessSideCause(keys: readonly string[], withCheckpoint = false): Cause {
  const n = keys.length;
  const shown = keys.slice(0, 3).map(tick).join(', ') + (n > 3 ? ', …' : '');
  const modules = [...new Set(keys.map((k) => (k.includes('.') ? `${k.slice(0, k.indexOf('.'))}.` : k)))];
  const under = modules.length <= 3 ? `under ${modules.map(tick).join(', ')}` : `under ${modules.length} top-level modules`;
  // the longest wrapper prefix every key carries (`module.module.` before `module.`)
  const wrapper = [...WRAPPER_PREFIXES].sort((a, b) => b.prefix.length - a.prefix.length).find((w) => keys.every((k) => k.startsWith(w.prefix)));
  const buffers = keys.filter((k) => isCounter(k) || bufferRule(k) !== null).length;
  const known = [
    `${n === 1 ? 'it is' : `they are ${n} keys`} ${under}`,
    ...(buffers > 0 ? [`${buffers === n ? 'every one' : `${buffers} of them`} ${buffers === 1 && buffers !== n ? 'is a buffer' : 'are buffers'} or counters, no trained weight`] : []),
    ...(wrapper ? [`every one starts with ${tick(wrapper.prefix)} (${wrapper.who}): if they are the checkpoint's, stripping it is the likely fix; if the model's, the checkpoint was saved from the bare model and the prefix is to be added`] : []),
  ];
  return {
    code: 'headless_side',
    subject: shown,
    count: n,
    message:
      `the text starts inside a key list and cuts the heading that says whether its ${n === 1 ? 'key is' : `${n} keys are`} missing or unexpected (${shown}): ${known.join('; ')}. ` +
      `The side decides the fix: missing, ${n === 1 ? 'it is a key' : 'they are keys'} the checkpoint lacks (${n === 1 ? 'it starts' : 'they start'} from initial values unless found under another name); unexpected, ${n === 1 ? 'it is a checkpoint key' : 'they are checkpoint keys'} the model did not take (the model's own may be listed as missing under other names). ` +
      `No key transform is proposed: paste the whole message from its first line (\`Error(s) in loading state_dict for ...\`, or the warning's first line)${withCheckpoint ? '' : ', or give the checkpoint (sdmatch explain CHECKPOINT ERROR.txt)'}`,
  };
}

/**
 * With the checkpoint given (`explain CKPT ERROR`), a list whose heading the paste cut is sided by the
 * checkpoint itself: torch's unexpected keys are the state dict's keys the model lacks, its missing keys the
 * model's the state dict lacks, so a list whose every key the checkpoint holds is the unexpected list and one
 * whose every key it lacks is the missing list. A list the checkpoint holds in part is neither (another file,
 * or keys the loading code renamed first): left unsided, and said.
 */
export function sideByCheckpoint(report: ErrorReport, held: ReadonlySet<string>): ErrorReport {
  const keys = report.unsided ?? [];
  if (keys.length === 0 || report.missing.length + report.unexpected.length + report.sizeMismatch.length + (report.sizeMismatchCut?.length ?? 0) > 0) return report;
  const inFile = keys.filter((k) => held.has(k)).length;
  const { unsided: _unsided, ...rest } = report;
  if (inFile === keys.length) {
    return { ...rest, unexpected: [...keys], notes: [...report.notes, `the checkpoint holds all ${keys.length} key(s) of the list whose heading the paste cut: a load lists the state dict's own keys only as unexpected, so that list is the unexpected one`] };
  }
  if (inFile === 0) {
    return { ...rest, missing: [...keys], notes: [...report.notes, `the checkpoint holds none of the ${keys.length} key(s) of the list whose heading the paste cut: a load lists keys the state dict lacks only as missing, so that list is the missing one`] };
  }
  return { ...report, notes: [...report.notes, `the checkpoint holds ${inFile} of the ${keys.length} key(s) of the list whose heading the paste cut and lacks the others: one list of a load is all the state dict's (unexpected) or none of it (missing), so the paste is not of a load of this file as it stands (another file, or keys the loading code renamed first)`] };
}
