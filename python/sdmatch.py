"""sdmatch from Python: explain and fix `load_state_dict` failures from a notebook, in one call.

    import sdmatch
    sdmatch.manifest(model)                      # what the model expects: {key: {shape, dtype}} as a manifest
    print(sdmatch.explain(err))                  # err: the RuntimeError load_state_dict raised, or its text
    print(sdmatch.explain(err, 'ckpt.pt'))       # the same, with the checkpoint's shapes
    sdmatch.fix(model, 'ckpt.pt')                # plan, apply, load strict=True; returns the incompatible keys
                                                 # (raises when apply could not verify the values; see fix)

The work is done by the `sdmatch` command line (Node): the one of the package this file ships in
(`../bin/sdmatch.js`, run with `node`), else `sdmatch` on PATH; the SDMATCH environment variable names another
(a command, or a .js file run with node). Nothing here unpickles a checkpoint: the CLI reads it symbolically, and
the fixed file is loaded with `torch.load(weights_only=True)`. Depends on nothing but torch.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

import torch

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402  (sibling module, found through the line above)
import sdmatch_manifest  # noqa: E402

__all__ = ['manifest', 'explain', 'fix', 'Explanation', 'SdmatchError']


class SdmatchError(Exception):
    """The CLI refused the input (its one-line message), or the fixed checkpoint does not fit the model."""


def _command():
    """argv prefix that runs the sdmatch CLI."""
    chosen = os.environ.get('SDMATCH')
    if chosen:
        return [_node(), chosen] if chosen.endswith('.js') else [chosen]
    bundled = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bin', 'sdmatch.js')
    if os.path.exists(bundled):
        return [_node(), os.path.normpath(bundled)]
    found = shutil.which('sdmatch')
    if found:
        return [found]
    raise SdmatchError('sdmatch: the command line is not installed (npm install -g ./sdmatch-X.Y.Z.tgz), '
                       'or set SDMATCH to it')


def _node():
    node = shutil.which('node')
    if not node:
        raise SdmatchError('sdmatch: node (>= 20) is not on PATH; the sdmatch command line runs on it')
    return node


def _run(args, ok=(0,), writes=None):
    """Run `sdmatch ARGS`; exit codes outside `ok` raise with the CLI's own error line. `writes`: the file the
    command writes whenever it succeeds (exit 0 or 1); a run that leaves none did not run as sdmatch (node
    exits 1 on a module it cannot find: review 25 F13i) and raises with its first line, not a later
    FileNotFoundError."""
    r = subprocess.run(_command() + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       env={**os.environ, 'NO_COLOR': '1'})
    if r.returncode not in ok:
        raise SdmatchError(next((l for l in r.stderr.splitlines() if l.strip()), f'exit {r.returncode}'))
    if writes is not None and not os.path.exists(writes):
        # node's own failure is a trace: its Error line says what went wrong
        lines = [l.strip() for l in r.stderr.splitlines() if l.strip()]
        why = next((l for l in lines if l.startswith(('Error', 'sdmatch:'))), lines[0] if lines else 'no message')
        raise SdmatchError(f'sdmatch: {" ".join(_command())} exited {r.returncode} without writing {writes}: {why}')
    return r


def manifest(model, path=None):
    """The manifest of what `model` (an nn.Module, or a state dict) expects; written to `path` when given."""
    if isinstance(model, torch.nn.Module):
        m = sdmatch_manifest.manifest_of_module(model)
    else:
        m = sdmatch_manifest.manifest_of_state_dict(model)
    if path is not None:
        sdmatch_manifest.write_manifest(m, path)
    return m


class Explanation:
    """`sdmatch explain`'s answer: `text` as the CLI prints it, `data` its JSON (schemas/explain.schema.json)."""

    def __init__(self, text, data):
        self.text = text
        self.data = data

    @property
    def fixable(self):
        return bool(self.data.get('fixable'))

    @property
    def summary(self):
        return self.data.get('summary', '')

    def __str__(self):
        return self.text

    def __repr__(self):
        return self.text

    def _repr_pretty_(self, p, cycle):  # IPython / Jupyter
        p.text(self.text)


def explain(error_text_or_exception, checkpoint=None):
    """Why `load_state_dict` failed, and the fix: from the exception (or its text), with the checkpoint's
    shapes when `checkpoint` (a path) is given."""
    text = str(error_text_or_exception)
    if isinstance(error_text_or_exception, BaseException) and type(error_text_or_exception).__name__ not in text:
        text = f'{type(error_text_or_exception).__name__}: {text}'
    with tempfile.TemporaryDirectory(prefix='sdmatch-') as tmp:
        error_file = os.path.join(tmp, 'error.txt')
        with open(error_file, 'w') as f:
            f.write(text)
        inputs = [str(checkpoint), error_file] if checkpoint is not None else [error_file]
        # exit 1: explained, but some keys stay wrong; still an answer
        data = json.loads(_run(['explain', *inputs, '--json'], ok=(0, 1)).stdout)
        shown = _run(['explain', *inputs, '--no-color'], ok=(0, 1)).stdout
    return Explanation(shown.replace(error_file, '<error>'), data)


def _load_output(path):
    if str(path).endswith('.safetensors'):
        return safetensors_io.load_file(path)[0]
    return torch.load(path, map_location='cpu', weights_only=True)


def _filled_in(model, state_dict, key):
    """Whether torch's norm layer fills in the missing counter `key` as it loads (_NormBase._load_from_state_dict:
    a `num_batches_tracked` of a layer tracking running stats whose `_metadata` version is absent or below 2),
    the rule sdmatch's plan, diff, apply and check share (src/analysis/module-versions.ts)."""
    leaf = 'num_batches_tracked'
    if key != leaf and not key.endswith('.' + leaf):
        return False
    name = key[:-len(leaf) - 1] if key != leaf else ''
    module = dict(model.named_modules()).get(name)
    if not isinstance(module, torch.nn.modules.batchnorm._NormBase) or not module.track_running_stats:
        return False
    metadata = getattr(state_dict, '_metadata', None)
    version = (metadata or {}).get(name, {}).get('version')
    return version is None or version < 2


def _fit_problems(model, state_dict):
    """What strict=True would refuse, found before loading: a refused strict load has already copied part."""
    expected = model.state_dict()
    missing = [k for k in expected if k not in state_dict and not _filled_in(model, state_dict, k)]
    unexpected = [k for k in state_dict if k not in expected]
    shapes = [f'{k}: {tuple(state_dict[k].shape)} for {tuple(v.shape)}' for k, v in expected.items()
              if k in state_dict and tuple(state_dict[k].shape) != tuple(v.shape)]
    problems = []
    for what, keys in (('missing', missing), ('unexpected', unexpected), ('shape mismatch', shapes)):
        if keys:
            problems.append(f'{what} ({len(keys)}): {", ".join(keys[:5])}{" …" if len(keys) > 5 else ""}')
    return problems


def _unverified(applied):
    """What apply said it could not verify: its `exit 1:` line (the output loads strict=True into the model's keys
    and shapes, or not, but some values rest on what nothing decided: a layout, a choice of state dict, a tie
    that overwrites a trained tensor) and, at exit 0, the `not verified: …` part of its first line (ops that
    rest on a guess). Review 26 F10: fix() used to drop both, so the CLI's honest exit 1 became a silent success."""
    lines = [l.strip() for l in applied.stdout.splitlines() if l.strip()]
    verdict = next((l for l in reversed(lines) if l.startswith('exit 1:')), None)
    if verdict is None and applied.returncode == 1:
        verdict = 'exit 1: ' + (lines[-1] if lines else 'apply did not verify its output')
    first = lines[0] if lines else ''
    guess = first[first.index('not verified:'):] if 'not verified:' in first else None
    return verdict, guess


def fix(model, checkpoint_path, out_path=None, allow_unverified=False):
    """Fix a checkpoint for `model` and load it: write the model's manifest, `sdmatch plan` the checkpoint
    against it, `sdmatch apply` the plan to `out_path` (default: a temporary file, removed once loaded), then
    `model.load_state_dict(..., strict=True)`. Returns its incompatible keys (empty when it loads).
    Raises SdmatchError, leaving the model untouched, when the CLI refuses the checkpoint, when the plan leaves
    keys the model would refuse (the message says which, and what `sdmatch explain` would), or when apply exits 1
    because some values are not verified although the keys fit (a layout nothing decided, a state dict chosen by
    order, a tie that overwrites a trained tensor): nothing the command line reports as exit 1 becomes a silent
    success here. `allow_unverified=True` loads such an output anyway and issues apply's verdict as a warning.
    Values that rest on a guess at apply's exit 0 are always issued as a warning (`warnings.warn`)."""
    with tempfile.TemporaryDirectory(prefix='sdmatch-') as tmp:
        manifest_file = os.path.join(tmp, 'model.json')
        plan_file = os.path.join(tmp, 'plan.json')
        manifest(model, manifest_file)
        # exit 1: a plan is written but some keys stay wrong; apply's check below says which
        _run(['plan', str(checkpoint_path), manifest_file, '-o', plan_file], ok=(0, 1), writes=plan_file)
        out = out_path if out_path is not None else os.path.join(tmp, 'fixed.pt')
        fmt = [] if out_path is not None else ['--format', 'torch']
        applied = _run(['apply', str(checkpoint_path), plan_file, '-o', str(out), *fmt], ok=(0, 1), writes=str(out))
        state_dict = _load_output(out)
    problems = _fit_problems(model, state_dict)
    if problems:
        raise SdmatchError(f'sdmatch: the fixed checkpoint still does not fit {type(model).__name__}: '
                           + '; '.join(problems) + ' (sdmatch.explain shows why)')
    verdict, guess = _unverified(applied)
    # the manifest is this call's temporary file: name the model instead
    verdict, guess = (None if x is None else x.replace(manifest_file, type(model).__name__) for x in (verdict, guess))
    if verdict is not None and not allow_unverified:
        raise SdmatchError(f'sdmatch: apply did not verify the fixed checkpoint for {type(model).__name__}, so it was '
                           f'not loaded ({verdict[len("exit 1: "):]}); pass allow_unverified=True to load it anyway')
    for said in (verdict, guess):
        if said is not None:
            warnings.warn(f'sdmatch: {said}', stacklevel=2)
    return model.load_state_dict(state_dict, strict=True)
