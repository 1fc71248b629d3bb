import type { PyGlobal, PyObject, PyTensor, PyValue } from '../pickle/values.js';
import type { InterpretState } from './interpret.js';
/**
 * The callables torch.save and numpy use to rebuild values, interpreted symbolically (see
 * torch/_utils.py, torch/_tensor.py, torch/nn/parameter.py). A constructor returns the interpreted
 * value, or null to keep the call as a PyObject (unknown callable, or arguments that do not fit: a
 * crafted file must not make interpretation fail, it just stays symbolic).
 *
 * `call` has interpreted arguments; `original` is the untouched symbolic call, kept in the result.
 */
export type Constructor = (call: PyObject, original: PyObject, st: InterpretState) => PyValue | null;
/** where the rebuild calls keep requires_grad and the dtype (v3 only), by argument index */
export interface RebuildLayout {
    grad: number | null;
    dtypeAt: number | null;
}
/** The layout of `f`'s arguments when `f` is a plain tensor rebuild, else null. */
export declare function plainRebuildOf(f: PyGlobal): RebuildLayout | null;
export declare function construct(call: PyObject, original: PyObject, st: InterpretState): PyValue | null;
/**
 * A plain tensor rebuild read straight from its symbolic call, before (and instead of) interpreting
 * its arguments: the interpreter's fast path for the 100,000 rebuilds of a large state dict. Returns
 * null, having done nothing, unless the call is exactly what `rebuildTensor` would turn into a tensor
 * AND interpreting its arguments could neither change that tensor nor have any effect of its own
 * (a warning, a storage or ndarray met, a nested tensor): every argument but the storage is inert (see
 * `inert`), and the storage is a persistent id naming a storage. Then the result is the one the full
 * path gives, since `rebuildTensor` reads those arguments the same way uninterpreted, and the storage
 * is resolved at the same point of the walk (it is the first argument to be interpreted).
 *
 * The one effect left is the storage lookup; a lookup that finds nothing is pure (InterpretContext),
 * so the full path can follow when it does. `pidMayRecur`: the persistent id may be met again elsewhere
 * in the tree (it is shared), so its resolution is remembered for it; else it is not (100,000 map entries
 * nobody would read).
 */
export declare function directRebuild(call: PyObject, layout: RebuildLayout, st: InterpretState, pidMayRecur: boolean): PyTensor | null;
