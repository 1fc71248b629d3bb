/**
 * The object tree written out: the remapped state dict alone (an OrderedDict with its `_metadata`, as
 * `model.state_dict()` gives), or the whole source tree with only the selected state dict replaced.
 * The source tree is never mutated: containers on the path to the replaced dict are copied, everything
 * else (optimizer state, epoch, args, objects sdmatch does not understand) is the very same node, so the
 * pickle writer replays it exactly.
 */
import type { KeyPath } from '../checkpoint/types.js';
import type { PyDict, PyTensor, PyValue } from '../formats/pickle/values.js';
/**
 * The new state dict. Built like the source dict when it was one (its class and construction are
 * replayed), else as a plain OrderedDict (TorchScript modules, safetensors, shards).
 */
export declare function stateDictNode(entries: [string, PyTensor][], like: PyDict | null, attrs: PyValue | undefined): PyDict;
/** `root` with the value at `path` replaced by `value`; the containers on the path are copied. */
export declare function replaceAt(root: PyValue, path: KeyPath, value: PyValue, file: string): PyValue;
