import { describe, expect, it } from 'vitest';
import { rankFilePass } from '../../src/analysis/rank-file.js';
import type { NamedMember } from '../../src/checkpoint/types.js';

/** review25 F12: what a rank file passed whole holds, said from its own fields (no file is read here). */
const member = (file: string, over: Partial<NamedMember> = {}): NamedMember => ({ file, folder: 'ckpt/global_step10', fields: ['module', 'optimizer', 'ds_version'], stateDicts: ['module'], emptyOnly: [], ...over });
const unexpected = ['module', 'optimizer', 'ds_version'];

describe('rankFilePass', () => {
  it('is nothing when the folder itself was named, or for a layout without rank files torch.load reads', () => {
    expect(rankFilePass({ format: 'deepspeed', member: undefined, selected: ['model'], unexpected })).toBeNull();
    expect(rankFilePass({ format: 'dcp', member: member('ckpt/__0_0.distcp'), selected: ['model'], unexpected })).toBeNull();
  });

  it("DeepSpeed, one model-parallel rank: checkpoint['module'] loads, and the folder gives the fp32 masters", () => {
    const r = rankFilePass({ format: 'deepspeed', member: member('ckpt/global_step10/mp_rank_00_model_states.pt'), files: ['ckpt/global_step10/mp_rank_00_model_states.pt', 'ckpt/global_step10/zero_pp_rank_0_mp_rank_00_optim_states.pt'], selected: ['model'], unexpected });
    expect(r?.access).toBe("checkpoint['module']");
    expect(r?.message).toMatch(/its weights are at `checkpoint\['module'\]`.*load that instead; the fp32 master weights/);
  });

  it('DeepSpeed ZeRO-3: the module holds placeholders, so no one file is the model', () => {
    const r = rankFilePass({ format: 'deepspeed', member: member('ckpt/global_step10/zero_pp_rank_0_mp_rank_00_model_states.pt', { emptyOnly: ['module'] }), selected: ['model'], unexpected });
    expect(r?.access).toBeNull();
    expect(r?.message).toMatch(/only empty placeholders .* pass the folder, not one file/);
  });

  it("DeepSpeed's pipeline engine: the rank file's module holds no tensor (the layer files do)", () => {
    const r = rankFilePass({ format: 'deepspeed', member: member('ckpt/global_step10/mp_rank_00_model_states.pt', { stateDicts: [] }), selected: ['model'], unexpected });
    expect(r?.access).toBeNull();
    expect(r?.message).toMatch(/its `module` holds no weights \(no tensor in it\): pass the folder/);
  });

  it('Megatron: a tensor-parallel rank is half of each split tensor; a pipeline stage is part of the model', () => {
    const files = ['it/mp_rank_00_000/model_optim_rng.pt', 'it/mp_rank_01_000/model_optim_rng.pt', 'it/mp_rank_00_001/model_optim_rng.pt', 'it/mp_rank_01_001/model_optim_rng.pt'];
    const m = member(files[0]!, { folder: 'it', fields: ['args', 'model', 'rng_state'], stateDicts: ['model'] });
    const tp = rankFilePass({ format: 'megatron', member: m, tensorParallel: 2, files, selected: ['model'], unexpected: m.fields });
    expect(tp?.message).toMatch(/one of 4 rank files .* one of 2 tensor-parallel ranks: each split tensor there is 1\/2/);
    const pp = rankFilePass({ format: 'megatron', member: m, tensorParallel: 1, files, selected: ['model'], unexpected: m.fields });
    expect(pp?.message).toMatch(/one pipeline stage's \(or expert rank's\) share of 4/);
    expect(pp?.access).toBeNull();
    const one = rankFilePass({ format: 'megatron', member: m, tensorParallel: 1, files: files.slice(0, 1), selected: ['model'], unexpected: m.fields });
    expect(one?.access).toBe("checkpoint['model']");
    expect(one?.message).toMatch(/load that instead$/);
  });
});
