/**
 * What an error text leaves open, as data: for each situation a text can show, the readings that are
 * all consistent with it, the fix each reading calls for, the reading chosen when nothing in the text
 * decides (the prior) with the reason for it, and what would decide. One row per situation; the
 * detection of each situation lives in readings.ts, the knowledge here.
 *
 * A prior is stated only where one reading is the usual cause of that text in real threads (the counts
 * in the rows' comments are the labels of the corpus's visible halves, never a clean held-out half; a
 * `why` is shown to users, so it gives the PyTorch reason, never our corpus's counts); where the readings are about as common, `prior` is null and explain says
 * that the text alone cannot tell which fix is right, however good the plan for one of them is.
 */

export interface Reading {
  /** the reading's name, stable for JSON */
  id: string;
  /** what it says happened */
  says: string;
  /** the fix it calls for */
  fix: string;
  /** listed only where the text gives evidence for it (a reading met in one shape of text, noise elsewhere) */
  onlyWithEvidence?: boolean;
}

export interface ReadingSituation {
  id: string;
  /** what the text shows */
  shows: string;
  readings: readonly Reading[];
  /** the reading taken when nothing in the text decides; null: none is more likely */
  prior: string | null;
  /** why that prior (or why none) */
  why: string;
  /** what tells the readings apart, that the text does not give */
  decides: string;
  /** real situations the row covers (at least two), so that it is a rule, not a case */
  covers: readonly string[];
  /** findings that state the plan's reading as settled: left out when the row has no prior or the text points to another reading (they would contradict it) */
  asserts?: readonly string[];
}

/** The readings of checkpoint modules the model lacks (the rows unused_parts and unused_body_strict). */
const UNUSED_PART_READINGS: readonly Reading[] = [
  { id: 'unused', says: 'modules the model does not use: a pretraining or auxiliary head, another task\'s branch, another model\'s tower', fix: 'drop them (the plan)' },
  { id: 'model_lacks', says: 'modules the model should have: an older library or code version, another implementation of its blocks, a config flag off, or layers built after the load (Lightning\'s configure_model)', fix: 'build the model so that it has them (update the code, set the flag, build before loading); dropping them loses trained weights' },
  {
    id: 'renamed',
    says: 'weights the model holds under another name, its side of them hidden from the text (the checkpoint merged into `model.state_dict()` before loading, as `model_dict.update(pretrained_dict)` does, or a strict=False load): flash-attention\'s fused `Wqkv` is nn.MultiheadAttention\'s `in_proj_weight` / `in_proj_bias` (the same [3E, E] layout)',
    fix: 'rename them onto the model\'s names (nn.MultiheadAttention: `….self_attn.Wqkv.weight` → `….self_attn.in_proj_weight`, `….Wqkv.bias` → `….in_proj_bias`; split into q, k, v where the model holds them apart), checked against the model\'s keys (sdmatch explain CHECKPOINT ERROR.txt, or a manifest of the model); dropping them loses trained weights',
    onlyWithEvidence: true,
  },
];

export const READING_SITUATIONS: readonly ReadingSituation[] = [
  {
    id: 'head_count',
    shows: 'an output layer whose rows (and only they) differ: a head of another output count',
    readings: [
      { id: 'fine_tune', says: 'weights trained on another class set, loaded to be fine-tuned on yours', fix: 'drop the head and train the new one (the plan)' },
      { id: 'own_classes', says: 'weights meant to be used as they are (inference, evaluation, resuming) in a model built for another class count, or the wrong file', fix: 'build the model with the checkpoint\'s class count, or load the weights trained for your classes' },
      { id: 'config_output', says: 'an output sized by a setting rather than classes (queries, anchors, points, a label vocabulary)', fix: 'build the model with the checkpoint\'s setting' },
    ],
    prior: 'fine_tune',
    // labels of the visible halves: 25 of the 30 head texts were fine-tunes (kept here, not shown: a reason is about PyTorch, not our corpus)
    why: 'pretrained weights loaded into a model whose head has another output count is what fine-tuning for a new dataset does: the body carries over, and the head is the one layer sized by the classes',
    decides: 'whether you train the model after loading (then re-initialise the head); for inference or evaluation the class count in your config, or the weights trained for your classes',
    covers: [
      'an ImageNet classifier fine-tuned on 5 classes (senet, TAdaConv)',
      'a COCO detector fine-tuned on a custom set (mmdet, efficientteacher)',
      'a COCO checkpoint evaluated in a 3-class model (detectron2-1559)',
      'a query count set otherwise (PoinTr\'s num_query)',
      // decided by the text (readings.ts): an evaluation or inference run trains nothing, so the head is used as it is
      'a TextCaps captioner\'s 6736-word head evaluated with the TextVQA config\'s 5000 answers (mmf-232, `--run_type val`), a Market-1501 re-ID network (751 identities) run by a tracker built for another count (boxmot-165, `track.py`)',
    ],
    // the findings that call the head one of another class set, dropped and trained anew: left out where the text points to the model's count being wrong
    asserts: ['head', 'new_head'],
  },
  {
    id: 'one_class_apart',
    shows: 'a head whose output count is one class away from the model\'s (at one output per class, or at a detection head\'s anchors per class), which nothing else in the text confirms',
    readings: [
      { id: 'fine_tune', says: 'weights trained on a class set one class larger or smaller, loaded to be fine-tuned on yours', fix: 'drop the head and train the new one (the plan)' },
      { id: 'same_classes', says: 'the same classes counted with and without one (a background class one library counts and another does not, an extra, often empty, line in the labels file)', fix: 'set the class count (num_classes, the labels file) to the checkpoint\'s and keep the trained head' },
    ],
    prior: null,
    why: 'one class apart is where a miscount and a real fine-tune meet: a known pairing (81/80, 91/90, 1001/1000, 21/20) or a sibling head at another number of outputs per class would settle it, and the text shows neither',
    decides: 'whether your label set is the checkpoint\'s (the labels file, num_classes with or without background)',
    covers: ['SSD\'s classification header, 6 anchors × 10 vs 9 classes from an empty line in labels.txt (jetson-inference-1704)', 'a 10-class classifier fine-tuned to 11'],
    // the findings that call the head one of another class set, dropped and trained anew
    asserts: ['head', 'new_head'],
  },
  {
    id: 'lm_output_new',
    shows: 'a language model\'s output matrix (`lm_head.weight`) reported missing or newly initialised',
    readings: [
      { id: 'tied', says: 'the output matrix is tied to the input embeddings and filled by the tie after loading (older transformers printed this for every tied model)', fix: 'nothing to load: keep it missing, the tie fills it' },
      { id: 'untied', says: 'the model was built without the tie (tie_word_embeddings off, a wrapper or version that does not tie), so the LM head stays random', fix: 'tie it (`model.tie_weights()`, tie_word_embeddings=True) or load a checkpoint that stores it; a random LM head is never a part to train' },
    ],
    prior: null,
    why: 'since transformers 3 the "newly initialized" report leaves out the weights the model ties, so a listed `lm_head.weight` is either random (a wrapper or config that unties: tptt-1) or tied by code the report did not know of; neither reading is taken, and keeping the matrix missing is no fix until the tie is checked (the older wording, which listed tied weights, is the row lm_output_listed_tied)',
    decides: 'after loading, whether `model.lm_head.weight is model.get_input_embeddings().weight` (and config.tie_word_embeddings)',
    covers: ['GPT-2 in transformers 2.x (transformers-3799)', 'Llama-3.2-1B in a wrapper that unties (tptt-1)', 'Qwen2-0.5B saved with the tied tensor once'],
    // when no prior is taken, the findings that call the LM head a new part to train contradict the open reading
    asserts: ['new_head', 'lenient_load', 'nested_tower'],
  },
  {
    id: 'lm_output_listed_tied',
    shows: 'a language model\'s output matrix (`lm_head.weight`) in the missing list of pytorch-transformers 1.x / transformers 2.x ("Weights of X not initialized from pretrained model")',
    readings: [
      { id: 'tied', says: 'the output matrix is tied to the input embeddings and filled by the tie after loading: that loader printed its report before `tie_weights()` and listed every tied weight', fix: 'nothing to load: keep it missing, the tie fills it' },
      { id: 'untied', says: 'the model was built without the tie, so the LM head stays random', fix: 'tie it (`model.tie_weights()`, tie_word_embeddings=True) or load a checkpoint that stores it' },
    ],
    prior: 'tied',
    why: 'that report came before the tie for every model with tied embeddings (GPT-2, BERT\'s masked-LM decoder, OpenAI GPT, XLNet\'s lm_loss in those releases), and the checkpoints they loaded store the matrix once, as the embeddings',
    decides: 'after loading, whether `model.lm_head.weight is model.get_input_embeddings().weight`',
    covers: ['GPT-2 in transformers 2.x (transformers-3799)', 'BertForMaskedLM in pytorch-transformers 1.x (`cls.predictions.decoder.weight` listed, tied to word_embeddings)'],
  },
  {
    id: 'new_parts',
    shows: 'model keys missing with nothing in their place, in a few modules (the rest loaded)',
    readings: [
      { id: 'new_part', says: 'parts the checkpoint was never trained with: a new head or branch, or one the release leaves out', fix: 'keep them missing and train them (the plan)' },
      { id: 'weights_older', says: 'weights of another code version or another model, without parts this code has', fix: 'use the code version (or model) the weights were made for, or the weights that include those parts' },
    ],
    prior: 'new_part',
    // labels of the visible halves: 28 of the 33 texts whose plan keeps such parts missing were fine-tunes
    why: 'a loader that lists a few whole modules as new while the rest loaded is what adding modules to a pretrained network looks like: from_pretrained and strict=False loads report exactly the modules the pretrained weights never had',
    decides: 'whether those parts are meant to be trained now; the release notes or code version of the weights',
    covers: [
      'transformers\' new task head (`classifier.*` newly initialized)',
      'a detector\'s added branch (crowddiff-3, ARNet-6)',
      'HQ-SAM\'s extra decoder parts given plain SAM weights (autodistill-4)',
      // decided by the text (readings.ts): the loader says the checkpoint's weight format is an older version's
      'a Mask2Former or OneFormer checkpoint of an older head format, its pixel decoder missing, with "Weight format of MaskFormerHead have changed! Please upgrade your models" (Mask2Former-95, OneFormer-10)',
      // decided by the text (readings.ts): an evaluation or inference run trains nothing, so parts it would compute with stay random
      'a released checkpoint evaluated by a model with a block it lacks (PathGeneration-2\'s test script, SEED-29\'s test.sh, human-gaze-7\'s trainer.test, GraphNormalization-1\'s test.py)',
      // decided by the text (readings.ts): a framework restores the file into the module class that saved it
      'a Lightning checkpoint restored into its module by the trainer (ckpt_path, resume_from_checkpoint) or load_from_checkpoint, the code since changed: a head the code gained (human-gaze-7\'s `gaze_watch_outside_embed`), a buffer a later commit added (RAVE-65: `_savedstep`), a generator configured with more blocks than the file\'s (LaMa-308, resume_from_checkpoint)',
    ],
    // the finding that calls the parts new ones to train: left out where the text points to weights of another version
    asserts: ['new_head'],
  },
  {
    id: 'unused_parts',
    shows: 'checkpoint keys of whole modules the model lacks, nothing missing',
    readings: UNUSED_PART_READINGS,
    prior: 'unused',
    // labels of the visible halves with tuning6: 33 of the 36 texts this row covers were drops; the body
    // modules of a strict torch load are the row unused_body_strict
    why: 'checkpoint modules without a place in the model, when nothing of the model is missing, are parts it does not compute with: a pretraining head, an auxiliary branch, another task\'s output or another model\'s tower, which a checkpoint keeps for the task it was trained on',
    decides: 'whether the model is meant to compute with those modules (its config and code version)',
    covers: [
      'a pretraining head beside a feature extractor (MAE decoder, aux heads)',
      'a converted Caffe stem\'s conv bias that mmdet\'s ResNet does not build, in mmcv\'s report (PseCo-7)',
      'a UNet\'s top layers a reference network removes, in diffusers\' report (AnimateAnyone-5)',
      // decided by the text (readings.ts partInsideBlocks): one part inside every block, the blocks loaded
      'StyleGAN2\'s FusedLeakyReLU biases (`convs.N.activate.bias`) into a generator built with another activation (CLIP2StyleGAN-8)',
      // decided by the text (renamed): a fused attention projection alone inside blocks whose attention loaded
      'flash-attention\'s fused `self_attn.Wqkv` in every encoder layer of a model built on nn.MultiheadAttention, merged into model.state_dict() before the load (scGPT-173 and scGPT-123: the fix renames it to `in_proj_weight`/`in_proj_bias`)',
      'a UNet\'s attention in some down and up blocks of a model configured without attention there (ddpm-cd-51)',
      // decided by the text (readings.ts trunkInputUnused): the input layer of the trunk the model computes with is unused
      'a detector\'s whole ViTDet backbone unused by a detector of another backbone (AniMer-3), an ImageNet backbone given to the whole detector (Strip-R-CNN-5: under `backbone.`), another EfficientNet implementation (ClassyVision-691)',
      // decided by the text (block-parts.ts stackUnusedFromStart): whole blocks of a stack, from its first ones, unused
      'a flash-attention BERT\'s blocks (`mixer.Wqkv`, `mlp.fc2`, `norm1`) unused by transformers\' own BertForMaskedLM (species-aware-DNA-LM-4)',
    ],
    // the plan's own finding that the modules are unused, when the text points to the model lacking them
    asserts: ['drop'],
  },
  {
    id: 'unused_body_strict',
    shows: 'checkpoint keys of whole modules the model lacks, none named as a head or auxiliary output, in a strict torch load that lists nothing missing',
    readings: UNUSED_PART_READINGS,
    prior: 'model_lacks',
    // labels of the visible halves: 7 of 7 such texts were a model built without them (the rows of `covers`); recounted in
    // session 24 over tuning..tuning20: of the 22 texts this row took, 18 are labelled a code change, 2 need more, and
    // 2 a drop: fairchem-463's `atomic_mass` (a constant table, now a NON_WEIGHT_BUFFERS row) and PPO-PyTorch-32's root
    // `affine` layer, which nothing in its text tells from the 18. "Nothing missing" proves that a drop loads every
    // weight the model has, not that the model was meant to be built without the modules, so the prior stays
    why: 'a strict load_state_dict (torch raised) takes weights saved for this model, and body modules it lacks there are ones those weights computed with: a config flag off, a plain model given an extended model\'s weights, an older library release, layers built after the load, reorganised code; body modules left unused on purpose (a converted stem\'s bias, an output norm, a UNet\'s top layers) are the business of lenient loaders (mmcv, fvcore, diffusers), which load pretrained weights into part of a model',
    decides: 'whether the model is meant to compute with those modules (its config flags, its code or library version, the weights it was released with)',
    covers: [
      'HoVerNet built without its type branch for type-trained weights (hover_net-122, -98, -101)',
      'an NSF-HiFiGAN vocoder into a generator built without NSF (NeuralSVB-18)',
      'HQ-SAM weights into segment_anything\'s Sam (sam-hq-31, -6, -138)',
      'fairseq\'s vector_quantizer missing from an older pip release (fairseq-1811)',
      'Lightning layers created in configure_model after the restore (Lightning-18829)',
      'a positional parameter the reorganised code computes otherwise (Context-Cluster-12)',
      'released weights with squeeze-excitation (`attention1.fc.*`) and noise-gate modules the published code lacked (twostageHDR_NTIRE21-2)',
    ],
    asserts: ['drop'],
  },
  {
    id: 'training_copies',
    shows: 'unexpected keys of a training copy (EMA, teacher, momentum encoder)',
    readings: [
      { id: 'for_inference', says: 'the copy is not used by the model being loaded', fix: 'drop it (or load the copy instead of the raw weights, which is often better)' },
      { id: 'for_resume', says: 'training is resumed and the copy belongs to a hook or wrapper that must restore it', fix: 'restore it through that hook (mmengine EMAHook resume, the teacher-student wrapper)' },
    ],
    prior: 'for_inference',
    // labels of the visible halves: one text of each, so this prior rests on the argument, not on counts
    why: 'a resume runs the config that wrote the copies, whose hook normally takes them back; they are unexpected when another config (inference, fine-tuning) loads the file',
    decides: 'whether you resume training with the same hooks',
    covers: ['mmengine ExpMomentumEMAHook\'s ema_* keys (CLRerNet-26)', 'a teacher-student checkpoint loaded into the student (unbiased-teacher)', 'timm\'s model_ema beside the model'],
  },
  {
    id: 'one_key',
    shows: 'one key of a PyTorch < 0.4 KeyError, which stops at the first key it does not expect',
    readings: [
      { id: 'pattern', says: 'the key shows the pattern every key follows (a wrapper prefix)', fix: 'the plan\'s fix, applied to every key' },
      { id: 'other_keys', says: 'the other keys differ in other ways too (a file from before a refactor, another model)', fix: 'compare the whole key sets (sdmatch diff CHECKPOINT MODEL)' },
    ],
    prior: 'pattern',
    why: 'a wrapper prefix on the first key is on every key (DataParallel writes it everywhere)',
    decides: 'the checkpoint\'s whole key list (sdmatch explain CHECKPOINT ERROR.txt)',
    covers: ['a DataParallel checkpoint in PyTorch 0.3', 'a file saved before the code was refactored (CliqueNet-12)'],
  },
  {
    id: 'headless_list',
    shows: 'keys in a list whose heading the paste cut before it said missing or unexpected',
    readings: [
      { id: 'checkpoint_side', says: 'they are checkpoint keys the model did not take (unexpected, "not used"): among them may be the trained weights of the keys listed as missing, under another name (a `module.` prefix)', fix: 'what the whole text shows: rename those keys onto the model\'s instead of keeping anything missing' },
      { id: 'model_side', says: 'they are more model keys the checkpoint lacks (missing, "newly initialized")', fix: 'the plan for the keys the text sides, with these missing too' },
    ],
    prior: null,
    why: 'the heading that says which side a list is on is the part the paste lost, and both lists of a load report look alike; whether the weights are there under another name rests on exactly that',
    decides: 'the whole text from its first line (the list\'s heading), or the checkpoint (sdmatch explain CHECKPOINT ERROR.txt)',
    covers: ['a transformers "not used" list cut before its heading, beside "newly initialized" (a DDP `module.` checkpoint)', 'a torch strict-load message pasted from the middle of its unexpected list'],
    // what says the missing keys are new parts (or a lenient load's leftovers) would settle what this leaves open
    asserts: ['new_head', 'lenient_load', 'nested_tower'],
  },
  {
    id: 'headless_buffers',
    shows: 'only a list whose heading the paste cut, every key of it a buffer the library stopped saving (transformers\' `position_ids`)',
    readings: [
      { id: 'checkpoint_side', says: 'the checkpoint carries them and the model (a newer library release) no longer expects them', fix: 'drop them (the plan): the model builds them itself' },
      { id: 'model_side', says: 'the model expects them and the checkpoint (saved by a newer release) lacks them', fix: 'keep them missing: the model builds them in its constructor, so a strict load may be given the model\'s own values' },
    ],
    prior: 'checkpoint_side',
    // threads show that side far more often (AudioLDM-105, FCGEC-28, MVT-3DVG-12, MGA-CLAP-3, transformers-24921/25330) than the other (transformers-6882)
    why: 'since transformers 4.31 made `position_ids` non-persistent, every checkpoint saved before carries it and every model built since lacks it, while the other side (a model that has the buffer, a checkpoint without it) needs a release from before 3.1 added it; either way no trained weight is lost',
    decides: 'the heading the paste cut ("Unexpected key(s)" or "Missing key(s)"), or the installed transformers version against the one the checkpoint was saved with',
    covers: ['CLAP\'s RoBERTa text branch in AudioLDM under transformers 4.31 (AudioLDM-105)', 'BERT encoders of checkpoints saved before 4.31 (FCGEC-28, MVT-3DVG-12)', 'ELECTRA checkpoints from before 3.1 loaded after it (transformers-6882: the missing side)'],
  },
  {
    id: 'headless_counters',
    shows: 'only a list whose heading the paste cut, every key of it a counter checkpoints often lack (BatchNorm\'s `num_batches_tracked`)',
    readings: [
      { id: 'model_side', says: 'the model expects them and the checkpoint (converted from Caffe2 or TensorFlow, or saved without them) lacks them', fix: 'keep them missing (the plan): the model starts them at 0, and they only matter for momentum=None' },
      { id: 'checkpoint_side', says: 'the checkpoint carries them and the model keeps no counter there', fix: 'drop them: nothing trained is in a batch counter' },
    ],
    prior: 'model_side',
    // the side threads show: detectron2-style backbones converted from Caffe2 inside transformers (unilm-343's
    // LayoutLMv2 "newly initialized" list); the other side is rare because the modules without a counter
    // (torchvision.ops.FrozenBatchNorm2d, DETR's FrozenBatchNorm2d) delete it in _load_from_state_dict
    why: 'weights converted from Caffe2 or TensorFlow never had a batch counter, while the modules that keep none (torchvision.ops.FrozenBatchNorm2d, DETR\'s FrozenBatchNorm2d) delete the checkpoint\'s before the keys are compared; either way no trained weight is lost',
    decides: 'the heading the paste cut ("Missing key(s)" / "newly initialized", or "Unexpected key(s)" / "not used")',
    covers: ['LayoutLMv2\'s detectron2 visual backbone, converted without counters, in transformers\' "newly initialized" list (unilm-343)', 'a ResNet converted from Caffe2 into a torchvision model'],
  },
  {
    id: 'headless_framework',
    shows: 'only a list whose heading the paste cut, every key of it inside a training framework\'s container of a standard network (VISSL\'s `_feature_blocks`)',
    readings: [
      { id: 'checkpoint_side', says: 'they are the framework\'s checkpoint keys, loaded into the standard network (torchvision\'s ResNet) the container holds', fix: 'strip the container\'s prefix (the plan), as the framework\'s own converter does' },
      { id: 'model_side', says: 'the model is the framework\'s own and the checkpoint is the plain network\'s', fix: 'add the prefix, or load through the framework\'s own loader' },
    ],
    prior: 'checkpoint_side',
    why: 'a framework loads weights into its own models with its own loader and names (VISSL\'s init from consolidated weights), and documents a converter to use its checkpoints elsewhere: torch\'s load_state_dict listing those names is the framework\'s checkpoint given to a plain model',
    decides: 'the heading the paste cut ("Unexpected key(s)" or "Missing key(s)"), or the checkpoint (sdmatch explain CHECKPOINT ERROR.txt)',
    covers: ['a VISSL SimCLR or SwAV ResNet-50 trunk loaded into torchvision\'s resnet50 (vissl-488)', 'VISSL model-zoo trunks converted by extra_scripts/convert_vissl_to_torchvision.py'],
  },
  {
    id: 'cut_text',
    shows: 'a list cut short (by the poster, a pager or the thread)',
    readings: [
      { id: 'shown_pattern', says: 'the keys cut off follow the pattern of the keys shown', fix: 'the plan, which covers only the keys shown' },
      { id: 'more_differs', says: 'the keys cut off differ in another way', fix: 'what the whole text or the checkpoint shows' },
    ],
    prior: 'shown_pattern',
    why: 'lists are cut where they repeat; a change that affects some keys tends to affect all of their kind',
    decides: 'the whole error text, or the checkpoint (sdmatch explain CHECKPOINT ERROR.txt)',
    covers: ['a DataParallel list cut after a few keys', 'a refactor whose new names the cut lost (mmdetection3d-145)'],
  },
];

export function readingSituation(id: string): ReadingSituation {
  const row = READING_SITUATIONS.find((r) => r.id === id);
  if (!row) throw new Error(`reading-priors: no situation ${id}`);
  return row;
}
