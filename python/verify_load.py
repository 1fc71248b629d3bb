#!/usr/bin/env python3
"""Check that a checkpoint really loads into a model, with strict=True, and holds exactly the expected tensors.

    python verify_load.py CHECKPOINT|INDEX.json --module pkg.mod:ctor [--kwargs '{"num_classes": 5}'] [--reference REF.pt]
                          [--select trainer/var_wo_ddp] [--transpose KEY ...] [--require-weights-only]

Steps: load CHECKPOINT (torch.load, and again with weights_only=True — both must give identical tensors; a
.safetensors file is read by the hand-written reader), pick the state dict (--select, else as
sdmatch_manifest.py picks it), transpose the --transpose entries (2-D, `.t()`: to check a Conv1D-layout source
against a Linear model without rewriting it), build the model and run load_state_dict(sd, strict=True), then
compare every tensor of model.state_dict() bit-for-bit (dtype, shape, bytes; quantization parameters too) with
the --reference state dict. The working directory is importable, so `--module fixtures.models:build_cnn` works
from the project root.

Prints one JSON line and exits 0 when ok, 1 otherwise:
    {"ok": true, "strict": true, "weights_only": true, "equal": N}
    {"ok": false, "stage": "load_state_dict", "error": "...", "strict": false, ...}
`weights_only` says whether torch.load(weights_only=True) accepted the file (true for safetensors: no pickle);
it only makes `ok` false with --require-weights-only.
"""

import argparse
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

import safetensors_io  # noqa: E402
import sdmatch_manifest  # noqa: E402


class Failure(Exception):
    def __init__(self, stage, message, **extra):
        super().__init__(message)
        self.stage = stage
        self.extra = extra


def fingerprint(t):
    """What must match bit-for-bit: dtype, shape and element bytes (for quantized tensors, the integer
    representation and the quantization parameters)."""
    t = t.detach().cpu()
    if t.is_quantized:
        scheme = str(t.qscheme())
        if 'per_channel' in scheme:
            params = (safetensors_io.tensor_bytes(t.q_per_channel_scales()),
                      safetensors_io.tensor_bytes(t.q_per_channel_zero_points()), t.q_per_channel_axis())
        else:
            params = (t.q_scale(), t.q_zero_point())
        return (str(t.dtype), tuple(t.shape), scheme, params, safetensors_io.tensor_bytes(t.int_repr()))
    return (str(t.dtype), tuple(t.shape), safetensors_io.tensor_bytes(t))


def load_any(path, weights_only):
    if path.endswith('.safetensors'):
        return safetensors_io.load_file(path)[0]
    return torch.load(path, map_location='cpu', weights_only=weights_only)


def load_checkpoint(path):
    """(loaded object, whether weights_only accepted it, its refusal if not)."""
    if path.endswith('.index.json'):
        return load_sharded(path)
    if path.endswith('.safetensors'):
        return load_any(path, False), True, None
    try:
        full = torch.load(path, map_location='cpu')
    except Exception as err:
        raise Failure('torch.load', sdmatch_manifest.first_line(err))
    try:
        safe = torch.load(path, map_location='cpu', weights_only=True)
    except Exception as err:  # UnpicklingError for globals weights_only does not allow
        return full, False, sdmatch_manifest.first_line(err)
    compare_trees(full, safe)
    return full, True, None


def load_sharded(index_path):
    """A shard index as transformers loads it: every shard it names, merged into one state dict."""
    with open(index_path) as f:
        weight_map = json.load(f)['weight_map']
    merged, weights_only, refusal = {}, True, None
    for shard in sorted(set(weight_map.values())):
        sd, ok, why = load_checkpoint(os.path.join(os.path.dirname(index_path), shard))
        merged.update(sd)
        weights_only, refusal = weights_only and ok, refusal or why
    missing = [k for k in weight_map if k not in merged]
    if missing:
        raise Failure('index', f'{len(missing)} key(s) of the index are in no shard, e.g. {missing[0]}')
    return merged, weights_only, refusal


def compare_trees(full, safe):
    a, b = [], []
    collect(full, [], a)
    collect(safe, [], b)
    if [(p, fingerprint(t)) for p, t in a] != [(p, fingerprint(t)) for p, t in b]:
        raise Failure('weights_only', 'torch.load and torch.load(weights_only=True) gave different tensors')


def collect(obj, path, out):
    if isinstance(obj, torch.Tensor):
        out.append((path, obj))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            collect(v, path + [str(k)], out)
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            collect(v, path + [i], out)


def verify(args):
    obj, weights_only, refusal = load_checkpoint(args.checkpoint)
    result = {'weights_only': weights_only}
    if refusal:
        result['weights_only_error'] = refusal
    try:
        _, state_dict = sdmatch_manifest.pick_state_dict(obj, args.select)
    except SystemExit as err:
        raise Failure('select', str(err))
    state_dict = dict(state_dict)
    for key in args.transpose:
        if key not in state_dict:
            raise Failure('transpose', f'no key {key!r} to transpose')
        if state_dict[key].dim() != 2:
            raise Failure('transpose', f'{key!r} has {state_dict[key].dim()} dimensions, not 2')
        state_dict[key] = state_dict[key].t().contiguous()

    try:
        model = sdmatch_manifest.load_constructor(args.module)(**json.loads(args.kwargs))
    except (ImportError, AttributeError, TypeError, ValueError, SystemExit) as err:
        raise Failure('module', f'cannot build {args.module}: {err}')
    try:
        model.load_state_dict(state_dict, strict=True)
    except RuntimeError as err:
        raise Failure('load_state_dict', str(err), strict=False)
    result['strict'] = True

    loaded = model.state_dict()
    if args.reference:
        reference = load_any(args.reference, False)
        _, reference = sdmatch_manifest.pick_state_dict(reference, None)
        missing = [k for k in reference if k not in loaded]
        extra = [k for k in loaded if k not in reference]
        differ = [k for k in reference if k in loaded and fingerprint(loaded[k]) != fingerprint(reference[k])]
        if missing or extra or differ:
            raise Failure('compare', 'tensors differ from the reference', strict=True,
                          differ=differ, missing_from_model=missing, not_in_reference=extra)
        result['equal'] = len(reference)
    if args.require_weights_only and not weights_only:
        raise Failure('weights_only', refusal or 'torch.load(weights_only=True) refused the file', strict=True)
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description='Load a checkpoint into a model with strict=True and compare tensors.')
    parser.add_argument('checkpoint')
    parser.add_argument('--module', required=True, help='pkg.module:constructor building the model')
    parser.add_argument('--kwargs', default='{}', help='JSON object of constructor keyword arguments')
    parser.add_argument('--reference', help='state dict (torch file or .safetensors) the loaded model must equal')
    parser.add_argument('--select', help='path to the state dict inside the checkpoint, e.g. trainer/var_wo_ddp')
    parser.add_argument('--transpose', action='append', default=[], metavar='KEY',
                        help='transpose this 2-D entry before loading (repeatable)')
    parser.add_argument('--require-weights-only', action='store_true',
                        help='fail unless torch.load(weights_only=True) accepts the checkpoint')
    args = parser.parse_args(argv)
    try:
        result = verify(args)
        out = {'ok': True, 'strict': result.pop('strict'), 'weights_only': result.pop('weights_only'), **result}
        code = 0
    except Failure as f:
        out = dict(ok=False, stage=f.stage, error=str(f), **f.extra)
        out.setdefault('strict', False)
        code = 1
    print(json.dumps(out))
    return code


if __name__ == '__main__':
    sys.exit(main())
