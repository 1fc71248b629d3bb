/**
 * Every message sdmatch recognises as a failed (or lenient) load, one row per message family: the
 * words it is known by, the library that prints it (and since when, where known), and where it is
 * printed. looksLikeErrorText tests the rows on the text with every white space taken out (a terminal's
 * wrap falls anywhere), case-insensitively; the readers that take keys out of each message are in
 * error-text.ts and its neighbours. A new message is a new row here (with its source), never another
 * alternative inside a regex no reader can check.
 */

import type { ErrorFamily } from '../error-text.js';

export interface MessageFamily {
  /** on the squashed text: no white space between words, matched case-insensitively */
  pattern: RegExp;
  family: ErrorFamily;
  /** the library (and version) that prints it */
  printer: string;
  /** the file (or thread) it comes from */
  source: string;
  /** a line as the printer writes it (keys of a real thread's shape): what the row must find */
  example: string;
}

export const MESSAGE_FAMILIES: readonly MessageFamily[] = [
  { pattern: /Error\(s\)inloadingstate_dictfor/, example: "RuntimeError: Error(s) in loading state_dict for ResNet:", family: 'torch', printer: 'torch ≥ 0.4, strict load_state_dict', source: 'torch/nn/modules/module.py Module.load_state_dict' },
  { pattern: /Missingkey\(s\)instate_dict/, example: "\tMissing key(s) in state_dict: \"fc.weight\", \"fc.bias\". ", family: 'torch', printer: 'torch ≥ 0.4, strict load_state_dict', source: 'torch/nn/modules/module.py Module.load_state_dict' },
  { pattern: /Unexpectedkey\(s\)instate_dict/, example: "\tUnexpected key(s) in state_dict: \"module.fc.weight\". ", family: 'torch', printer: 'torch ≥ 0.4, strict load_state_dict', source: 'torch/nn/modules/module.py Module.load_state_dict' },
  {
    pattern: /copyingaparam(?:withshape|of)torch/, example: "\tsize mismatch for fc.weight: copying a param with shape torch.Size([1000, 512]) from checkpoint, the shape in current model is torch.Size([10, 512]).",
    family: 'torch',
    printer: 'torch size mismatch: `of torch.Size` in 0.4.x (shapes the other way round), `with shape` since 1.0',
    source: 'torch/nn/modules/module.py Module._load_from_state_dict',
  },
  { pattern: /IncompatibleKeys\(missing_keys=/, example: "_IncompatibleKeys(missing_keys=['fc.weight'], unexpected_keys=[])", family: 'torch', printer: "torch ≥ 1.1, load_state_dict's return value printed", source: 'torch/nn/modules/module.py _IncompatibleKeys' },
  {
    pattern: /(?:missing|unexpected)_?keys['"]?[=:]\[['"]/, example: "unexpected_keys=['head.weight', 'head.bias']",
    family: 'torch',
    printer: "one field of torch's _IncompatibleKeys, or a dict of them, or the two lists load_state_dict(strict=False) returns printed under their names (`unexpected keys: [...]`, cheerss/CrossFormer#9), by a user's script",
    source: 'torch/nn/modules/module.py _IncompatibleKeys',
  },
  { pattern: /werenotusedwheninitializing/, example: "Some weights of the model checkpoint at bert-base-uncased were not used when initializing BertModel: ['cls.predictions.bias']", family: 'transformers', printer: 'transformers (and diffusers) from_pretrained: checkpoint weights the model does not use', source: 'transformers/modeling_utils.py _load_pretrained_model' },
  { pattern: /werenotinitializedfromthemodelcheckpoint/, example: "Some weights of BertForSequenceClassification were not initialized from the model checkpoint at bert-base-uncased and are newly initialized: ['classifier.weight']", family: 'transformers', printer: 'transformers from_pretrained: model weights newly initialized', source: 'transformers/modeling_utils.py _load_pretrained_model' },
  {
    pattern: /foundshape\S{0,200}inthecheckpointand\S{0,200}inthemodelinstantiated/, example: "- classifier.weight: found shape torch.Size([1000, 768]) in the checkpoint and torch.Size([6, 768]) in the model instantiated",
    family: 'transformers',
    printer: "transformers' size lines under `newly initialized because the shapes did not match` (ignore_mismatched_sizes)",
    source: 'transformers/modeling_utils.py _load_pretrained_model',
  },
  { pattern: /Whilecopyingtheparameternamed/, example: "While copying the parameter named fc.weight, whose dimensions in the model are torch.Size([10, 512]) and whose dimensions in the checkpoint are torch.Size([1000, 512]).", family: 'torch', printer: 'torch ≤ 1.0 size mismatch, and the copy failure of later versions', source: 'torch/nn/modules/module.py Module._load_from_state_dict' },
  { pattern: /LOADREPORTfrom:/, example: "ViTModel LOAD REPORT from: google/vit-base-patch16-224", family: 'transformers', printer: "transformers v5's LOAD REPORT table", source: 'transformers/modeling_utils.py (loading report)' },
  { pattern: /\|MISMATCH\|Reinitduetosizemismatch/, example: "classifier.weight | MISMATCH | Reinit due to size mismatch - ckpt: torch.Size([1000, 768]) vs model:torch.Size([6, 768])", family: 'transformers', printer: "a MISMATCH row of transformers v5's LOAD REPORT", source: 'transformers/modeling_utils.py (loading report)' },
  { pattern: /insourcestate_dict:/, example: "unexpected key in source state_dict: fc.weight, fc.bias", family: 'mmcv', printer: 'mmcv / MMEngine load_state_dict: `unexpected key` / `missing keys in source state_dict:`', source: 'mmcv/runner/checkpoint.py, mmengine/runner/checkpoint.py load_state_dict' },
  { pattern: /unexpectedkey"[^"]*"instate_dict/, example: "KeyError: 'unexpected key \"module.conv1.weight\" in state_dict'", family: 'torch-keyerror', printer: 'torch 0.1–0.3 KeyError, one unexpected key', source: 'torch/nn/modules/module.py Module.load_state_dict (0.3)' },
  { pattern: /missingkeysinstate_dict:"/, example: "KeyError: 'missing keys in state_dict: \"{\\'fc.weight\\'}\"'", family: 'torch-keyerror', printer: 'torch 0.1–0.3 KeyError, the missing keys as a set', source: 'torch/nn/modules/module.py Module.load_state_dict (0.3)' },
  { pattern: /<Allkeysmatchedsuccessfully>/, example: "<All keys matched successfully>", family: 'torch', printer: "torch: the repr of load_state_dict's result when nothing was missing or unexpected", source: 'torch/nn/modules/module.py _IncompatibleKeys.__repr__' },
  {
    pattern: /Somemodelparameters(?:orbuffers)?arenot(?:found)?inthecheckpoint/, example: "Some model parameters or buffers are not found in the checkpoint:\nroi_heads.box_predictor.{bias, weight}",
    family: 'fvcore',
    printer: 'fvcore / Detectron2 Checkpointer (older: `not in the checkpoint`)',
    source: 'fvcore/common/checkpoint.py get_missing_parameters_message',
  },
  {
    pattern: /checkpoint(?:state_dict)?contains(?:keys|parameters)(?:thatare)?notusedbythemodel/, example: "The checkpoint state_dict contains keys that are not used by the model:\n  pixel_mean",
    family: 'fvcore',
    printer: 'fvcore / Detectron2 Checkpointer (older: `contains parameters not used`)',
    source: 'fvcore/common/checkpoint.py get_unexpected_parameters_message',
  },
  { pattern: /tothemodelduetoincompatibleshapes/, example: "Skip loading parameter 'roi_heads.box_predictor.cls_score.weight' to the model due to incompatible shapes: (81, 1024) in the checkpoint but (2, 1024) in the model! You might want to double check if this is expected.", family: 'fvcore', printer: 'fvcore / Detectron2 `Skip loading parameter` (older: `Unable to load`)', source: 'fvcore/common/checkpoint.py Checkpointer._load_model' },
  { pattern: /inthecheckpointbut\S{0,200}inthemodel!Skipped/, example: "'heads.classifier.weight' has shape (751, 2048) in the checkpoint but (702, 2048) in the model! Skipped.", family: 'fvcore', printer: "older Detectron2 and fastreid's `has shape ... in the checkpoint but ... in the model! Skipped.`", source: 'detectron2/checkpoint/c2_model_loading.py, fastreid/utils/checkpoint.py' },
  { pattern: /Foundmissingadapterkeys/, example: "Found missing adapter keys while loading the checkpoint: ['base_model.model.lm_head.lora_A.default.weight']", family: 'peft', printer: 'PEFT PeftModel.load_adapter / set_peft_model_state_dict warning', source: 'peft/peft_model.py' },
  { pattern: /ledto(?:unexpected|missing)keys/, example: "Loading adapter weights from lora.safetensors led to unexpected keys not found in the model: ['x.lora_A.weight']", family: 'peft', printer: "transformers' load_adapter (and diffusers' LoRA scripts): `led to unexpected keys not found in the model`", source: 'transformers/integrations/peft.py load_adapter' },
  { pattern: /Foundkeysthatare(?:not)?inthemodelstatedict/, example: "Found keys that are in the model state dict but not in the checkpoint: ['head.weight']", family: 'lightning', printer: 'Lightning load_from_checkpoint(strict=False) warnings', source: 'lightning/pytorch/core/saving.py _load_state' },
  { pattern: /(?:discovered|found)whileloadingpretrainedweights/, example: "Missing keys (head.weight, head.bias) discovered while loading pretrained weights. This is expected if model is being adapted.", family: 'timm', printer: "timm's pretrained loader: `Missing keys (...) discovered` / `Unexpected keys (...) found`", source: 'timm/models/_builder.py load_pretrained' },
  { pattern: /thesekeyshavemismatchedshape/, example: "these keys have mismatched shape:", family: 'mmcv', printer: "older mmcv's shape table", source: 'mmcv/runner/checkpoint.py load_state_dict (mmcv < 1.0)' },
  { pattern: /notinitializedfrompretrainedmodel/, example: "Weights of BertForMaskedLM not initialized from pretrained model: ['cls.predictions.bias']", family: 'transformers', printer: 'pytorch-transformers 1.x, transformers 2.x: `Weights of X not initialized from pretrained model`', source: 'pytorch_transformers/modeling_utils.py from_pretrained' },
  { pattern: /Weightsfrompretrainedmodelnotusedin/, example: "Weights from pretrained model not used in BertModel: ['cls.predictions.bias']", family: 'transformers', printer: 'pytorch-transformers 1.x, transformers 2.x', source: 'pytorch_transformers/modeling_utils.py from_pretrained' },
  { pattern: /becausethefollowingkeysaremissing/, example: "Cannot load <class 'UNet2DConditionModel'> from ./unet because the following keys are missing: conv_in.weight, conv_in.bias.", family: 'diffusers', printer: "diffusers' low_cpu_mem_usage loader: `Cannot load ... because the following keys are missing`", source: 'diffusers/models/modeling_utils.py from_pretrained' },
  { pattern: /expectedshape\S{0,200}butgot/, example: "Cannot load ./unet because conv_in.weight expected shape tensor(..., device='meta', size=(320, 4, 3, 3)), but got torch.Size([320, 8, 3, 3]).", family: 'diffusers', printer: "diffusers' meta-device loader: `because X expected shape ..., but got ...`", source: 'diffusers/models/model_loading_utils.py load_model_dict_into_meta' },
  { pattern: /Sizemismatchbetweensavedtorch\.Size/, example: "ValueError: Size mismatch between saved torch.Size([50, 16]) and current: torch.Size([40, 16]) for model.embed.weight", family: 'torch', printer: "torch.distributed.checkpoint's load planner, at the first key of another size", source: 'torch/distributed/checkpoint/planner_helpers.py _create_read_items' },
  { pattern: /Missingkeyincheckpointstate_dict/, example: "RuntimeError: Missing key in checkpoint state_dict: model.fc.weight.", family: 'torch', printer: "torch.distributed.checkpoint's default load planner", source: 'torch/distributed/checkpoint/default_planner.py' },
  {
    pattern: /missingkeysinstate_dict:(?:\{|set\(\[)|\bmismatch:[^\s:]{1,4096}?torch\.Size/, example: "mismatch: classifier.weight torch.Size([2800, 768]) torch.Size([96, 768])",
    family: 'open-reid',
    printer: "open-reid's copy_state_dict: `mismatch: KEY <checkpoint size> <model size>`, then `missing keys in state_dict: {...}` (a set)",
    source: 'Cysu/open-reid reid/utils/serialization.py copy_state_dict; hwz-zju/Instruct-ReID#20',
  },
  { pattern: /Thefollowinglayersarediscardedduetounmatchedkeysorlayersize/, example: "** The following layers are discarded due to unmatched keys or layer size: ['classifier.weight', 'classifier.bias']", family: 'torchreid', printer: "torchreid's load_pretrained_weights", source: 'torchreid/utils/torchtools.py load_pretrained_weights' },
  { pattern: /ThisIS(?:NOT)?expectedifyouareinitializing/, example: "- This IS expected if you are initializing BertModel from the checkpoint of a model trained on another task", family: 'transformers', printer: "transformers' warning tail (its list may be cut before it)", source: 'transformers/modeling_utils.py _load_pretrained_model' },
  { pattern: /YoushouldprobablyTRAINthismodel/, example: "You should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.", family: 'transformers', printer: "transformers' warning tail", source: 'transformers/modeling_utils.py _load_pretrained_model' },
  {
    pattern: /KeyError:['"](?:[A-Za-z_]\w*\.)*num_batches_tracked['"]/, example: "KeyError: 'bn1.num_batches_tracked'",
    family: 'torch-keyerror',
    printer: "a dict KeyError on a BatchNorm counter (torch ≥ 0.4.1 adds it) in a script's own copy loop",
    source: 'jindongwang/transferlearning#58, ruotianluo/pytorch-faster-rcnn#104',
  },
  {
    pattern: /assertset\([\w.]{0,80}missing_keys\)==\{/, example: "assert set(msg.missing_keys) == {\"fc.weight\", \"fc.bias\"}",
    family: 'torch',
    printer: "a linear-evaluation loader's assertion on load_state_dict's result (MoCo, MoCo v3, SimSiam)",
    source: 'facebookresearch/moco, moco-v3, simsiam main_lincls.py',
  },
];

/** One test over every row: true when the squashed text holds a message of any family. */
export const MESSAGE_DETECTOR = new RegExp(MESSAGE_FAMILIES.map((r) => r.pattern.source).join('|'), 'i');
