import type { PyDict, PyValue } from '../pickle/values.js';
import { type ZipArchive } from '../zip/reader.js';
import { type TorchRecord } from './archive.js';
import type { TorchFile } from './container.js';
/**
 * TorchScript archives (torch.jit.save): `<folder>/data.pkl` is the module object tree — objects of
 * `__torch__.…` classes whose BUILD state is a dict of attributes (parameters, buffers, submodules,
 * `training` flags) — with storages in `<folder>/data/` as in torch.save archives. The checkpoint's
 * root is the state-dict view of that tree, named by module path as
 * `torch.jit.load(f).state_dict()` names them; the module tree is kept as the view's `original`.
 *
 * Every tensor attribute is listed: without reading code/ there is no telling a buffer from a plain
 * tensor attribute. Tensors inside non-module objects (quantized packed params, whose state is a
 * tuple) are named by their position: `fc._packed_params._packed_params.0`.
 */
export declare function readTorchScript(zip: ZipArchive, file: string, record: TorchRecord): TorchFile;
/** Iterative, identity-guarded: shared submodules are named once per path, cycles are cut. */
export declare function stateDictView(root: PyValue): PyDict;
/** PyTorch 1.0 wrote `<folder>/model.json` (tensors with dims/strides/dataType, module parameters) + `tensors/N`. */
export declare function readModelJson(zip: ZipArchive, file: string, prefix: string): TorchFile;
