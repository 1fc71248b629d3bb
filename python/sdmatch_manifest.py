#!/usr/bin/env python3
"""Write the manifest of what a model expects (or what a checkpoint holds) for sdmatch to diff against.

    python sdmatch_manifest.py module my_pkg.models:build_model [--kwargs '{"num_classes": 10}'] -o model.json
    python sdmatch_manifest.py checkpoint ckpt.pt [--select trainer/var_wo_ddp] [--trust] -o model.json

Manifest: {"format": "sdmatch-manifest", "version": 1, "tensors": {key: {"shape": [...], "dtype": "float32"}},
"tied": [[key, key, ...], ...]} with keys in state_dict order and dtypes as PyTorch names without `torch.`. `tied`
groups the keys that are one tensor under several names: one storage viewed the same way (offset, shape, stride;
a tied weight: `lm_head.weight = embed.weight`), as the model or torch.load shares them (slices of one fused storage
hold other values and are not tied); it is left out where storages cannot be told (safetensors, numpy arrays), and sdmatch then
knows no tie. On `meta` every data pointer is 0, so storages are told apart by their storage objects.
The manifest of a module also records `"modules": {"h.0.attn.c_attn": "Conv1D", ...}`: the class name of each
module that holds a state_dict entry ("" the root). A square weight whose module went from a Conv1D (stored
[in, out]) to a Linear ([out, in]) has the same key and shape either way; the classes show it (sdmatch then
transposes it). Absent (a checkpoint's manifest): sdmatch cannot say.

A Megatron (or Megatron-DeepSpeed) save's `args` and `checkpoint_version` lay out its fused q/k/v rows: the
manifest keeps the ones that do (`"megatron": {"num_attention_heads": 4, "hidden_size": 8, "kv_channels": 2,
"checkpoint_version": 1}`), as `sdmatch manifest` writes and reads them (src/formats/manifest.ts MEGATRON_ARGS):
positive integers, `group_query_attention` a boolean, `checkpoint_version` a number >= 0; a value of another type is
left out. The args are an argparse.Namespace, which weights_only refuses: it is read as an inert attribute
holder (no code of the file runs), so no --trust is needed for it.

Building a model without allocating its weights: torch >= 2.0 has `with torch.device('meta')`, which this uses
when present. torch 1.13 lacks it, so the constructor is called with `device='meta'` when its signature accepts a
`device` argument (most torch.nn layers and well-written builders do); otherwise it is built normally on the CPU.
`module.state_dict()` itself copies nothing: it hands out detached views of the parameters.

Checkpoints are read with `torch.load(weights_only=True)` (never running pickled code), onto `meta` when this
torch can, else the CPU. torch 1.13's weights_only loader lacks the float opcode; for such files the same global
allowlist is enforced through Python's own unpickler (find_class restricted), so a learning rate needs no --trust. `--trust` falls back to a full unpickle for files weights_only refuses (e.g. ones that
pickle an argparse.Namespace): only use it on files you trust. `.safetensors` files are read from their header.
Runnable as a script and importable; depends on nothing but torch.
"""

import argparse
import importlib
import inspect
import json
import os
import pickle
import sys
from collections.abc import Mapping

import torch

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402  (sibling module, found through the line above)

# Where training scripts keep the model weights, in the order a person would look.
STATE_DICT_KEYS = ('state_dict', 'model_state_dict', 'model', 'module', 'net', 'network', 'weights', 'params',
                   'model_ema', 'ema')

# The Megatron args a manifest keeps, in the order sdmatch writes them (src/formats/manifest.ts MEGATRON_ARGS;
# its last, tensor_model_parallel_size, is written by megatron_fields only when it is 1).
MEGATRON_ARGS = ('num_attention_heads', 'hidden_size', 'kv_channels', 'num_query_groups', 'group_query_attention')


def dtype_name(dtype):
    """`torch.float32` → `float32`; numpy dtypes map to the torch name of the same type."""
    text = str(dtype)
    if text.startswith('torch.'):
        return text[len('torch.'):]
    import numpy  # only reached for ndarray-valued checkpoints, which need numpy anyway
    return str(torch.from_numpy(numpy.zeros(0, dtype=dtype)).dtype)[len('torch.'):]


def is_tensor_like(value):
    if isinstance(value, torch.Tensor):
        return True
    return type(value).__name__ == 'ndarray' and type(value).__module__ == 'numpy'


def entry_of(value):
    return {'shape': [int(d) for d in value.shape], 'dtype': dtype_name(value.dtype)}


def storage_id(tensor):
    """What identifies the storage a tensor views (its StorageImpl), or None when it has none to tell.
    Not data_ptr(): on `meta` every tensor's is 0. torch >= 2.0 has untyped_storage(); 1.13 storage()._untyped()."""
    if not isinstance(tensor, torch.Tensor) or tensor.layout != torch.strided:
        return None
    try:
        if hasattr(tensor, 'untyped_storage'):
            return tensor.untyped_storage()._cdata
        storage = tensor.storage()
        return (storage._untyped() if hasattr(storage, '_untyped') else storage)._cdata
    except Exception:  # a tensor subclass without a plain storage: no tie can be told
        return None


def tied_groups(tensors):
    """Groups (two or more keys, in state_dict order) of the name → tensor pairs that view one storage the same
    way (offset, shape, stride: the same values by construction, as sdmatch reads a torch file's ties);
    None when some tensor's storage cannot be told (then no group is claimed, not even the ones found)."""
    by_storage = {}
    for key, value in tensors:
        sid = storage_id(value)
        if sid is None:
            return None
        view = (sid, value.storage_offset(), tuple(value.shape), tuple(value.stride()))
        by_storage.setdefault(view, []).append(key)
    return [keys for keys in by_storage.values() if len(keys) > 1]


def manifest_of_state_dict(state_dict, storages=True):
    """The manifest of a mapping of name → tensor, in its order. Non-tensor entries are left out (and said so).
    `storages`: whether the tensors share storages as the model does (not when read from safetensors)."""
    tensors = {}
    skipped = []
    kept = []
    for key, value in state_dict.items():
        if is_tensor_like(value):
            tensors[str(key)] = entry_of(value)
            kept.append((str(key), value))
        else:
            skipped.append(str(key))
    if skipped:
        print('sdmatch_manifest: left out non-tensor entries: ' + ', '.join(skipped), file=sys.stderr)
    manifest = {'format': 'sdmatch-manifest', 'version': 1, 'tensors': tensors}
    tied = tied_groups(kept) if storages else None
    if tied is not None:
        manifest['tied'] = tied
    return manifest


def module_classes(module, keys):
    """module name -> class name for every module that holds one of `keys` directly ("" the root)."""
    owners = {k.rpartition('.')[0] for k in keys}
    try:
        named = module.named_modules(remove_duplicate=False)
    except TypeError:  # torch before remove_duplicate: a module shared under two names is listed once
        named = module.named_modules()
    return {name: type(m).__name__ for name, m in named if name in owners}


def manifest_of_module(module_or_ctor, kwargs=None):
    """The manifest of an nn.Module, or of what a constructor builds (on `meta` when possible)."""
    if isinstance(module_or_ctor, torch.nn.Module):
        module = module_or_ctor
    else:
        module = build_without_weights(module_or_ctor, kwargs or {})
    manifest = manifest_of_state_dict(module.state_dict())
    manifest['modules'] = module_classes(module, manifest['tensors'])
    return manifest


def build_without_weights(ctor, kwargs):
    if hasattr(torch.device('cpu'), '__enter__'):
        with torch.device('meta'):
            return ctor(**kwargs)
    if accepts_device(ctor) and 'device' not in kwargs:
        try:
            return ctor(**kwargs, device='meta')
        except TypeError as err:
            # a builder taking **kwargs may hand them to a class that takes no `device` (torchvision's resnet18
            # on torch 1.13: "ResNet.__init__() got an unexpected keyword argument 'device'"): then it is
            # built normally on the CPU, as the docstring says; any other TypeError is the constructor's own
            if not refuses_device(err):
                raise
    return ctor(**kwargs)


def refuses_device(err):
    """Is this TypeError a call refusing the `device` keyword (and nothing else)?"""
    return "unexpected keyword argument 'device'" in str(err)


def accepts_device(ctor):
    try:
        params = inspect.signature(ctor).parameters
    except (TypeError, ValueError):
        return False
    return 'device' in params or any(p.kind == p.VAR_KEYWORD for p in params.values())


def load_constructor(spec):
    """`pkg.module:function` → the callable. The working directory is importable, as with `python -m`.
    A name that does not import is one line (SystemExit), not a traceback."""
    if ':' not in spec:
        raise SystemExit(f'sdmatch_manifest: expected module:function, got {spec!r}')
    module_name, attr = spec.split(':', 1)
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        target = importlib.import_module(module_name)
    except ImportError as err:
        raise SystemExit(f'sdmatch_manifest: cannot import {module_name!r} (of {spec!r}): {first_line(err)}')
    for part in attr.split('.'):
        try:
            target = getattr(target, part)
        except AttributeError:
            near = [n for n in dir(target) if n.lower() == part.lower() or n.lower().startswith(part.lower()[:4])][:3]
            hint = f'; did you mean {" or ".join(near)}?' if near else ''
            raise SystemExit(f'sdmatch_manifest: {spec!r}: {type(target).__name__} {getattr(target, "__name__", "")!s} '
                             f'has no attribute {part!r}{hint}')
    if not callable(target):
        raise SystemExit(f'sdmatch_manifest: {spec!r} is a {type(target).__name__}, not a constructor')
    return target


def build_module(spec, ctor, kwargs):
    """Call the constructor; its failure (a wrong argument, say) is one line naming the call."""
    try:
        module = build_without_weights(ctor, kwargs)
    except Exception as err:  # the user's constructor: any exception is theirs to read, in one line
        call = f'{spec}(**{json.dumps(kwargs)})' if kwargs else f'{spec}()'
        raise SystemExit(f'sdmatch_manifest: {call} failed: {type(err).__name__}: {first_line(err)}')
    if not isinstance(module, torch.nn.Module):
        raise SystemExit(f'sdmatch_manifest: {spec} returned a {type(module).__name__}, not a torch.nn.Module')
    return module


class _RestrictedUnpickler(pickle.Unpickler):
    """Python's unpickler (every opcode, floats included) that may only name the globals torch's own
    weights_only loader allows: torch 1.13's weights_only unpickler lacks the BINFLOAT opcode, so it refuses
    any checkpoint holding a float (a learning rate, a loss) although nothing in it needs trusting. Restricting
    find_class is the documented way to unpickle safely ("Restricting Globals", the pickle docs): no callable
    outside torch's allowlist can be reached, so no code from the file runs."""

    def find_class(self, module, name):
        allowed = _weights_only_globals()
        key = f'{module}.{name}'
        if key in allowed:
            return allowed[key]
        if key == 'argparse.Namespace':
            return _SavedArgs  # a Megatron save's args: attributes only, nothing of argparse runs
        raise pickle.UnpicklingError(f'global {key} is not allowed (weights_only)')


class _SavedArgs:
    """What an argparse.Namespace in a checkpoint unpickles to here: pickle makes it with object.__new__ (NEWOBJ)
    and fills its __dict__ (BUILD); it defines nothing that could run."""


def _weights_only_globals():
    from torch import _weights_only_unpickler
    return _weights_only_unpickler._get_allowed_globals()


class _RestrictedPickleModule:
    """What torch.load's pickle_module must provide; load runs _RestrictedUnpickler."""
    Unpickler = _RestrictedUnpickler
    UnpicklingError = pickle.UnpicklingError

    @staticmethod
    def load(file, **kwargs):
        return _RestrictedUnpickler(file, **kwargs).load()


def _restricted_load(path):
    """torch.load's own readers (zip or legacy) with _RestrictedPickleModule as the unpickler. Called directly:
    torch 1.13's torch.load replaces any pickle_module it is given by pickle when weights_only is off."""
    from torch import serialization
    with open(path, 'rb') as f:
        if serialization._is_zipfile(f):
            with serialization._open_zipfile_reader(f) as zipped:
                return serialization._load(zipped, 'cpu', _RestrictedPickleModule, encoding='utf-8')
        return serialization._legacy_load(f, 'cpu', _RestrictedPickleModule, encoding='utf-8')


def load_checkpoint(path, trust=False):
    """The loaded object of a torch/pickle checkpoint (weights_only unless `trust`), or name → tensor for safetensors."""
    if str(path).endswith('.safetensors'):
        return safetensors_io.load_file(path)[0]
    try:
        return torch.load(path, map_location='meta', weights_only=True)
    except Exception:
        pass  # this torch may not map these storages to meta; the CPU attempt below reports real refusals
    try:
        return torch.load(path, map_location='cpu', weights_only=True)
    except Exception as err:  # weights_only raises UnpicklingError for globals it does not allow
        refusal = err
    if 'Unsupported operand' in str(refusal) or 'argparse' in str(refusal):
        # an opcode this torch's weights_only loader lacks (1.13: floats), or a Megatron save's args (a Namespace):
        # the same allowlist with Python's opcodes, the Namespace an inert holder of its attributes
        try:
            return _restricted_load(path)
        except Exception as err:
            refusal = err
    if not trust:
        raise SystemExit(f'sdmatch_manifest: {path}: torch.load(weights_only=True) refused the file: '
                         f'{first_line(refusal)} (pass --trust to unpickle it fully, only if you trust it)')
    return torch.load(path, map_location='cpu')


def first_line(err):
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def parse_select(select):
    """`trainer/var_wo_ddp` or a list → path parts; numeric parts index lists."""
    if select is None:
        return None
    parts = select.split('/') if isinstance(select, str) else list(select)
    return [p for p in parts if p != '']


def follow(obj, path):
    for part in path:
        if isinstance(obj, Mapping):
            if part in obj:
                obj = obj[part]
            elif isinstance(part, str) and part.lstrip('-').isdigit() and int(part) in obj:
                obj = obj[int(part)]
            else:
                raise SystemExit(f'sdmatch_manifest: no key {part!r} in the selected mapping '
                                 f'(keys: {", ".join(map(str, list(obj)[:20]))})')
        elif isinstance(obj, (list, tuple)):
            obj = obj[int(part)]
        else:
            raise SystemExit(f'sdmatch_manifest: cannot select {part!r} inside a {type(obj).__name__}')
    return obj


def is_state_dict(obj):
    if not isinstance(obj, Mapping) or not obj:
        return False
    tensors = sum(1 for v in obj.values() if is_tensor_like(v))
    return tensors > 0 and tensors * 2 >= len(obj) and all(isinstance(k, str) for k in obj)


def pick_state_dict(obj, select=None):
    """(path, mapping): the explicit selection, else the root if it is a state dict, else the first well-known
    key holding one (descending through nested well-known keys), else the largest state dict anywhere."""
    path = parse_select(select)
    if path is not None:
        chosen = follow(obj, path)
        if not isinstance(chosen, Mapping):
            raise SystemExit(f'sdmatch_manifest: {"/".join(path)} is a {type(chosen).__name__}, not a mapping')
        return path, chosen
    if is_state_dict(obj):
        return [], obj
    current, trail = obj, []
    while isinstance(current, Mapping):
        key = next((k for k in STATE_DICT_KEYS if k in current and isinstance(current[k], Mapping)), None)
        if key is None:
            break
        current, trail = current[key], trail + [key]
        if is_state_dict(current):
            return trail, current
    best = None
    for found_path, mapping in walk_mappings(obj, []):
        if is_state_dict(mapping):
            count = sum(1 for v in mapping.values() if is_tensor_like(v))
            if best is None or count > best[0]:
                best = (count, found_path, mapping)
    if best is None:
        raise SystemExit('sdmatch_manifest: found no mapping of names to tensors in the checkpoint')
    return best[1], best[2]


def walk_mappings(obj, path):
    if isinstance(obj, Mapping):
        yield path, obj
        for k, v in obj.items():
            yield from walk_mappings(v, path + [k])
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            yield from walk_mappings(v, path + [i])


def manifest_of_safetensors(path):
    """From the header alone, in the order the tensors' bytes appear in the file."""
    _, header = safetensors_io.read_header(path)
    tensors = {}
    for name, entry in safetensors_io.entries_in_file_order(header):
        dtype = safetensors_io.DTYPE_OF_CODE.get(entry['dtype'])
        tensors[name] = {'shape': entry['shape'], 'dtype': dtype_name(dtype) if dtype is not None else entry['dtype']}
    return {'format': 'sdmatch-manifest', 'version': 1, 'tensors': tensors}


def megatron_fields(obj):
    """The Megatron args a manifest keeps (MEGATRON_ARGS, then checkpoint_version), from the checkpoint's `args`
    (its attributes) and `checkpoint_version`, as sdmatch reads them: only values of the type its reader accepts;
    None when the checkpoint has no args or none of these."""
    if not isinstance(obj, Mapping) or 'args' not in obj:
        return None
    # an object's attributes (the Namespace), as sdmatch reads them; a dict under `args` is no Namespace
    saved = obj['args']
    attrs = None if isinstance(saved, Mapping) else getattr(saved, '__dict__', None)
    if not isinstance(attrs, Mapping):
        return None

    def fits(name, value):
        if name == 'group_query_attention':
            return isinstance(value, bool)
        return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2 ** 53

    fields = {k: attrs[k] for k in MEGATRON_ARGS if k in attrs and fits(k, attrs[k])}
    # tensor_model_parallel_size: the ranks the tensors were joined from; for one file known only when its
    # args say one rank (more: joined by some other tool, in an order nothing records; src/formats/megatron/names.ts)
    tp = attrs.get('tensor_model_parallel_size', attrs.get('model_parallel_size'))
    if tp == 1 and not isinstance(tp, bool):
        fields['tensor_model_parallel_size'] = 1
    version = obj.get('checkpoint_version')
    if isinstance(version, (int, float)) and not isinstance(version, bool) and version >= 0 and version == version and version != float('inf'):
        # written as sdmatch writes a number: 1.0 as 1
        fields['checkpoint_version'] = int(version) if float(version).is_integer() else float(version)
    return fields or None


def manifest_of_checkpoint(path, select=None, trust=False):
    if str(path).endswith('.safetensors') and select is None:
        return manifest_of_safetensors(path)
    obj = load_checkpoint(path, trust)
    chosen_path, state_dict = pick_state_dict(obj, select)
    if select is None and chosen_path:
        print('sdmatch_manifest: using the state dict at ' + '/'.join(map(str, chosen_path)), file=sys.stderr)
    # safetensors stores every tensor apart: what it reads shares nothing, which says nothing of ties
    manifest = manifest_of_state_dict(state_dict, storages=not str(path).endswith('.safetensors'))
    megatron = megatron_fields(obj)
    if megatron is not None:
        manifest['megatron'] = megatron
    return manifest


def manifest_text(manifest):
    """JSON with one tensor per line: readable, diffable, and still plain JSON."""
    lines = [f'  {json.dumps(k)}: {json.dumps(v)}' for k, v in manifest['tensors'].items()]
    body = ('{\n' + ',\n'.join(lines) + '\n}') if lines else '{}'
    tied = (',\n"tied": ' + json.dumps(manifest['tied'])) if 'tied' in manifest else ''
    megatron = (',\n"megatron": ' + json.dumps(manifest['megatron'])) if 'megatron' in manifest else ''
    modules = (',\n"modules": ' + json.dumps(manifest['modules'])) if 'modules' in manifest else ''
    return ('{"format": "sdmatch-manifest", "version": 1, "tensors": ' + body + tied + megatron + modules + '}\n')


def write_manifest(manifest, out):
    text = manifest_text(manifest)
    if out in (None, '-'):
        sys.stdout.write(text)
    else:
        with open(out, 'w') as f:
            f.write(text)


def main(argv=None):
    parser = argparse.ArgumentParser(description='Write an sdmatch manifest of a model or a checkpoint.')
    sub = parser.add_subparsers(dest='command', required=True)
    mod = sub.add_parser('module', help='import pkg.module:constructor, call it, and describe its state_dict')
    mod.add_argument('constructor')
    mod.add_argument('--kwargs', default='{}', help='JSON object of keyword arguments for the constructor')
    mod.add_argument('-o', '--output', default='-')
    ck = sub.add_parser('checkpoint', help='describe the state dict inside a checkpoint file')
    ck.add_argument('path')
    ck.add_argument('--select', default=None, help='path to the state dict inside the file, e.g. trainer/var_wo_ddp')
    ck.add_argument('--trust', action='store_true', help='allow a full unpickle when weights_only refuses the file')
    ck.add_argument('-o', '--output', default='-')
    args = parser.parse_args(argv)
    if args.command == 'module':
        try:
            kwargs = json.loads(args.kwargs)
        except ValueError as err:
            raise SystemExit(f'sdmatch_manifest: --kwargs is not JSON: {err}')
        if not isinstance(kwargs, dict):
            raise SystemExit('sdmatch_manifest: --kwargs must be a JSON object')
        manifest = manifest_of_module(build_module(args.constructor, load_constructor(args.constructor), kwargs))
        what = args.constructor
    else:
        manifest = manifest_of_checkpoint(args.path, args.select, args.trust)
        what = args.path
    write_manifest(manifest, args.output)
    if args.output not in (None, '-'):
        n = len(manifest['tensors'])
        print(f'sdmatch_manifest: wrote {n} tensor{"" if n == 1 else "s"} of {what} to {args.output}', file=sys.stderr)


if __name__ == '__main__':
    main()
