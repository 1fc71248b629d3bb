#!/usr/bin/env python3
"""Write the checkpoints that the error texts of spec.json imply, with real torch (Debian's torch 1.13).

    node test/cli/implied/make-spec.mjs          # spec.json from the tuning-half texts (after npm run compile)
    /usr/bin/python3 test/cli/implied/generate.py

Each checkpoint is a flat state dict (torch.save zip format) holding the keys its error text shows on the
checkpoint's side: the unexpected keys, the size-mismatched keys at the checkpoint's shape from the
text, plus one key that loaded beside each module the text names (spec.json lists them all). For a text with size lines, `contradicting`
is the same checkpoint with those tensors at the model's shape (a text from another file). Shapes the text does not give are small (spec.json says which). A tensor of more than 4096 elements is
saved as a broadcast view of one element (stride 0): torch.save writes its one-element storage with the full
shape, torch.load returns it with that shape, and the file stays a few KiB. Deterministic (fixed values).
"""
import json
import os
from collections import OrderedDict

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {'float32': torch.float32, 'int64': torch.int64}
BIG = 4096


def tensor(shape, dtype):
    n = 1
    for d in shape:
        n *= d
    if n > BIG:
        return torch.ones(1, dtype=DTYPES[dtype]).expand(*shape)
    return torch.arange(n, dtype=DTYPES[dtype]).reshape(shape) if shape else torch.tensor(3, dtype=DTYPES[dtype])


def main():
    with open(os.path.join(HERE, 'spec.json')) as f:
        spec = json.load(f)
    written = 0
    for case in spec:
        for one in [case] + ([case['contradicting']] if 'contradicting' in case else []):
            sd = OrderedDict((key, tensor(shape, dtype)) for key, shape, dtype in one['tensors'])
            path = os.path.join(HERE, one['file'])
            torch.save(sd, path)
            back = torch.load(path)
            assert list(back) == [t[0] for t in one['tensors']], case['id']
            assert all(list(back[k].shape) == s for k, s, _ in one['tensors']), case['id']
            written += 1
    print(f'wrote {written} checkpoints')


if __name__ == '__main__':
    main()
