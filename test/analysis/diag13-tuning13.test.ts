import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { stackUnusedFromStart } from '../../src/analysis/block-parts.js';

interface Out {
  fixable: boolean;
  readings: { situation: string; chosen: string }[];
  plan: { ops: { op: string }[] };
}
const explain = async (text: string): Promise<Out> => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;

// sharif-apu/twostageHDR_NTIRE21#2 (tuning13), as posted: a strict load that lists nothing missing, and the released
// weights' squeeze-excitation `attention1.fc.*` and `noiseGate*` modules the published model code lacked (the maintainer
// updated the code)
const TWOSTAGE_HDR = `RuntimeError: Error(s) in loading state_dict for ResMKHDR:
        Unexpected key(s) in state_dict: "attention1.fc.0.weight", "attention1.fc.2.weight", "noiseGate1.weight", "noiseGate1.bias", "noiseGate2.weight", "noiseGate2.bias", "attention2.fc.0.weight", "attention2.fc.2.weight".`;

// facebookresearch/co-tracker#123 (tuning13), as posted (the unexpected list cut mid-key): a CoTracker2 checkpoint in the
// CoTracker3 offline model, whose transformer has fewer time blocks and a `corr_mlp` of its own
const CO_TRACKER = `When I call the offline mode for v2, the following error occurs:
RuntimeError: Error(s) in loading state_dict for CoTrackerThreeOffline:
        Missing key(s) in state_dict: "updateformer.vis_conf_head.weight", "updateformer.vis_conf_head.bias", "corr_mlp.fc1.weight", "corr_mlp.fc1.bias", "corr_mlp.fc2.weight", "corr_mlp.fc2.bias". 
        Unexpected key(s) in state_dict: "pos_emb", "norm.weight", "norm.bias", "track_feat_updater.0.weight", "track_feat_updater.0.bias", "vis_predictor.0.weight", "vis_predictor.0.bias", "updateformer.time_blocks.3.attn.to_q.weight", "updateformer.time_blocks.3.attn.to_q.bias", "updateformer.time_blocks.3.attn.to_kv.weight", "updateformer.time_blocks.3.attn.to_kv.bias", "updateformer.time_blocks.3.attn.to_out.weight", "updateformer.time_blocks.3.attn.to_out.bias", "updateformer.time_blocks.3.mlp.fc1.weight", "updateformer.time_blocks.3.mlp.fc1.bias", "updateformer.time_blocks.3.mlp.fc2.weight", "updateformer.time_blocks.3.mlp.fc2.bias", "updateformer.time_blocks.4.a`;

// DennisGankin/species-aware-DNA-LM#4 (tuning13), the warning as posted (cut mid-key by the excerpt): a flash-attention BERT's
// blocks (`mixer.Wqkv`, `mlp.fc2`, `norm1`) not used by transformers' own BertForMaskedLM, which the config's `architectures` built
const DNA_LM = "Models already downloaded.\nSome weights of the model checkpoint at /Users/michaelvolk/Documents/projects/torchcell/src/torchcell/models/pretrained_LLM/fungal_utr/upstream_1000 were not used when initializing BertForMaskedLM: ['bert.encoder.layers.3.mlp.fc2.bias', 'bert.encoder.layers.10.mixer.out_proj.weight', 'bert.encoder.layers.6.mixer.out_proj.weight', 'bert.encoder.layers.11.norm1.weight', 'bert.encoder.layers.11.mlp.fc2.weight', 'bert.encoder.layers.6.mixer.Wqkv.bias', 'bert.encoder.layers.4.norm2.bias', 'bert.encoder.layers.6.mlp.fc2.weight', 'bert.encoder.layers.10.mlp.fc2.bias', 'bert.encoder.layers.5.mixer.out_proj.bias', 'bert.encoder.layers.1.mixer.Wqkv.bias', 'bert.encoder.layers.4.mixer.out_proj.weight', 'bert.encoder.layers.7.norm1.bias', 'bert.encoder.layers.7.norm1.weight', 'bert.encode";

describe('tuning13 texts whose decision was wrong', () => {
  it("a lenient load that leaves whole blocks of a stack unused from its first ones: the model's blocks are another implementation, not parts to drop (block-parts.ts stackUnusedFromStart)", async () => {
    const r = await explain(DNA_LM);
    expect(r.fixable).toBe(false);
    expect(r.readings.find((x) => x.situation === 'unused_parts')?.chosen).toBe('model_lacks');
  });

  it('the same list cut after its seventh key (blocks 3 to 11 left, in no order): the cut may have taken the first blocks, so no drop either', async () => {
    const at = DNA_LM.indexOf("'bert.encoder.layers.6.mlp.fc2.weight'");
    const r = await explain(`${DNA_LM.slice(0, at)}..., 'bert.encode`);
    expect(r.fixable).toBe(false);
    expect(r.readings.find((x) => x.situation === 'unused_parts')?.chosen).toBe('model_lacks');
  });

  it('the blocks past a shallower model\'s depth, unused by a lenient load, are still dropped', async () => {
    const keys = [6, 7, 8].flatMap((i) => [`bert.encoder.layer.${i}.attention.self.query.weight`, `bert.encoder.layer.${i}.output.dense.weight`]);
    const r = await explain(`Some weights of the model checkpoint at bert-base-uncased were not used when initializing BertModel: [${keys.map((k) => `'${k}'`).join(', ')}]`);
    expect(r.readings.find((x) => x.situation === 'unused_parts')?.chosen).toBe('unused');
  });

  it("a cut text: the MLP of a numbered block whose attention stays unexpected is not renamed out of the block (`time_blocks.3.mlp` is no `corr_mlp`; cut-scatter.ts)", async () => {
    const r = await explain(CO_TRACKER);
    expect(r.plan.ops.filter((o) => o.op === 'rename')).toEqual([]);
    expect(r.fixable).toBe(false);
  });

  it("an `fc` layer inside an attention block (`attention1.fc.0`) is no output head: a strict load's body modules the model lacks call for the model's code, not a drop", async () => {
    const r = await explain(TWOSTAGE_HDR);
    expect(r.fixable).toBe(false);
    expect(r.readings.find((x) => x.situation === 'unused_body_strict')?.chosen).toBe('model_lacks');
  });

  it("a network's own `fc` head, or a head around a block's `fc`, is still named as a head: the unused modules are dropped", async () => {
    for (const keys of ['"fc.weight", "fc.bias"', '"cls_head.mlp.fc1.weight", "cls_head.mlp.fc1.bias"']) {
      const r = await explain(`RuntimeError: Error(s) in loading state_dict for Net:\n\tUnexpected key(s) in state_dict: ${keys}.`);
      expect(r.fixable).toBe(true);
      expect(r.plan.ops.map((o) => o.op)).toEqual(['drop']);
      expect(r.readings.some((x) => x.situation === 'unused_body_strict')).toBe(false);
    }
  });
});

describe('stackUnusedFromStart', () => {
  it('reads whole blocks of one stack from its first ones; not one part inside them, a head\'s two branches, or blocks from a later depth', () => {
    const whole = [1, 3, 4].flatMap((i) => [`enc.layers.${i}.mixer.Wqkv.weight`, `enc.layers.${i}.mlp.fc1.weight`]);
    expect(stackUnusedFromStart(whole)).toEqual({ container: 'enc.layers', blocks: 3, first: 1, parts: ['mixer', 'mlp'] });
    expect(stackUnusedFromStart([0, 1, 2].map((i) => `enc.layers.${i}.adapter.weight`))).toBeNull();
    expect(stackUnusedFromStart([0, 1].flatMap((i) => [`enc.layers.${i}.attn.weight`, `enc.layers.${i}.mlp.weight`]))).toBeNull();
    expect(stackUnusedFromStart([6, 7, 8].flatMap((i) => [`enc.layers.${i}.attn.weight`, `enc.layers.${i}.mlp.weight`]))).toBeNull();
    expect(stackUnusedFromStart([6, 7, 8].flatMap((i) => [`enc.layers.${i}.attn.weight`, `enc.layers.${i}.mlp.weight`]), true)?.first).toBe(6);
    expect(stackUnusedFromStart([...whole, 'pooler.dense.weight'])).toBeNull();
  });
});
