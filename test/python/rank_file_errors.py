"""Review25 F12: one rank's file of a DeepSpeed or Megatron-LM folder passed whole to load_state_dict.

    python test/python/rank_file_errors.py OUT

Writes, under OUT, a DeepSpeed ZeRO-2 folder (one model-parallel rank) and a Megatron-LM TP=2 folder with
fixtures/distributed.py's writers, and for each the error torch 1.13 raises on
`model.load_state_dict(torch.load(RANK_FILE))`: the object torch.save wrote is kept in memory and passed as it
is, so no pickle is loaded. Then says, in one JSON line, what each field the words name does in torch: whether
`state['module']` loads strict into the DeepSpeed model, and what `state['model']` of Megatron's rank 0 raises.
"""
import json
import os
import sys

import torch

import fixtures.distributed as D

out = os.path.abspath(sys.argv[1])
D.HERE = out
saved = {}
_save = torch.save


def keep(obj, path, *a, **k):
    saved[os.path.relpath(path, out)] = obj
    return _save(obj, path, *a, **k)


torch.save = keep


def error_of(model, state):
    try:
        model.load_state_dict(state)
    except RuntimeError as e:
        return 'RuntimeError: ' + str(e)
    return None


D.write_deepspeed_zero12('ds', stage=2, dtype=torch.float16, dp=2, seed=1)
ds_state = saved['ds/global_step10/mp_rank_00_model_states.pt']
ds_model = D.tiny_lm()
torch.manual_seed(7)
args = D.megatron_args(tensor_model_parallel_size=2, swiglu=True, group_query_attention=True, num_query_groups=2)
D.write_megatron('mg', D.CoreGPT(16, 8, 12, 2, 16, swiglu=True), args, tp=2, pp=1)
mg_state = saved['mg/iter_0000100/mp_rank_00/model_optim_rng.pt']
mg_model = D.core_gpt_tp2()

for name, model, state in (('ds', ds_model, ds_state), ('mg', mg_model, mg_state)):
    with open(os.path.join(out, f'{name}.err.txt'), 'w') as f:
        f.write(error_of(model, state) + '\n')

module_error = error_of(ds_model, ds_state['module'])
module_equal = module_error is None and all(torch.equal(v, ds_state['module'][k].to(v.dtype)) for k, v in ds_model.state_dict().items())
mg_field_error = error_of(mg_model, mg_state['model']) or ''
print(json.dumps({'ds_module_loads': module_error is None, 'ds_module_equal': module_equal,
                  'mg_model_size_mismatch': 'size mismatch' in mg_field_error}))
