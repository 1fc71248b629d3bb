/**
 * The written output, re-read with sdmatch's own readers before it is renamed into place: it must hold
 * exactly the tensors the plan promised — the same keys in the same order, dtypes, shapes, and storages
 * of the promised byte lengths (for torch output also the views' strides and offsets). Tensor bytes are
 * not read back: the writers stream them and CRC-check nothing themselves, the format structure is what
 * a torn or truncated write breaks, and reading a multi-GB output again would double the cost.
 */
import { formatKeyPath } from '../analysis/select.js';
import { openCheckpoint } from '../checkpoint/open.js';
import type { KeyPath } from '../checkpoint/types.js';
import { candidateAt, candidateEntries } from '../checkpoint/walk.js';
import { itemSize } from '../formats/dtype.js';
import { FormatError } from '../formats/errors.js';
import type { PyTensor } from '../formats/pickle/values.js';
import { locationLength } from '../formats/storage-copy.js';
import { numel, type TensorInfo } from '../formats/tensor.js';

export interface PromisedTensor {
  key: string;
  info: TensorInfo;
}

export interface VerifyRequest {
  /** the file (or shard index) to re-read */
  entry: string;
  /** what to call it in messages */
  name: string;
  /** where the state dict must be in the output */
  select: KeyPath;
  tensors: PromisedTensor[];
  /** torch output keeps storages whole and views as they were; safetensors stores each tensor alone */
  layout: 'storages' | 'tensors';
  /** false when the reader cannot give the written order back (safetensors sorts by dtype, shard indexes by name) */
  ordered: boolean;
  /** a dangerous output is accepted (--keep-container --trust of a dangerous source); otherwise it is a failure */
  allowDangerous?: boolean;
}

/** Throws FormatError(name, …) at the first difference. */
export function verifyOutput(req: VerifyRequest): { tensors: number } {
  const fail = (why: string): never => {
    throw new FormatError(req.name, `the written output does not hold what the plan promised: ${why}`);
  };
  const ckpt = openCheckpoint(req.entry, { name: req.name });
  if (ckpt.root === null) fail(`it cannot be read back (${ckpt.error?.message ?? 'no object tree'})`);
  // whatever path wrote it, OUT must not be what it was written to fix: a file that runs code
  if (ckpt.safety.verdict === 'dangerous' && !req.allowDangerous) {
    const g = ckpt.safety.globals.find((x) => x.verdict === 'dangerous')!;
    fail(`its pickle reaches ${g.module ? `${g.module}.` : ''}${g.name}, which is dangerous`);
  }
  // an empty state dict is no candidate: then there is nothing to find. The path as the reader gives it:
  // a list index 0 is not the key '0', nor ['a', 'b'] the key 'a/b' (either may hold another state dict)
  const cand = candidateAt(ckpt, req.select);
  const got: [string, PyTensor][] = cand ? candidateEntries(ckpt.root!, cand) : [];
  if (!cand && req.tensors.length > 0) fail(`no state dict at ${formatKeyPath(req.select)}`);
  const order = !req.ordered ? sortedByKey : (x: [string, PyTensor][]) => x;
  const a = order(got);
  const b = order(req.tensors.map((t): [string, PyTensor] => [t.key, { kind: 'tensor', info: t.info, original: null }]));
  if (a.length !== b.length) fail(`${a.length} tensors instead of ${b.length}`);
  for (let i = 0; i < b.length; i++) {
    const [k, t] = a[i]!;
    const [wantKey, w] = b[i]!;
    if (k !== wantKey) fail(`tensor ${i} is '${k}' instead of '${wantKey}'`);
    const problem = tensorDifference(t.info, w.info, req.layout);
    if (problem) fail(`'${k}': ${problem}`);
  }
  return { tensors: a.length };
}

function sortedByKey(x: [string, PyTensor][]): [string, PyTensor][] {
  return x.slice().sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
}

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function tensorDifference(got: TensorInfo, want: TensorInfo, layout: VerifyRequest['layout']): string | null {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype} instead of ${want.dtype}`;
  if (!same(got.shape, want.shape)) return `shape [${got.shape}] instead of [${want.shape}]`;
  const bytes = got.storage.bytes;
  if (!bytes) return 'its storage has no bytes';
  const have = locationLength(bytes);
  if (layout === 'tensors') {
    const n = numel(want.shape) * itemSize(want.dtype);
    return have === n ? null : `${have} bytes instead of ${n}`;
  }
  const wantBytes = want.storage.bytes ? locationLength(want.storage.bytes) : null;
  if (wantBytes !== null && have !== wantBytes) return `storage of ${have} bytes instead of ${wantBytes}`;
  if (!same(got.stride, want.stride)) return `stride [${got.stride}] instead of [${want.stride}]`;
  if (got.storageOffset !== want.storageOffset) return `storage offset ${got.storageOffset} instead of ${want.storageOffset}`;
  return null;
}
