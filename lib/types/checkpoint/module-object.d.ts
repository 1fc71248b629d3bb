import type { PyObject, PyTensor, PyValue } from '../formats/pickle/values.js';
/**
 * Whole nn.Module objects pickled by torch.save(model): instances whose BUILD state is the module's
 * `__dict__`, with `_parameters`, `_buffers` and `_modules` ordered dicts. Their state dict is what
 * `model.state_dict()` would return, named by module path.
 */
export declare function isModuleObject(v: PyValue): v is PyObject;
/** [state-dict key, tensor] in `state_dict()` order: each module's parameters, persistent buffers, then children. */
export declare function moduleStateDict(root: PyObject): [string, PyTensor][];
