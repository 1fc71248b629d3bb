"""Checks a checkpoint sdmatch consolidated from a DCP fixture against the model it came from.

    /usr/bin/python3 test/python/dcp_consolidated.py FIXTURE OUTPUT [--wrapped]

OUTPUT is a torch file, a .safetensors file, or a folder of shards with an index. The model is
fixtures/dcp.py's (every tensor overwritten first, so a load that changes nothing is caught; with --wrapped
one level down, under `net.`); load_state_dict(strict=True) must accept the output as loaded with
torch.load(weights_only=True) (or the hand-written safetensors reader), and every tensor of the loaded model
must equal the tensor torch saved into the fixture, bit for bit. Prints one JSON line; exit 0 when ok.
"""

import json
import os
import sys

sys.dont_write_bytecode = True
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, 'python'))

import torch  # noqa: E402

import safetensors_io  # noqa: E402
from fixtures import dcp  # noqa: E402
from verify_load import fingerprint  # noqa: E402


def load(path):
    if os.path.isdir(path):
        index = [f for f in os.listdir(path) if f.endswith('.index.json')]
        if len(index) != 1:
            raise SystemExit(f'{path}: {len(index)} index files')
        weight_map = json.load(open(os.path.join(path, index[0])))['weight_map']
        out = {}
        for shard in sorted(set(weight_map.values())):
            part = load(os.path.join(path, shard))
            for k, v in part.items():
                if weight_map.get(k) != shard:
                    raise SystemExit(f'{shard} holds {k}, which the index puts in {weight_map.get(k)}')
                out[k] = v
        if set(out) != set(weight_map):
            raise SystemExit('the shards do not hold every key of the index')
        return out
    if path.endswith('.safetensors'):
        return safetensors_io.load_file(path)[0]
    return torch.load(path, map_location='cpu', weights_only=True)


def main():
    fixture, output = sys.argv[1], sys.argv[2]
    wrapped = '--wrapped' in sys.argv[3:]
    state_dict = load(output)
    model = dcp.build_wrapped(fixture) if wrapped else dcp.build_blank(fixture)
    try:
        model.load_state_dict(state_dict, strict=True)
    except RuntimeError as err:
        print(json.dumps({'ok': False, 'stage': 'load_state_dict', 'error': str(err)}))
        return 1
    prefix = 'net.' if wrapped else ''
    expected = {prefix + k: v for k, v in dcp.expected_state_dict(fixture).items()}
    loaded = model.state_dict()
    differ = [k for k in expected if k not in loaded or fingerprint(loaded[k]) != fingerprint(expected[k])]
    extra = [k for k in loaded if k not in expected]
    ok = not differ and not extra
    print(json.dumps({'ok': ok, 'strict': True, 'equal': len(expected) - len(differ), 'differ': differ, 'extra': extra}))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
