import { ownRow } from './own-row.js';
import { FormatError } from './errors.js';
import { cleanPaste } from './error-text/clean.js';
import { MESSAGE_DETECTOR } from './error-text/families.js';
import { PARAMETER_LEAVES } from './error-text/leaves.js';
import { endsInLeaf, NOT_A_KEY, readLoosely } from './error-text/loose.js';
import { readShapeLog } from './error-text/shape-logs.js';
import { ELLIPSIS_TOKEN, MAX_KEY, WIDE_SCRIPT, braceExpansion, isBraceGroup, keysOfSetRepr, readPythonList, readQuotedList, readUnquotedList } from './error-text/lists.js';

export { expandBraces } from './error-text/lists.js';

/**
 * The pasted text of a failed (or lenient) `load_state_dict`, read back into key lists.
 *
 * People paste these from terminals, notebooks, CI logs and issue threads, so the text arrives
 * wrapped at 80/120 columns (often inside a key or inside `torch.Size([...])`), wrapped in a traceback,
 * prefixed by loggers (`[rank0]:`, `2024-01-01 12:00:00,000 - INFO -`), coloured, quoted in Markdown,
 * with typographic quotes, CRLF line ends, and cut short. The parser therefore works on a *squashed*
 * copy: capture artefacts undone (error-text/clean.ts), then every line break and the indentation
 * around it removed, which undoes terminal wrapping exactly (a wrap adds a break and nothing else).
 * The fixed phrases are matched with `\s*` between words so a wrap at a space does not matter either.
 * Only the formats whose structure is line-based (mmcv's unquoted lists and shape table, fvcore's
 * brace groups, transformers' LOAD REPORT table, diffusers' missing list) are read from the lines.
 *
 * Every family a user meets, by the library that prints it:
 * - torch: `Error(s) in loading state_dict for X:` with `Missing key(s)` / `Unexpected key(s)` /
 *   `size mismatch for` (≥ 1.0, and 0.4.1's `copying a param of` whose shapes are the other way
 *   round), `While copying the parameter named` (≤ 1.0), the 0.1–0.3 `KeyError`s, `_IncompatibleKeys`;
 * - mmcv/MMEngine: `unexpected key in source state_dict:`, `missing keys in source state_dict:`,
 *   the older `these keys have mismatched shape:` table;
 * - fvcore/Detectron2/fastreid: brace-grouped lists under `Some model parameters or buffers are not
 *   found in the checkpoint:` / `The checkpoint state_dict contains keys that are not used by the
 *   model:`, and `Skip loading parameter` / `Unable to load` / `has shape ... Skipped` shape lines;
 * - transformers (and TF, pytorch-transformers, diffusers), PEFT, Lightning and timm warnings.
 */

export type ErrorKind = 'load_state_dict' | 'incompatible_keys' | 'transformers' | 'mixed';

/** Which library printed a message the text holds. */
export type ErrorFamily = 'torch' | 'torch-keyerror' | 'mmcv' | 'fvcore' | 'transformers' | 'diffusers' | 'peft' | 'lightning' | 'timm' | 'torchreid' | 'open-reid';

export interface ReportedSizeMismatch {
  key: string;
  /** the shape in the checkpoint */
  source: number[];
  /** the shape the model has */
  expected: number[];
}

/** A size-mismatch line cut before both shapes: the key is in both, with different shapes. */
export interface CutSizeMismatch {
  key: string;
  source: number[] | null;
  expected: number[] | null;
}

export interface ErrorReport {
  kind: ErrorKind;
  /** the model class the error names (`ResNet`), the first one when several errors were pasted */
  modelName: string | null;
  /** keys the model has and the checkpoint lacks, in the order the text lists them */
  missing: string[];
  /** keys the checkpoint has and the model lacks */
  unexpected: string[];
  sizeMismatch: ReportedSizeMismatch[];
  /** size mismatches whose line the paste cut before the shapes were whole (then `truncated` is set) */
  sizeMismatchCut?: CutSizeMismatch[];
  /** the libraries whose messages the text holds, in the order first seen */
  families?: ErrorFamily[];
  /** a list was cut short (`...`, `[...]`, an unterminated key, the text ending inside a list) */
  truncated: boolean;
  /** what the text says beyond the lists, in plain words */
  notes: string[];
  /**
   * keys of a list whose heading the paste cut before it said the side (`in state_dict: "a.b".`, or a
   * run of quoted keys with no heading at all): they are in the error, on a side the text does not show
   */
  unsided?: string[];
  /**
   * set by analysis (readings.ts sideOfHeadless), never by the parser: the unsided keys were put on
   * this side by a stated prior, which the report then says
   */
  sidedByPrior?: { side: 'missing' | 'unexpected'; keys: string[] };
  /** the text reports a load where every key matched (`<All keys matched successfully>`, empty `_IncompatibleKeys` lists) */
  allMatched?: boolean;
  /**
   * the text holds a whole `_IncompatibleKeys(missing_keys=[…], unexpected_keys=[…])` repr, neither list cut: both
   * sides are shown as torch's whole strict error shows them, an empty list saying that side had none (a field
   * printed on its own, `missing_keys=[…]`, shows one side only)
   */
  reprWhole?: boolean;
  /**
   * the text shows that the model lacked nothing, however cut its other lists are: torch prints its
   * missing list first, so a heading followed at once by the unexpected list means there was none
   */
  nothingMissing?: boolean;
  /**
   * the missing list was printed by a loader that listed weights it then tied (pytorch-transformers 1.x and
   * transformers 2.x: "Weights of X not initialized from pretrained model"), so a tied output matrix in it
   * (`lm_head.weight`) is filled after loading; since transformers 3 the "newly initialized" report leaves
   * tied weights out, so there a listed output matrix is random
   */
  missingListsTied?: boolean;
  /**
   * the module whose weight format the loader said is older than the code's (detectron2 projects'
   * `Weight format of MaskFormerHead have changed! Please upgrade your models. Applying automatic
   * conversion now ...`): the checkpoint was written by an older version of the model's code
   */
  olderFormat?: string;
  /**
   * what in the text says the checkpoint's kernels are a sparse-convolution library's (spconv, its module names,
   * det3d / mmdet3d, or older mmcv's `these keys have mismatched shape` table that det3d's loader prints): the
   * only evidence on which a documented sparse-kernel permutation is planned (infer/layout-fixes.ts); shapes alone
   * never are (s22-verify F1: two dense torch convs of other kernel orientations fit a documented pair)
   */
  sparseLibrary?: string;
  /**
   * what in the text shows that the load ran for evaluation or inference (a script `test_*.py`,
   * `eval.py`, `run_infer.py`, `demo.py`, `predict.py`, a tracker's `track.py`, a generative model's
   * `generate.py`, `sample*.py`, `synthesize.py` / `synthesis.py`; `--eval`, `--infer`, mmf's
   * `--run_type val`; Lightning's `trainer.test(`),
   * outside a library's own files: nothing is trained in that run
   */
  evaluationRun?: string;
  /**
   * what in the text shows a framework restoring a checkpoint into the module class that wrote it
   * (Lightning's trainer restoring `ckpt_path` / `resume_from_checkpoint`: `_restore_modules_and_callbacks`,
   * `restore_model`, `restore_weights`, "Restoring states from the checkpoint path"; `load_from_checkpoint`,
   * which rebuilds the module from the hyper-parameters saved beside the weights): the weights were saved
   * by this module's code, so keys it misses are what another version or config of that code has
   */
  restoreRun?: string;
  /**
   * the call by which a training run resumes from its own checkpoint (YOLOv5's train.py restoring the EMA
   * copy, `ema.ema.load_state_dict(ckpt['ema']…)`): the weights are meant to go on as they were saved
   */
  resumeRun?: string;
  /**
   * a library hook whose own load_state_dict raised, by the traceback's frame (`ema_hook.py … in
   * after_load_checkpoint`): `file:function`, the key of variant-signs.ts LIBRARY_HOOK_LOADS
   */
  hookLoad?: string;
  /**
   * an OpenMMLab inference API that builds the whole model from its config and loads the checkpoint into it
   * (`init_detector(`, `init_model(`, `init_pose_estimator(`, ...; they clear the backbone's own init_cfg first):
   * the loader's report is of the whole model, so `backbone.` is the model's own name, not a component prefix
   */
  wholeModelLoad?: string;
  /**
   * the keys an assertion on the load's result lets stay missing (`assert set(msg.missing_keys) ==
   * {"fc.weight", "fc.bias"}`, a self-supervised method's linear-evaluation loader): the model's new head;
   * the assertion failing says more was missing
   */
  assertedMissing?: string[];
  /**
   * keys a fine-tuning script printed it deleted from the pretrained checkpoint before the load (DeiT/MAE's
   * `Removing key head.weight from pretrained checkpoint`, analysis/loader-removed.ts)
   */
  removedByLoader?: string[];
}

type Side = 'missing' | 'unexpected';
type Kind = Exclude<ErrorKind, 'mixed'>;

// --- the fixed phrases, wrap-tolerant (`\s*` wherever the library writes a space) -------------------

const SIZE = String.raw`torch\s*\.?\s*Size\s*\(\s*\[([\d,\s]*)\]\s*\)`;
/** fvcore prints `tuple(shape)`: `(12353, 2048)`; some forks print the torch.Size */
const TUPLE = String.raw`(?:torch\s*\.?\s*Size\s*)?\(\s*\[?([\d,\s]*)\]?\s*\)`;
/** at most this much text (a model path or hub id) between a message's head and its tail */
const MAX_GAP = 2000;
/** a class name; diffusers quotes it (`when initializing "UNet2DConditionModel"`) */
const MODEL = String.raw`["']?([A-Za-z_][\w.]*)["']?`;

const RE_ERROR_HEAD = /Error\s*\(\s*s\s*\)\s*in\s*loading\s*state\S?dict\s*for\s*([A-Za-z_][\w.]*)\s*:/g;
/** sticky, at the end of an error heading (Markdown bold marks aside): torch's unexpected list with no missing list before it */
const RE_UNEXPECTED_NEXT = /[\s*_]*Unexpected\s*key\(s\)\s*in\s*state_dict\s*:/y;
/** torch's size line cut before the `:` after its key (the paste's or the excerpt's end): the heading, then the key's start after the last one. */
const RE_SIZE_CUT_HEAD = /size\s*mismatch\s*for/gi;
/** group 1: the key's start; group 2: the `:` that ends a whole key (the line was cut right after it) */
const RE_KEY_START_AT_END = /^\s*([^\s:,]*)(\s*:)?\s*$/;
/** fvcore's shape line cut before its end (`... in the model!`): inside the key, or after it (then group 2 is the key). */
const RE_FVCORE_CUT_AT_END = /(?:Skip\s*loading\s*parameter|Unable\s*to\s*load)\s*'(?:([^'\s]*)|([^'\s]+)'(?:(?!in\s*the\s*model)[\s\S])*)$/;
const RE_HEAD_AT_END = /(?:Missing|Unexpected)\s*key\(s\)\s*in\s*state_dict\s*:?\s*$/;
/**
 * A script or flag of an evaluation or inference run (the user's own, not a library file under site-packages). The
 * script may be a shell wrapper around one (`./tools/test_our_pointpillars_nus.sh`, `bash demo.sh`).
 */
const RE_EVALUATION_RUN = /(?:^|[\s\/\\"'`])((?:test|eval|evaluate|evaluation|infer|inference|run_infer|demo|predict|track|generate|sample|sampling|synthesize|synthesis)\w*\.(?:py|sh))\b|(?:^|\s)(--(?:eval|eval-only|eval_only|infer|inference|test)|--?run_type[\s=]+(?:val|test|inference|predict)|\brun_type=(?:val|test|inference|predict))\b|\b(trainer\.test\()/i;
const LIBRARY_PATH = /site-packages|dist-packages|[\/\\]lib[\/\\]python\d/;
/** evaluations that train a head of their own (DINO's eval_linear.py, a k-NN or few-shot probe, a fine-tune's eval): not a run that trains nothing */
const TRAINS_A_HEAD = /linear|knn|probe|fine_?tune|train|few_?shot/i;

function evaluationRun(text: string): string | null {
  // one traceback frame at a time: a paste whose line breaks were lost holds the script's frames and the library's
  // on one line, and only the library's are passed over
  for (const line of text.split(/\n|(?=\bFile\s+")/)) {
    if (!LIBRARY_PATH.test(line)) {
      const m = RE_EVALUATION_RUN.exec(line);
      const what = m ? m[1] ?? m[2] ?? m[3]! : null;
      if (what && !TRAINS_A_HEAD.test(what)) return what;
      continue;
    }
    // a piece that still holds a library's path (flattened without frame headers): a script counts unless its own
    // path is the library's
    for (const m of line.matchAll(new RegExp(RE_EVALUATION_RUN.source, 'gi'))) {
      const what = m[1] ?? m[2] ?? m[3]!;
      const end = m.index + m[0].length;
      const path = line.slice(0, end).split(/[\s"'`]/).at(-1) ?? '';
      if (!LIBRARY_PATH.test(path) && !TRAINS_A_HEAD.test(what)) return what;
    }
  }
  return null;
}

/**
 * The poster's own words that the load ran in a demo, an inference or an evaluation ("i met a problem when ran the
 * demo": ICDAR2019-ArT-Recognition-Alchemy#14), where no script name shows it. A verb of running and its object, not
 * a mention: "the demo" alone may be what the poster wants to reach after training.
 */
const RE_PROSE_EVALUATION_RUN = /\b((?:run|runs|ran|running|execute|executed|executing)\s+(?:the\s+|a\s+|an\s+|my\s+|your\s+|this\s+)?(?:demo|inference|evaluation))\b/i;
/**
 * The same in Chinese, as posters write it (YesianRohn/TextSSR#5 "在推理的时候" — when running inference; "测试时",
 * "进行评估时", "跑demo"): a time or stage of inference, testing, evaluation or prediction, or running a demo; a
 * mention alone ("推理代码", the inference code) is not a run.
 */
const RE_PROSE_EVALUATION_RUN_ZH = /((?:在|进行|做|跑)?(?:推理|测试|评估|评测|预测)(?:的)?(?:时候|时|阶段)|(?:运行|跑)(?:了|一下)?\s*demo)/i;
/** any word of training in the text ("fine-tune", "trained on my data", `trainer.fit(`): then the run may train */
const RE_TRAINING_WORD = /\b(?:train\w*|fine[\s_-]?tun\w*|finetun\w*|retrain\w*|transfer\s+learning)\b/i;
/** the same in Chinese: training (训练, not 预训练, "pretrained", which names the weights), fine-tuning, transfer learning */
const RE_TRAINING_WORD_ZH = /(?<!预)训练|微调|迁移学习/;
/** a source file's name: where the code lives, not what the run does (a demo script calls into `train.py` helpers) */
const PY_FILE = /[\w.\/\\~:-]*\.py\b/g;

/**
 * The poster's report of what the loaded model computed, near nothing ("The resulting rewards are all exactly 0",
 * "The test resulted in an mAP and an NDS of almost 0"): the weights were used as they are, in a run that trains
 * nothing (a training loss going to 0 is said with "loss", not with a result or a metric).
 */
const RE_PROSE_RESULT_NEAR_ZERO = /\b((?:result(?:s|ed|ing)?|accuracy|mAP|AP|NDS|mIoU|PSNR|outputs?|predictions?|rewards?|scores?|metrics?)\b[^.\n]{0,60}?\b(?:all|almost|nearly|exactly|about|close\s+to)\s+(?:exactly\s+)?(?:0|zero))\b/i;
/** transformers' own advice after its "newly initialized" list: the library's words, not the poster's of training */
const TRANSFORMERS_TRAIN_ADVICE = /You\s+should\s+probably\s+TRAIN\s+this\s+model\s+on\s+a\s+down-?\s*stream\s+task[^.]*\./g;

function proseEvaluationRun(text: string): string | null {
  const m = RE_PROSE_EVALUATION_RUN.exec(text) ?? RE_PROSE_RESULT_NEAR_ZERO.exec(text) ?? RE_PROSE_EVALUATION_RUN_ZH.exec(text);
  // only a text that names a run is cleaned for training words: PY_FILE's scan is quadratic on a long run of word
  // characters, which the bounds test feeds every parser step (test/formats/error-text-bounds.test.ts)
  if (!m) return null;
  const words = text.replace(TRANSFORMERS_TRAIN_ADVICE, ' ').replace(PY_FILE, ' ');
  return !RE_TRAINING_WORD.test(words) && !RE_TRAINING_WORD_ZH.test(words) ? m[1]!.replace(/\s+/g, ' ') : null;
}

/**
 * A framework restoring its own checkpoint into the module class that saved it. Lightning's calls, in the
 * traceback (inside site-packages, where they live) or its log line: `Trainer.fit(ckpt_path=)` resumes
 * "from the checkpoint path" (its docs), `LightningModule.load_from_checkpoint` re-creates the module with
 * the `hyper_parameters` stored in the file. `restore_model` / `restore_weights` are generic names: only
 * beside Lightning's `checkpoint_connector`, where they are its restore.
 */
const RE_RESTORE_RUN = /\b(_restore_modules_and_callbacks|load_from_checkpoint)\b|(Restoring\s+states\s+from\s+the\s+checkpoint)/;
const RE_CONNECTOR_RESTORE = /checkpoint_connector[\s\S]{0,400}?\b(restore_model|restore_weights)\b/;

/**
 * A training run resuming from its own checkpoint, by the call only a resume makes: ultralytics/yolov5's
 * train.py (and its many forks) loads the model's weights with `intersect_dicts` and strict=False, which skips
 * tensors of another shape, and restores the EMA copy under its `# Resume` block with
 * `ema.ema.load_state_dict(ckpt['ema'].float().state_dict())`, strictly; released weights carry no EMA
 * (`strip_optimizer` sets `ckpt['ema']` to None), so a size error there is a run's own last.pt resumed with
 * another model config (xialuxi/yolov5-car-plate#13).
 */
const RE_RESUME_RUN = /\b(ema\.ema\.load_state_dict)\s*\(\s*ckpt\s*\[\s*["']ema["']\s*\]/;

function restoreRun(text: string): string | null {
  const m = RE_RESTORE_RUN.exec(text) ?? RE_CONNECTOR_RESTORE.exec(text);
  return m ? m[1] ?? m[2]!.replace(/\s+/g, ' ') : null;
}

/**
 * A library hook's frame in a traceback, as Python prints it (`File ".../ema_hook.py", line 187, in
 * after_load_checkpoint`), as IPython 8 does (`File .../ema_hook.py:187, in EMAHook.after_load_checkpoint(self,
 * runner)`), IPython 7 (`.../ema_hook.py in after_load_checkpoint(self, runner)`) and rich (`.../ema_hook.py:187
 * in after_load_checkpoint`): the file, then the function, its class before a dot.
 */
const RE_HOOK_FRAME = /[\/\\](\w+_hook)\.py["']?\s*(?:,\s*line\s*\d+\s*,|:\d+\s*,?)?\s*in\s*(?:[A-Za-z_]\w*\.)?(\w+)/g;

/** OpenMMLab's inference APIs (mmdet, mmseg, mmpose, mmaction, mmdet3d, mmpretrain) that load a checkpoint into a whole model. */
const RE_WHOLE_MODEL_LOAD = /\b(init_(?:detector|model|segmentor|pose_estimator|pose_model|recognizer))\s*\(/;

function hookLoad(text: string): string | null {
  let last: string | null = null;
  for (const m of text.matchAll(RE_HOOK_FRAME)) last = `${m[1]}:${m[2]}`;
  return last;
}

/** detectron2 projects' version check in `_load_from_state_dict` (MaskFormer, Mask2Former, OneFormer): the checkpoint is of an older format. */
const RE_OLDER_FORMAT = /Weight\s*format\s*of\s*([A-Za-z_]\w*)\s*ha(?:ve|s)\s*changed/;

/**
 * Headings followed by a list on the squashed text: one row per message, with the library that
 * prints it and the side its keys are on. Group 1, when present, is the model class.
 */
interface ListPhrase {
  family: ErrorFamily;
  kind: Kind;
  side: Side;
  re: RegExp;
  /** `torch`: `"a", "b".`; `python`: a list or set repr */
  list: 'torch' | 'python';
  /** the rest of the heading after a model path of any length (see `headings`); the list follows it */
  tail?: RegExp;
  why: string;
  /** this printer listed as missing the weights the model ties after loading (ErrorReport.missingListsTied) */
  listsTied?: true;
}

const LIST_PHRASES: ListPhrase[] = [
  { family: 'torch', kind: 'load_state_dict', side: 'missing', list: 'torch', re: /Missing\s*key\(s\)\s*in\s*state_dict\s*:/g, why: 'torch ≥ 0.4 strict load' },
  { family: 'torch', kind: 'load_state_dict', side: 'unexpected', list: 'torch', re: /Unexpected\s*key\(s\)\s*in\s*state_dict\s*:/g, why: 'torch ≥ 0.4 strict load' },
  {
    family: 'transformers', kind: 'transformers', side: 'unexpected', list: 'python', why: 'transformers/diffusers from_pretrained (TF models say "layers")',
    re: /Some\s*(?:weights|layers)\s*of\s*the\s*model\s*checkpoint/g,
    tail: new RegExp(String.raw`were\s*not\s*used\s*when\s*initializing\s*${MODEL}\s*:?`, 'g'),
  },
  {
    family: 'transformers', kind: 'transformers', side: 'missing', list: 'python', why: 'transformers from_pretrained',
    re: new RegExp(String.raw`Some\s*(?:weights|layers)\s*of\s*${MODEL}\s*were\s*not\s*initialized\s*from\s*the\s*model\s*checkpoint`, 'g'),
    tail: /and\s*are\s*newly\s*initialized\s*:/g,
  },
  { family: 'transformers', kind: 'transformers', side: 'missing', list: 'python', why: 'pytorch-transformers 1.x, transformers 2.x (tie_weights ran after this report)', listsTied: true, re: /Weights\s*of\s*([A-Za-z_][\w.]*)\s*not\s*initialized\s*from\s*pretrained\s*model\s*:/g },
  { family: 'transformers', kind: 'transformers', side: 'unexpected', list: 'python', why: 'pytorch-transformers 1.x', re: /Weights\s*from\s*pretrained\s*model\s*not\s*used\s*in\s*([A-Za-z_][\w.]*)\s*:/g },
  { family: 'peft', kind: 'incompatible_keys', side: 'missing', list: 'python', why: 'PEFT set_peft_model_state_dict / PeftModel.from_pretrained', re: /Found\s*missing\s*adapter\s*keys\s*while\s*loading\s*the\s*checkpoint\s*:/g },
  { family: 'peft', kind: 'incompatible_keys', side: 'unexpected', list: 'python', why: 'transformers load_adapter, diffusers LoRA scripts', re: /led\s*to\s*unexpected\s*keys\s*not\s*found\s*in\s*the\s*model\s*:/g },
  { family: 'peft', kind: 'incompatible_keys', side: 'missing', list: 'python', why: 'transformers load_adapter', re: /led\s*to\s*missing\s*keys\s*in\s*the\s*model\s*:/g },
  {
    family: 'torchreid', kind: 'incompatible_keys', side: 'unexpected', list: 'python', why: 'torchreid load_pretrained_weights: checkpoint keys it skipped (absent from the model, or of another size)',
    re: /The\s*following\s*layers\s*are\s*discarded\s*due\s*to\s*unmatched\s*keys\s*or\s*layer\s*size\s*:/g,
  },
  { family: 'lightning', kind: 'incompatible_keys', side: 'missing', list: 'python', why: 'Lightning load_from_checkpoint(strict=False)', re: /Found\s*keys\s*that\s*are\s*in\s*the\s*model\s*state\s*dict\s*but\s*not\s*in\s*the\s*checkpoint\s*:/g },
  { family: 'lightning', kind: 'incompatible_keys', side: 'unexpected', list: 'python', why: 'Lightning load_from_checkpoint(strict=False)', re: /Found\s*keys\s*that\s*are\s*not\s*in\s*the\s*model\s*state\s*dict\s*but\s*in\s*the\s*checkpoint\s*:/g },
  {
    family: 'open-reid', kind: 'incompatible_keys', side: 'missing', list: 'python', why: "open-reid's copy_state_dict (copied into MMT, SpCL and many re-ID codes): `print(\"missing keys in state_dict:\", missing)`, a Python set (torch 0.1-0.3's KeyError puts the same words before a quoted set: RE_OLD_MISSING)",
    re: /missing\s*keys\s*in\s*state_dict\s*:\s*(?:set\s*\()?(?=\s*[{[])/g,
  },
];

/** torch.distributed.checkpoint's default load planner names one key, then a full stop (read per line: the key ends the line) */
const RE_DCP_MISSING = /Missing key in checkpoint state_dict: ([^\s"'{}()[\]]+?)\.?(?:\s|$)/;

/** timm's builder writes the keys unquoted inside parentheses, before the rest of the sentence. */
const PAREN_PHRASES: { side: Side; re: RegExp }[] = [
  { side: 'missing', re: /Missing\s*keys\s*\(([^()]*)\)\s*discovered\s*while\s*loading\s*pretrained\s*weights/g },
  { side: 'unexpected', re: /Unexpected\s*keys\s*\(([^()]*)\)\s*found\s*while\s*loading\s*pretrained\s*weights/g },
];

/** The head of torch's size line, any case (retyped pastes): the rest is read at its end, sticky. */
const RE_SIZE_HEAD = /(size\s*)?mismatch\s*for\s*/gi;
/**
 * The checkpoint's shape as torch prints it, or as a `(name, torch.Size([...]))` pair: a patched
 * `_load_from_state_dict` (sparse-conv libraries' kernels) formats the item it copies instead of its shape.
 */
const PARAM_SIZE = String.raw`(?:\(\s*['"][^'"]{1,4096}['"]\s*,\s*)?${SIZE}(?:\s*\))?`;
const RE_SIZE_KEY_END = /\s*[:,]/y;
/**
 * A key holds a letter, a digit or `_`: `[]`, `{}` or `<>` where the key stands is the message's template
 * quoted in prose (a post's title: `size mismatch for []: copying a param with shape [] from checkpoint`),
 * not a key whose line was cut; `...` there is a key the poster elided.
 */
const RE_KEY_WORD = /[\p{L}\p{N}_]/u;
const RE_ELIDED_KEY = /^(?:\.{2,}|…)+$/;
/**
 * A fixed phrase of a message, as a paste may have broken it: blanks between any two letters of a word (a terminal's
 * wrap inside it, once the paste lost its line breaks: `the s hape in current model`; a view that padded the wrapped
 * line to its width: `from check` + 80 spaces + `point`, jizhishutong/YOLOU#13), any white space between words.
 */
function phrase(words: string): string {
  return words
    .split(' ')
    .map((w) => [...w].join('[ \\t]*'))
    .join('\\s*');
}
const RE_SIZE_REST = new RegExp(
  String.raw`\s*${phrase('copying a param')}\s*(with\s*shape|of)\s*${PARAM_SIZE}\s*${phrase('from')}\s*(?:the\s*)?${phrase('checkpoint')}[\s,]*(?:${phrase('the shape in current model is')}\s*${SIZE}|${phrase('where the shape is')}\s*${SIZE}\s*${phrase('in current model')})`,
  'iy',
);
const RE_SIZE_FIRST = new RegExp(String.raw`\s*copying\s*a\s*param\s*(with\s*shape|of)\s*${PARAM_SIZE}`, 'iy');
/** no `\b`: a wrap at the space after it is squashed away (`copyinga param`) */
const RE_SIZE_COPYING = /\s*copying/iy;
/** torch ≤ 1.0 (without quotes before 0.4), and torch ≥ 1.0's copy failure (`, an exception occurred`) */
const RE_WHILE_COPYING = new RegExp(
  String.raw`While\s*copying\s*the\s*parameter\s*named\s*"?([^",\s]+)"?\s*,\s*whose\s*dimensions\s*in\s*the\s*model\s*are\s*${SIZE}\s*and\s*whose\s*dimensions\s*in\s*the\s*checkpoint\s*are\s*${SIZE}`,
  'g',
);
/**
 * The start of such a line, up to the comma after its key (the key is whole), then its words up to where a paste
 * may have cut it (`…named "bn.running_mean", whose dimensions in th`): what follows is that line's first shape
 * (the model's), if the cut left it.
 */
const RE_WHILE_COPYING_HEAD = /While\s*copying\s*the\s*parameter\s*named\s*"?([^",\s]+)"?\s*,(?=\s*(?:w|$))/g;
const RE_WHILE_COPYING_MODEL = new RegExp(String.raw`\s*whose\s*dimensions\s*in\s*the\s*model\s*are\s*${SIZE}`, 'y');
const RE_NOT_TENSOR =
  /While\s*copying\s*the\s*parameter\s*named\s*"([^"]{1,4096})"\s*,\s*expected\s*torch\.Tensor\s*or\s*Tensor-like\s*object\s*from\s*checkpoint\s*but\s*received\s*(<[^>]*>|\S+)/g;
/** torch 0.1–0.3 raised KeyError per key / with a set */
const RE_OLD_UNEXPECTED = /unexpected\s*key\s*"([^"\s]{1,4096})"\s*in\s*state_dict/g;
const RE_OLD_MISSING = /missing\s*keys\s*in\s*state_dict\s*:\s*"\s*(set\s*\(\s*\[|\{)/g;
/**
 * A dict KeyError on a BatchNorm counter, raised by a loop that copies tensors by key between a model's
 * state dict and a checkpoint (`model_dict[k] = pretrained_dict[k]`). Every BatchNorm has the counter
 * since PyTorch 0.4.1 and weights saved before lack it, so the dict that lacks it is the older
 * checkpoint and the key the model's: missing, never a checkpoint key (only a PyTorch <= 0.4.0
 * install builds a model without it): transferlearning#58, #67, #109 (`pretrained_dict[k]`),
 * ruotianluo/pytorch-faster-rcnn#104, #125, #128 (`{k: state_dict[k] for k in self.state_dict()}`). Other
 * keys of such a KeyError name no side and are not read.
 */
const RE_COUNTER_KEYERROR = /KeyError\s*:\s*['"]((?:[A-Za-z_]\w*\.)*num_batches_tracked)['"]/g;
const RE_INCOMPATIBLE = /_?IncompatibleKeys\s*\(\s*missing_keys\s*=\s*\[/g;
const RE_INCOMPATIBLE_UNEXPECTED = /^\s*,\s*unexpected_keys\s*=\s*\[/;
/**
 * one field of `_IncompatibleKeys` on its own: `unexpected_keys=[...]`, `'missing_keys': [...]`; or the two lists
 * `load_state_dict(strict=False)` returns, printed by the caller under their names (`print('unexpected keys:',
 * unexpected_keys)`, cheerss/CrossFormer#9; DETR's main.py `print('Missing Keys: {}'.format(missing_keys))`)
 */
const RE_INCOMPATIBLE_FIELD = /(missing|unexpected)(?:_|\s*)keys['"]?\s*[=:]\s*(?=\[)/gi;
const RE_ALL_MATCHED = /<All\s*keys\s*matched\s*successfully>/;
/** fvcore/Detectron2 (current, then older), shapes as tuples, checkpoint first */
const FVCORE_SHAPES: RegExp[] = [
  new RegExp(String.raw`Skip\s*loading\s*parameter\s*'([^'\s]{1,4096})'\s*to\s*the\s*model\s*due\s*to\s*incompatible\s*shapes\s*:\s*${TUPLE}\s*in\s*the\s*checkpoint\s*but\s*${TUPLE}\s*in\s*the\s*model`, 'g'),
  new RegExp(String.raw`Unable\s*to\s*load\s*'([^'\s]{1,4096})'\s*to\s*the\s*model\s*due\s*to\s*incompatible\s*shapes\s*:\s*${TUPLE}\s*in\s*the\s*checkpoint\s*but\s*${TUPLE}\s*in\s*the\s*model`, 'g'),
  new RegExp(String.raw`'([^'\s]{1,4096})'\s*has\s*shape\s*${TUPLE}\s*in\s*the\s*checkpoint\s*but\s*${TUPLE}\s*in\s*the\s*model`, 'g'),
];
/**
 * torch.distributed.checkpoint's planner (planner_helpers.py _create_read_items): the saved shape first, raised at
 * the first key whose size differs, every rank printing it again (review19 F7)
 */
const RE_DCP_SIZE = new RegExp(String.raw`Size\s*mismatch\s*between\s*saved\s*${SIZE}\s*and\s*current\s*:\s*${SIZE}\s*for\s*([^\s"']{1,4096}?)(?=Traceback|ValueError|$|\s)`, 'g');
/** diffusers' meta-device loader: model shape first */
const RE_DIFFUSERS_SHAPE = new RegExp(String.raw`because\s*([^\s]{1,4096}?)\s*expected\s*shape\s*${TUPLE}\s*,\s*but\s*got\s*${TUPLE}`, 'g');
const RE_HF_SHAPES_HEAD = new RegExp(String.raw`Some\s*weights\s*of\s*${MODEL}\s*were\s*not\s*initialized\s*from\s*the\s*model\s*checkpoint`, 'g');
const RE_HF_SHAPES_TAIL = /newly\s*initialized\s*because\s*the\s*shapes\s*did\s*not\s*match\s*:/g;
const RE_HF_SHAPE = new RegExp(
  String.raw`-\s*(\S+?)\s*:\s*found\s*shape\s*${SIZE}\s*in\s*the\s*checkpoint\s*and\s*${SIZE}\s*in\s*the\s*model\s*instantiated`,
  'g',
);

// --- line-based formats --------------------------------------------------------------------------

const RE_HF_REPORT_HEAD = /^([A-Za-z_][\w.]*)\s+LOAD REPORT from:/;
const RE_HF_REPORT_ROW = /^(\S+)\s*\|\s*(UNEXPECTED|MISSING|MISMATCH)\b/;
/** A MISMATCH row's detail: `Reinit due to size mismatch - ckpt: torch.Size([1024]) vs model:torch.Size([384])`. */
const RE_HF_REPORT_SHAPES = /ckpt:\s*torch\.Size\(\[([\d,\s]*)\]\)\s*vs\s*model:\s*torch\.Size\(\[([\d,\s]*)\]\)/;
/** mmcv/MMEngine: anywhere in a line (a logger prefix, a quote in prose) */
const RE_MMCV_LIST = /(unexpected key|missing keys) in source state_dict:\s*(.*)$/;
/** mmcv's list headings anywhere on a line, and the `, and` that joins two of them in prose. */
const RE_MMCV_HEADS = /(?:unexpected key|missing keys) in source state_dict:/g;
const RE_JOINING_AND = /[,\s]*(?:\band)?\s*$/;
/** words naming a sparse-convolution library (ErrorReport.sparseLibrary), on the squashed text (lines joined: a wrap may fall between words) */
const RE_SPARSE_LIBRARY = /spconv|SubMConv[1-3]d|SparseConv[1-3]d|SparseConvTensor|SparseSequential|\bdet3d|mmdet3d|these\s*keys\s*have\s*mismatched\s*shape/i;
const RE_MMCV_TABLE_HEAD = /these keys have mismatched shape:?\s*$/;
const RE_MMCV_TABLE_ROW = /^\|\s*(\S+)\s*\|\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|$/;
const RE_SIZE_LINE = /^size mismatch for/i;
/** one way to match each token (an alternative that also matched `...` made failures exponential) */
const RE_KEY_THEN_WORDS = new RegExp(`^[^\\s,"'()[\\]{}<>;${WIDE_SCRIPT}]*\\.[^\\s,"'()[\\]{}<>;${WIDE_SCRIPT}]*(?:\\s|$)`);
/** a line of keys only: no white space inside a key, no letter of the poster's own script (lists.ts WIDE_SCRIPT) */
const RE_KEY_LIST_TAIL = new RegExp(`^[^\\s,${WIDE_SCRIPT}]*(?:,\\s*[^\\s,${WIDE_SCRIPT}]+)*,?$`);
const FVCORE_HEADS: { side: Side; re: RegExp }[] = [
  { side: 'missing', re: /Some model parameters(?: or buffers)? are not (?:found )?in the checkpoint:\s*(.*)$/ },
  { side: 'unexpected', re: /The checkpoint(?: state_dict)? contains (?:keys|parameters) (?:that are )?not used by the model:\s*(.*)$/ },
];
const RE_DIFFUSERS_MISSING = /because the following keys are missing:\s*(.*)$/;
/** DeiT/MAE fine-tuning's `print(f"Removing key {k} from pretrained checkpoint")` (analysis/loader-removed.ts) */
const RE_REMOVED_KEY = /Removing key ([A-Za-z_][\w.\-]{0,200}) from pretrained checkpoint/g;
const ELLIPSIS_LINE = /^(?:\.{3,}|…|\[\s*(?:\.{3,}|…)\s*\])$/;
/**
 * A shape closed and then an elision where torch puts one full stop (`torch.Size([2304, 768])......`, a blog's
 * copy of one size line of many): the poster left the lines after it out, as with an elision on its own line.
 * Also after torch's full stop and a space (`torch.Size([128, 64, 1, 1]). ...`): an elision line joined to the
 * size line above it when a paste lost its line breaks (an issue title, a page without <pre>).
 */
const ELIDED_AFTER_SHAPE = /\]\)\s*(?:\.[ \t]+)?(?:\.{3,}|…)\s*$/;
/**
 * A line a page, a notebook or a log viewer puts where it hid part of the output, copied with the text: a fold
 * (`Show more`, `Load more…`, GitHub's `12 hidden items`), VS Code's notebook limit (`Output is truncated. View
 * as a scrollable element or open in a text editor. …`), a viewer's `[truncated]` or `... 250 lines omitted`.
 * Like an elision line, it says lines were left out.
 */
const FOLD_LINE = /^(?:(?:show|load|see) more\b\W*|\d+ (?:hidden items|more lines?)\b.*|[[(]?(?:output|log|text|message) (?:is |was )?truncated\b.*|[[(]?\s*(?:\.{3}|…)?\s*[[(]?\d+ (?:more )?lines? (?:omitted|hidden|truncated|skipped)\b.*|(?:\.{3}|…)\s*(?:and\s*)?[[(]?\d+ more\b.*|[[(]?truncated[\])]?)$/i;

/**
 * Quick test for format detection: robust to wrapping because whitespace is ignored. The messages it
 * knows are the rows of error-text/families.ts (one per message family, with its printer and source).
 */
export function looksLikeErrorText(text: string): boolean {
  const head = text.slice(0, 1 << 20);
  // prose around state-dict keys, in no format sdmatch knows: read loosely (error-text/loose.ts)
  // the lines as the parser sees them: a wrap inside a phrase puts the next line's log prefix or
  // Markdown quote in the middle of it, which only the cleaning takes out (typographic quotes and
  // entities too, which the loose reader's quoted names need)
  const paste = cleanPaste(head);
  const cleaned = paste.lines;
  const loose = readLoosely(cleaned.join('\n'), paste.widths);
  if (loose.missing.length + loose.unexpected.length > 0 && /\b(?:state_?dict|checkpoint|load(?:ing|ed)?|weights?)\b/i.test(head)) return true;
  if (cleaned.some((l) => RE_SIDELESS_HEAD.test(l)) || quotedRunStart(cleaned) !== null) return true;
  const log = readShapeLog(cleaned);
  if (log.sized.length + log.shapeless.length > 0) return true;
  const flat = cleaned.join('').replace(/\s+/g, '');
  return MESSAGE_DETECTOR.test(flat);
}

function parseShape(s: string | undefined): number[] {
  const body = (s ?? '').replace(/\s+/g, '');
  if (!body) return [];
  return body.split(',').filter((x) => x !== '').map(Number);
}

/**
 * Matches of `head` followed, within MAX_GAP characters, by `tail` (a model path may sit between).
 * The tail search resumes where it last stopped, so the whole scan is linear however many heads
 * the text repeats. Yields where the heading ends and the model name (the tail's, else the head's).
 */
function* headings(s: string, head: RegExp, tail: RegExp | undefined): Generator<{ index: number; end: number; text: string; model: string | undefined }> {
  let found: RegExpExecArray | null = null;
  let searchedFrom = -1;
  for (const m of s.matchAll(head)) {
    const headEnd = m.index + m[0].length;
    if (!tail) {
      yield { index: m.index, end: headEnd, text: m[0], model: m[1] };
      continue;
    }
    if (searchedFrom < 0 || (found !== null && found.index < headEnd)) {
      tail.lastIndex = headEnd;
      found = tail.exec(s);
      searchedFrom = headEnd;
    }
    if (!found || found.index - headEnd > MAX_GAP) continue;
    yield { index: m.index, end: found.index + found[0].length, text: s.slice(m.index, m.index + 80), model: found[1] ?? m[1] };
  }
}

/**
 * Keys a whole paste may expand its brace groups and `{a...b}` ranges into. A real LOAD REPORT
 * collapses layer runs (`layers.{0...79}`) over a few hundred rows; a crafted one (`{0...99999}` on
 * every row, or ranges nested in one key) would otherwise turn a few kilobytes into billions of keys.
 */
const MAX_EXPANDED_KEYS = 1_000_000;
/** More keys than one fvcore group line honestly stands for: such a line is not taken for a group. */
const MAX_GROUP_KEYS = 100_000;

class Collector {
  readonly kinds = new Set<Kind>();
  readonly families: ErrorFamily[] = [];
  readonly missing = new Set<string>();
  readonly unexpected = new Set<string>();
  readonly sizes = new Map<string, ReportedSizeMismatch>();
  readonly cutSizes = new Map<string, CutSizeMismatch>();
  readonly models = new Set<string>();
  readonly unsided = new Set<string>();
  /** a Set: a 5 MB paste may repeat the same remark thousands of times */
  readonly notes = new Set<string>();
  /** a torch heading was followed at once by its unexpected list: the model lacked nothing */
  headThenUnexpected = false;
  /** the last keys of line-based lists that ran to a pasted block's end (a fence, the text's end): each may be cut mid-name */
  readonly blockEndKeys: { side: Side; key: string }[] = [];
  /** what is left of MAX_EXPANDED_KEYS for the whole text */
  expansionLeft = MAX_EXPANDED_KEYS;
  /** a LOAD REPORT row / an fvcore group stood for more keys than were left, and was not expanded */
  reportRangesOver = false;
  groupsOver = false;
  truncated = false;
  allMatched = false;
  reprWhole = false;
  missingListsTied = false;
  recognised = false;
  assertedMissing: string[] | null = null;

  saw(kind: Kind, family: ErrorFamily): void {
    this.kinds.add(kind);
    if (!this.families.includes(family)) this.families.push(family);
    this.recognised = true;
  }
  model(name: string | undefined): void {
    if (name) this.models.add(name);
  }
  target(side: Side): Set<string> {
    return side === 'missing' ? this.missing : this.unexpected;
  }
  addList(side: Side, r: { keys: string[]; truncated: boolean }): void {
    const target = this.target(side);
    for (const k of r.keys) target.add(k);
    if (r.truncated) this.truncated = true;
  }
  size(key: string, source: number[], expected: number[]): void {
    if (!this.sizes.has(key)) this.sizes.set(key, { key, source, expected });
  }
  /**
   * The keys a brace group or range stands for; `null` when it is not one (or stands for more than
   * `cap`, more than one group honestly holds); `'over'` when it would take more of the whole text's
   * budget than is left (the caller keeps it as written or skips it, and says so).
   */
  expand(group: string, cap = Infinity): string[] | 'over' | null {
    const r = braceExpansion(group, Math.min(cap, this.expansionLeft));
    if (!r) return null;
    if (!r.keys) return r.count > cap ? null : 'over';
    this.expansionLeft -= r.keys.length;
    return r.keys;
  }
  note(text: string): void {
    this.notes.add(text);
  }
}

function scanPyTorch(s: string, c: Collector): void {
  let errorHeads = 0;
  for (const m of s.matchAll(RE_ERROR_HEAD)) {
    c.saw('load_state_dict', 'torch');
    c.model(m[1]);
    errorHeads++;
    RE_UNEXPECTED_NEXT.lastIndex = m.index + m[0].length;
    if (RE_UNEXPECTED_NEXT.test(s)) c.headThenUnexpected = true;
  }
  let firstUnexpected = -1;
  let sawMissing = false;
  const torchListed = new Set<Side>();
  const torchEmpty = new Set<Side>();
  for (const phrase of LIST_PHRASES) {
    // a heading inside a list this phrase already read is a key that looks like one: reading on from
    // it would read the rest of that list again, once per such key (quadratic in the paste)
    let readUntil = 0;
    for (const m of headings(s, phrase.re, phrase.tail)) {
      c.saw(phrase.kind, phrase.family);
      c.model(m.model);
      if (m.index < readUntil) continue;
      const at = m.end;
      if (phrase.list === 'torch') {
        if (phrase.side === 'missing') sawMissing = true;
        else if (firstUnexpected < 0) firstUnexpected = m.index;
        const list = readQuotedList(s, at, '.');
        c.addList(phrase.side, list);
        readUntil = list.end;
        (list.keys.length > 0 ? torchListed : torchEmpty).add(phrase.side);
        continue;
      }
      const list = readPythonList(s, at);
      if (list) {
        // diffusers logs `[', '.join(unexpected_keys)]`: one string holding every key
        if (phrase.family === 'transformers' && list.joined) c.saw('transformers', 'diffusers');
        if (phrase.listsTied && list.keys.length > 0) c.missingListsTied = true;
        c.addList(phrase.side, list);
        readUntil = list.end;
      }
      else {
        c.truncated = true;
        c.note(`the text has the heading "${m.text.replace(/\s+/g, ' ').trim()}" but not its key list`);
      }
    }
  }
  // torch adds a heading only with a key after it: one followed by none (the poster's words, the paste's
  // end) lost its list to the cut, unless the text shows that side's list elsewhere (a heading quoted in prose)
  for (const side of torchEmpty) {
    if (torchListed.has(side)) continue;
    c.truncated = true;
    c.note(`the text has torch's ${side === 'missing' ? 'Missing' : 'Unexpected'} key(s) heading but no key after it: the list was cut`);
  }
  if (firstUnexpected >= 0 && !sawMissing) readHeadlessMissing(s, firstUnexpected, c);
  // the key runs to `:` or `,`; a run already found to have no such end is not scanned again
  let failedRunEnd = -1;
  for (const m of s.matchAll(RE_SIZE_HEAD)) {
    const from = m.index + m[0].length;
    if (from < failedRunEnd) continue;
    let k = from;
    while (k < s.length && k - from < MAX_KEY && !/[\s:,]/.test(s[k]!)) k++;
    RE_SIZE_KEY_END.lastIndex = k;
    if (k === from || !RE_SIZE_KEY_END.test(s)) {
      failedRunEnd = k;
      continue;
    }
    const key = s.slice(from, k);
    if (!RE_KEY_WORD.test(key)) {
      if (RE_ELIDED_KEY.test(key)) {
        c.truncated = true;
        c.note('a size-mismatch line names its key as `...`: the poster elided it');
      }
      continue;
    }
    const at = RE_SIZE_KEY_END.lastIndex;
    RE_SIZE_REST.lastIndex = at;
    const full = RE_SIZE_REST.exec(s);
    if (full) {
      c.saw('load_state_dict', 'torch');
      const first = parseShape(full[2]);
      const second = parseShape(full[3] ?? full[4]);
      // torch 0.4.1 printed `copying a param of {model shape} ... where the shape is {checkpoint shape}`
      if (/^of$/i.test(full[1]!)) c.size(key, second, first);
      else c.size(key, first, second);
      continue;
    }
    if (!m[1]) continue; // a bare "mismatch for" counts only in its full form
    RE_SIZE_FIRST.lastIndex = at;
    const part = RE_SIZE_FIRST.exec(s);
    RE_SIZE_COPYING.lastIndex = at;
    if (!part && !RE_SIZE_COPYING.test(s) && s.slice(at).trim() !== '') continue;
    c.saw('load_state_dict', 'torch');
    c.truncated = true;
    const shape = part ? parseShape(part[2]) : null;
    const modelFirst = part !== null && /^of$/i.test(part[1]!);
    if (!c.sizes.has(key) && !c.cutSizes.has(key)) {
      c.cutSizes.set(key, { key, source: modelFirst ? null : shape, expected: modelFirst ? shape : null });
    }
  }
  for (const m of s.matchAll(RE_WHILE_COPYING)) {
    c.saw('load_state_dict', 'torch');
    const model = parseShape(m[2]);
    const ckpt = parseShape(m[3]);
    if (model.join() !== ckpt.join()) c.size(m[1]!, ckpt, model);
    else c.note(`copying \`${m[1]}\` failed although its shape [${model.join(', ')}] matches: see the exception in the text`);
  }
  // a While-copying line the paste cut before its shapes: its key is named, its sizes are not, and the list may have
  // gone on (okankop/MFF-pytorch#2 stops at `whose dimensions in th`, then the text ends, or a fence, or prose)
  const whole = new Set([...s.matchAll(RE_WHILE_COPYING)].map((m) => m.index));
  for (const m of s.matchAll(RE_WHILE_COPYING_HEAD)) {
    const after = m.index + m[0].length;
    const lineEnd = s.indexOf('\n', after) < 0 ? s.length : s.indexOf('\n', after);
    const next = s.indexOf('While', lineEnd);
    // the line stops inside its words, and no shape follows before the next such line (a wrap would carry the
    // rest of the line, shapes and all, to the lines below: that line is whole, its words broken)
    if (whole.has(m.index) || !/^(?:[ \t]*w[^\n]*)?$/.test(s.slice(after, lineEnd)) || /Size\s*\(/i.test(s.slice(lineEnd, next < 0 ? s.length : next))) continue;
    c.saw('load_state_dict', 'torch');
    c.truncated = true;
    RE_WHILE_COPYING_MODEL.lastIndex = after;
    const part = RE_WHILE_COPYING_MODEL.exec(s);
    if (!c.sizes.has(m[1]!) && !c.cutSizes.has(m[1]!)) c.cutSizes.set(m[1]!, { key: m[1]!, source: null, expected: part ? parseShape(part[1]) : null });
  }
  for (const m of s.matchAll(RE_NOT_TENSOR)) {
    c.saw('load_state_dict', 'torch');
    c.note(`the checkpoint's \`${m[1]}\` is not a tensor (received ${m[2]})`);
  }
  for (const m of s.matchAll(RE_OLD_UNEXPECTED)) {
    c.saw('load_state_dict', 'torch-keyerror');
    c.unexpected.add(m[1]!);
  }
  for (const m of s.matchAll(RE_COUNTER_KEYERROR)) {
    c.saw('load_state_dict', 'torch-keyerror');
    c.missing.add(m[1]!);
    c.note(`the KeyError names a BatchNorm counter (\`${m[1]}\`) that a loop copying tensors by key did not find: the model (PyTorch >= 0.4.1) has it and the checkpoint, saved before PyTorch 0.4.1, does not`);
  }
  readOldMissingSets(s, c);
  if (c.cutSizes.size > 0) {
    const first = c.cutSizes.keys().next().value as string;
    c.note(`${c.cutSizes.size} size-mismatch line(s) are cut before both shapes (the first for \`${first}\`)`);
  }
  if (errorHeads > 0 && c.missing.size + c.unexpected.size + c.sizes.size + c.cutSizes.size === 0 && c.notes.size === 0) {
    c.truncated = true;
    c.note('the text has the error heading but no key lists: it was cut short');
  }
}

/**
 * The tail of torch's list heading at a line's start, the words that name the side cut off (`in
 * state_dict: "a".`), maybe after a numbered view's line number (`195 | `: a one-line paste gives the
 * line-number cleaner nothing to compare it with; torch never prints a bar there).
 */
const RE_SIDELESS_HEAD = /^(?:\d{1,6}\s*\|\s*)?(?:[\w()]{1,12}\s+)?in\s+state_dict\s*:\s*(?=["'])/;
/**
 * The same tail after the poster's own words on the line, its side word gone (an issue title that quotes the
 * message: `weights file of SegResNet only includes: key(s) in state_dict: "net", "optimizer", …`, SuPreM#5).
 */
const RE_SIDELESS_MIDLINE = /(?<=\s)key\(s\)\s*in\s*state_dict\s*:\s*(?=["'])/g;
/** A line that starts inside a key and goes on with quoted dotted keys, comma-separated (a piece of a list, its heading cut; not a list of characters or words). */
const RE_SIDED_HEAD_END = /(?:Missing|Unexpected)\s*key\(s\)\s*in\s*state_dict\s*:\s*$/i;
const MAX_RUN_TRIES = 64;
// the paste may start inside a key (its closing quote, then a comma), right at the comma after one
// (HuCaoFighting/Swin-Unet#41: `, "layers.2.blocks.4.mlp.fc2.bias", …`) or at a key's opening quote
// (qiaoguan/Person-reid-GAN-pytorch#18: `"model.features.denseblock4…", …`)
const RE_QUOTED_RUN_START = /^(?:["']?[^\s"'{}[\]()]+["'])?\s*,/;
const RE_QUOTED_RUN = /^(?:["']?[^\s"'{}[\]()]+["'])?\s*,\s*(?:["'][^\s"'{}[\]()]*\.[^\s"'{}[\]()]*["']\s*,\s*){2,}/;

/** A line that ends inside a quoted key it opened: a quote after a blank, a comma or a bracket, no quote or comma after it. */
const RE_OPEN_KEY_AT_END = /(?:^|[\s,[(])["'][^"',]+$/;
/** A bracket that opens a quoted list (`['`, `[` at a line's end), and one that closes a list. */
const RE_LIST_OPEN = /\[\s*(?:["']|$)/g;

/**
 * Whether a bracketed list of quoted keys is still open after `line`, given whether it was open before it:
 * the line's last list bracket decides (`odict_keys(['a', 'b', ` opens, `… 'z'])` closes), none leaves it as it was.
 */
function listOpenAfter(line: string, open: boolean): boolean {
  const close = line.lastIndexOf(']');
  let opener = -1;
  for (const m of line.matchAll(RE_LIST_OPEN)) opener = m.index!;
  if (opener < 0 && close < 0) return open;
  return opener > close;
}

/**
 * The first line where the paste starts inside a list (a piece of a key, its closing quote, then
 * quoted keys), read across the lines after it (a wrap may have split the run of keys); -1 if none.
 */
function quotedRunStart(lines: string[]): { line: number; at: number } | null {
  // each try reads up to 4 KiB ahead: a bounded number of tries keeps a crafted paste linear
  let tries = 0;
  let inList = false;
  for (let k = 0; k < lines.length && tries < MAX_RUN_TRIES; k++) {
    const continues = inList || (k > 0 && RE_OPEN_KEY_AT_END.test(lines[k - 1]!.slice(-400)));
    inList = lines[k] === '' ? false : listOpenAfter(lines[k]!, inList);
    // a line inside a bracketed list opened above (`odict_keys(['a', 'b', ` wrapped by a terminal), or right after a
    // line that opened a quoted key and was wrapped inside it (`"module.decoder.conv4.02` + `EncoderLayer.…", "…`),
    // goes on with what is above: the paste did not start there
    if (continues) continue;
    const at = RE_QUOTED_RUN_START.test(lines[k]!) ? 0 : proseThenRun(lines[k]!);
    if (at < 0) continue;
    tries++;
    let run = lines[k]!.slice(at);
    for (let j = k + 1; j < lines.length && run.length < 4096; j++) run += lines[j];
    if (RE_QUOTED_RUN.test(run)) return { line: k, at };
  }
  return null;
}

/**
 * The poster's words, then a piece of a list on the same line: an issue title above a paste that starts inside a
 * list, once the paste lost its line breaks (`Error in loading FT model (key mismatch) "layers.7.ffn.w2.weight",
 * "layers.7.ffn_norm.weight", …`; `… on L3.2-3B layernorm.weight', 'model.layers.10…', …`). The words hold no quote,
 * colon or bracket (no heading, no list of their own); the list starts at the key after them, whole or cut. Where it
 * starts on the line, or -1.
 */
const RE_PROSE_THEN_RUN = /^[^"'`:[\]{}]{0,300}\s(?=["']?[^\s"'{}[\]()]+["']\s*,)/;

function proseThenRun(line: string): number {
  const m = RE_PROSE_THEN_RUN.exec(line.slice(0, 800));
  return m ? m[0].length : -1;
}

/**
 * A list whose heading the paste lost before the side: the tail of torch's heading at a line's start,
 * or a line that starts inside a key and goes on with quoted keys no known list holds (a paste that
 * starts in the middle of a list, maybe after another library's warning). Its keys
 * are read (the cut first and last ones left out) and kept apart: the side is not in the text.
 */
/** The quoted list from `from` on, kept apart as unsided (its first and last keys may be cut); returns where it ends. */
function readSideless(squashed: string, from: number, c: Collector): number {
  const list = readQuotedList(squashed, from, '.');
  if (list.keys.length === 0) return list.end;
  c.saw('load_state_dict', 'torch');
  for (const key of list.keys) c.unsided.add(key);
  c.truncated = true;
  return list.end;
}

function readSidelessLists(lines: string[], c: Collector): void {
  let offset = 0;
  // an empty line stays a break (squash): a key the paste left open ends there, not in the poster's words after it
  const squashed = squash(lines);
  const starts = lines.map((l) => {
    const at = offset;
    offset += l === '' ? 1 : l.length;
    return at;
  });
  // as for torch's headings: one inside a list already read starts no new read (a paste stays linear)
  let readUntil = 0;
  lines.forEach((line, k) => {
    if (starts[k]! < readUntil) return;
    const m = RE_SIDELESS_HEAD.exec(line);
    // a heading wrapped before `key(s)` or `in` is whole: the words before the line say the side
    if (!m || RE_SIDED_HEAD_END.test(squashed.slice(Math.max(0, starts[k]! - 40), starts[k]! + m[0].length))) return;
    readUntil = readSideless(squashed, starts[k]! + m[0].length, c);
  });
  // the tail after the poster's words, on the text squashed (a terminal may wrap inside it: `key(s) in sta` + `te_dict`)
  for (const m of squashed.matchAll(RE_SIDELESS_MIDLINE)) {
    if (m.index! < readUntil || RE_SIDED_HEAD_END.test(squashed.slice(Math.max(0, m.index! - 40), m.index! + m[0].length))) continue;
    readUntil = readSideless(squashed, m.index! + m[0].length, c);
  }
  const run = quotedRunStart(lines);
  if (!run) return;
  const first = lines[run.line]!.slice(run.at);
  // the first key is cut at its start (no opening quote): the list is read from the first quote on; a
  // line that starts at the comma or at a key's opening quote lost no key
  const open = /^\s*[,"']/.test(first) ? 0 : first.search(/["']\s*,/) + 1;
  const rest = squashed.slice(starts[run.line]! + run.at + open).replace(/^\s*,\s*/, '');
  // a known list a wrap split is read already: only keys on neither side make a headless list
  const list = readQuotedList(rest, 0, ']');
  const keys = list.keys.filter((k) => !c.missing.has(k) && !c.unexpected.has(k));
  if (keys.length < 2 || keys.filter((k) => k.includes('.')).length * 2 < keys.length) return;
  c.truncated = true;
  // transformers' warning goes on after each of its lists with its own words: the side is in the text
  const side = list.end <= rest.length && rest[list.end - 1] === ']' ? transformersListSide(rest.slice(list.end, list.end + 200)) : null;
  if (side) {
    c.saw('transformers', 'transformers');
    for (const key of keys) c.target(side).add(key);
    c.note(`the paste starts inside a list whose heading it cut; the words after it (transformers' ${side === 'unexpected' ? '"This IS expected if you are initializing"' : '"You should probably TRAIN this model"'}) say it is the ${side === 'unexpected' ? '"were not used" (unexpected)' : '"newly initialized" (missing)'} list`);
    return;
  }
  if (!c.recognised) c.kinds.add('load_state_dict');
  c.recognised = true;
  for (const key of keys) c.unsided.add(key);
}

/**
 * The linear-evaluation loaders of self-supervised methods (main_lincls.py of facebookresearch/moco,
 * simsiam, moco-v3, and their ports) strip the pre-trained encoder's prefix from the checkpoint's keys,
 * load with strict=False and assert that only the new linear head is missing:
 * `assert set(msg.missing_keys) == {"fc.weight", "fc.bias"}`. An AssertionError there says more was
 * missing; the keys a poster prints beside it, one a line (`for k in state_dict: print(k)`), are read
 * as keys whose side the text does not say (analysis decides it, readings.ts sideOfHeadless).
 */
const RE_MISSING_ASSERTION = /assert\s*set\s*\(\s*[\w.]{0,80}missing_keys\s*\)\s*==\s*\{([^{}]{0,400})\}/;
const RE_PRINTED_KEY = /^[A-Za-z_][\w\-]*(?:\.[\w\-]+)+$/;

function readMissingAssertion(squashed: string, lines: string[], blockEnds: readonly number[], c: Collector): void {
  const m = RE_MISSING_ASSERTION.exec(squashed);
  if (!m) return;
  const allowed = [...m[1]!.matchAll(/["']([^"'\s]+)["']/g)].map((k) => k[1]!);
  if (allowed.length === 0) return;
  c.saw('incompatible_keys', 'torch');
  c.assertedMissing = allowed;
  c.note(`the load asserts that only ${allowed.map((k) => `\`${k}\``).join(', ')} stay missing (a linear-evaluation loader's check): the assertion failing means more keys were missing`);
  // the longest run of lines that are one key each
  let best: [number, number] = [0, 0];
  for (let k = 0; k < lines.length; ) {
    let j = k;
    while (j < lines.length && RE_PRINTED_KEY.test(lines[j]!)) j++;
    if (j - k > best[1] - best[0]) best = [k, j];
    k = j > k ? j : k + 1;
  }
  if (best[1] - best[0] < 3) return;
  const keys = lines.slice(best[0], best[1]);
  // a run that ends where the paste ends may stop inside its last key; so does one whose last name is only
  // the start of a sibling's (`encoder.layer1.1.bn` under `….bn1.weight`): a printed state dict holds whole
  // keys, so wherever the run ends (a blank line and words, the same paste again below), that key was cut
  const last = keys[keys.length - 1]!;
  if ((blockEnds.includes(best[1] - 1) || startsASibling(last, keys)) && !endsInLeaf(last)) {
    keys.pop();
    c.truncated = true;
    c.note('the printed key list stops inside a key: the paste was cut, and the keys after it are not shown');
  }
  for (const k of keys) if (!allowed.includes(k) && !c.missing.has(k) && !c.unexpected.has(k)) c.unsided.add(k);
}

/**
 * The key's last name is the start of another name under the same parent (`bn` beside `bn1`, `bn2`) and
 * ends no other key: the beginning of that sibling's key, not a key of its own.
 */
function startsASibling(key: string, keys: readonly string[]): boolean {
  const cut = key.lastIndexOf('.');
  if (cut < 0) return false;
  const parent = key.slice(0, cut + 1);
  const name = key.slice(cut + 1);
  const names = keys.filter((k) => k !== key && k.startsWith(parent)).map((k) => k.slice(parent.length).split('.')[0]!);
  return names.some((n) => n.length > name.length && n.startsWith(name)) && !keys.some((k) => k !== key && k.endsWith(`.${name}`));
}

/**
 * transformers' warning ends its "were not used" list with the bullets "- This IS expected if you are
 * initializing …" and its "newly initialized" list with "You should probably TRAIN this model …"
 * (modeling_utils, every release since 2.x): right after a list whose heading a paste cut, they say
 * which list it was.
 */
function transformersListSide(after: string): Side | null {
  if (/^\s*-?\s*This\s*IS\s*(?:NOT\s*)?expected\s*if\s*you\s*are\s*initializing/.test(after)) return 'unexpected';
  if (/^\s*-?\s*You\s*should\s*probably\s*TRAIN\s*this\s*model/.test(after)) return 'missing';
  return null;
}

/**
 * The key a size line cut at the end of `tail` had reached (maybe empty), or null. Only the last
 * heading is tried: an anchored pattern retried from every heading was quadratic on a paste of
 * thousands of headings.
 */
function sizeCutAtEnd(tail: string): string[] | null {
  let head: RegExpExecArray | null = null;
  RE_SIZE_CUT_HEAD.lastIndex = 0;
  for (let m = RE_SIZE_CUT_HEAD.exec(tail); m; m = RE_SIZE_CUT_HEAD.exec(tail)) head = m;
  if (!head || !startsAStatement(tail, head.index)) return null;
  return RE_KEY_START_AT_END.exec(tail.slice(head.index + head[0].length));
}

/** A word and a space right before a heading: the poster's sentence quotes it (`Getting size mismatch for fc.weight`, `I get Unexpected key(s) in state_dict:`). */
const RE_WORD_BEFORE = /[A-Za-z0-9_][ \t]+$/;
const startsAStatement = (tail: string, at: number): boolean => !RE_WORD_BEFORE.test(tail.slice(Math.max(0, at - 16), at));

/** A pasted block (the text, or a fenced block with prose after it) that ends at a torch list heading or inside a size line's key: the rest is cut off. */
function headingsAtBlockEnds(lines: string[], blockEnds: number[], c: Collector): void {
  for (const end of blockEnds) {
    // a wrapped heading spans at most a few lines
    const tail = lines.slice(Math.max(0, end - 3), end + 1).join('');
    const size = sizeCutAtEnd(tail);
    if (size?.[2] && size[1]) {
      // the key is whole (its `:` stands) and the block ends before the shapes: a size mismatch whose shapes
      // the cut took, as scanPyTorch reads it at the text's end (a fence or the poster's words after it change nothing)
      c.saw('load_state_dict', 'torch');
      c.truncated = true;
      if (!c.sizes.has(size[1]) && !c.cutSizes.has(size[1])) {
        c.cutSizes.set(size[1], { key: size[1], source: null, expected: null });
        c.note(`the pasted block ends after the key of a size-mismatch line (\`${size[1]}\`): its shapes are cut`);
      }
    }
    else if (size && !size[2]) {
      c.saw('load_state_dict', 'torch');
      c.truncated = true;
      c.note(`the text ends inside a size-mismatch line${size[1] ? ` (at \`${size[1]}\`)` : ''}: its key and shapes are cut`);
    }
    const fv = RE_FVCORE_CUT_AT_END.exec(tail.slice(-4096));
    if (fv) {
      c.saw('incompatible_keys', 'fvcore');
      c.truncated = true;
      const key = fv[2];
      // the key's quote closed: a size mismatch whose shapes the cut took
      if (key !== undefined && !c.sizes.has(key) && !c.cutSizes.has(key)) c.cutSizes.set(key, { key, source: null, expected: null });
      c.note(`the text ends inside fvcore's shape line${key ? ` for \`${key}\`` : ` (at \`${fv[1]}\`)`}: its shapes are cut`);
    }
    const head = RE_HEAD_AT_END.exec(tail);
    if (!head || !startsAStatement(tail, head.index)) continue;
    c.saw('load_state_dict', 'torch');
    c.truncated = true;
    c.note('the text ends at a list heading: the list itself is cut off');
  }
}

/**
 * torch 0.1–0.3: `missing keys in state_dict: "{'a', 'b'}"` (Python 3) or `"set(['a', 'b'])"`
 * (Python 2), quotes maybe escaped. Each set ends at the first `}` or `]` (as it opened) after its
 * heading; a heading inside a set already read is one of its keys, not a new set. The search for each
 * closer only ever moves forward, so a paste of thousands of heads left open is read once.
 */
function readOldMissingSets(s: string, c: Collector): void {
  const closers = { '}': forwardSearch(s, '}'), ']': forwardSearch(s, ']') };
  const heads = [...s.matchAll(RE_OLD_MISSING)];
  let setUntil = 0;
  heads.forEach((m, k) => {
    c.saw('load_state_dict', 'torch-keyerror');
    if (m.index < setUntil) return;
    const start = m.index + m[0].length;
    const end = closers[m[1]!.startsWith('{') ? '}' : ']'](start);
    if (end >= 0) {
      for (const key of keysOfSetRepr(s.slice(start, end))) c.missing.add(key);
      setUntil = end + 1;
      return;
    }
    // the set never closes: the paste is cut; the keys whose quotes close before the next heading are still sure
    c.truncated = true;
    for (const key of keysOfSetRepr(s.slice(start, heads[k + 1]?.index ?? s.length))) c.missing.add(key);
  });
}

/**
 * `find(from)`: where `ch` first occurs at or after `from`, or -1. Calls must not go backwards; the
 * text is searched once in all (a result still ahead is reused, and an absent one stays absent).
 */
function forwardSearch(s: string, ch: string): (from: number) => number {
  let found = -2;
  return (from) => {
    if (found === -1 || found >= from) return found;
    found = s.indexOf(ch, from);
    return found;
  };
}

/**
 * torch lists Missing before Unexpected: a quoted list that ends in `".` right before the first
 * `Unexpected key(s)` heading, with no Missing heading anywhere, is the missing list whose head the
 * paste lost. Read backwards from the heading while the text is quoted keys; the first, cut key is not kept,
 * and fewer than two keys are not taken for a list.
 */
function readHeadlessMissing(s: string, heading: number, c: Collector): void {
  let i = heading - 1;
  while (i >= 0 && /\s/.test(s[i]!)) i--;
  if (s[i] !== '.') return;
  i--;
  while (i >= 0 && /\s/.test(s[i]!)) i--;
  const keys: string[] = [];
  let cut = false;
  const limit = Math.max(0, heading - (1 << 22));
  while (i >= limit) {
    const q = s[i];
    if (q !== '"' && q !== "'") break;
    let j = i - 1;
    // spaces and tabs inside the quotes are a line break the paste turned into a space (a flattened paste:
    // `"classi fy.classify.main.0.weight_v"`), as readKey reads them forwards; a blank line ('\n') ends the key
    while (j >= limit && s[j] !== q && /[^\n"'()[\]{}<>,;:]/.test(s[j]!)) j--;
    if (j < limit || s[j] !== q) {
      cut = true;
      break;
    }
    keys.push(s.slice(j + 1, i).replace(/[ \t]+/g, ''));
    i = j - 1;
    while (i >= limit && (s[i] === ' ' || s[i] === '\t')) i--;
    if (s[i] !== ',') break;
    i--;
    while (i >= limit && (s[i] === ' ' || s[i] === '\t')) i--;
  }
  // one quoted word before the heading is as likely prose (`I loaded "best.pth".`) as a list's tail
  if (keys.length < 2) return;
  c.saw('load_state_dict', 'torch');
  keys.reverse();
  for (const k of keys) c.missing.add(k);
  c.truncated = true;
  c.note(`the text starts inside the missing-key list (its heading is cut off): ${keys.length} key(s) read${cut ? ', the first one cut' : ''}`);
}

function scanIncompatible(s: string, c: Collector, lineStarts: ReadonlySet<number>): void {
  // as for torch's headings: one quoted inside a list already read starts no new read
  let readUntil = 0;
  for (const m of s.matchAll(RE_INCOMPATIBLE)) {
    c.saw('incompatible_keys', 'torch');
    if (m.index < readUntil) continue;
    const missing = readQuotedList(s, m.index + m[0].length, ']');
    c.addList('missing', missing);
    readUntil = missing.end;
    const tail = RE_INCOMPATIBLE_UNEXPECTED.exec(s.slice(missing.end, missing.end + 64));
    if (tail) {
      const unexpected = readQuotedList(s, missing.end + tail[0].length, ']');
      c.addList('unexpected', unexpected);
      readUntil = unexpected.end;
      // `_IncompatibleKeys(missing_keys=[], unexpected_keys=[])`: load_state_dict's return value after a clean load
      if (missing.keys.length + unexpected.keys.length === 0 && !missing.truncated && !unexpected.truncated) c.allMatched = true;
      if (!missing.truncated && !unexpected.truncated) c.reprWhole = true;
    }
    else c.truncated = true;
  }
  // a part of the repr, or its fields printed on their own (`print(msg)` cut, `unexpected_keys=[...]`); the name
  // starts a word, or a line the squashed text glued to the one before (a shell command, a log line:
  // `--config x.yamlunexpected keys: [...]`)
  if (readUntil === 0) {
    for (const m of s.matchAll(RE_INCOMPATIBLE_FIELD)) {
      if (m.index > 0 && /\w/.test(s[m.index - 1]!) && !lineStarts.has(m.index)) continue;
      const list = readPythonList(s, m.index + m[0].length);
      if (!list) continue;
      c.saw('incompatible_keys', 'torch');
      c.addList(m[1]!.toLowerCase() === 'missing' ? 'missing' : 'unexpected', list);
    }
  }
  if (RE_ALL_MATCHED.test(s)) {
    c.saw('incompatible_keys', 'torch');
    c.allMatched = true;
    c.note('the text reports that all keys matched');
  }
  for (const { side, re } of PAREN_PHRASES) {
    for (const m of s.matchAll(re)) {
      c.saw('incompatible_keys', 'timm');
      c.addList(side, readUnquotedList(m[1]!));
    }
  }
  for (const re of FVCORE_SHAPES) {
    for (const m of s.matchAll(re)) {
      c.saw('incompatible_keys', 'fvcore');
      c.size(m[1]!, parseShape(m[2]), parseShape(m[3]));
    }
  }
}

/**
 * open-reid's copy_state_dict (reid/utils/serialization.py; MMT, SpCL and many re-ID codes copy it) copies
 * what fits, prints `mismatch: KEY <checkpoint size> <model size>` for each tensor of another shape, then
 * `missing keys in state_dict: {...}`: every model key it did not copy, the mismatched ones included. It
 * skips checkpoint keys the model lacks without a word. A key with a mismatch line is in both, of another
 * shape: a size mismatch, not a missing key.
 */
const RE_COPY_MISMATCH = new RegExp(String.raw`\bmismatch\s*:\s*([^\s:,()'"]+?)\s*${SIZE}\s*${SIZE}`, 'g');

function readCopyStateDict(s: string, c: Collector): void {
  const sized: string[] = [];
  for (const m of s.matchAll(RE_COPY_MISMATCH)) {
    c.saw('incompatible_keys', 'open-reid');
    c.size(m[1]!, parseShape(m[2]), parseShape(m[3]));
    sized.push(m[1]!);
  }
  if (c.families.includes('open-reid')) for (const k of sized) c.missing.delete(k);
}

function scanTransformers(s: string, c: Collector): void {
  for (const m of headings(s, RE_HF_SHAPES_HEAD, RE_HF_SHAPES_TAIL)) {
    c.saw('transformers', 'transformers');
    c.model(m.model);
  }
  for (const m of s.matchAll(RE_HF_SHAPE)) {
    c.saw('transformers', 'transformers');
    c.size(m[1]!, parseShape(m[2]), parseShape(m[3]));
  }
  for (const m of s.matchAll(RE_DIFFUSERS_SHAPE)) {
    c.saw('transformers', 'diffusers');
    c.size(m[1]!, parseShape(m[3]), parseShape(m[2]));
  }
  for (const m of s.matchAll(RE_DCP_SIZE)) {
    c.saw('load_state_dict', 'torch');
    c.size(m[3]!, parseShape(m[1]), parseShape(m[2]));
    // the first key only: what else differs the planner never reached
    c.truncated = true;
  }
}

/** Line-based formats: transformers' LOAD REPORT, mmcv's lists and table, fvcore's groups, diffusers' missing list. */
function scanLines(pasted: string[], pastedBlockEnds: number[], c: Collector): void {
  const lines: string[] = [];
  // the lines (after the mmcv split) where a pasted block ends: a list running to one may be cut there
  const blockEnd = new Set<number>();
  const ends = new Set(pastedBlockEnds);
  const joined = joinWrappedHeadings(pasted);
  joined.forEach((l) => {
    lines.push(...splitMmcvHeadings(l.text).flatMap(splitFlatTable));
    if (l.from.some((j) => ends.has(j))) blockEnd.add(lines.length - 1);
  });
  let mismatchRows = 0;
  let orphanGroups = 0;
  // the key lines met since the last line that was none (an fvcore list whose heading the paste cut, so far): each
  // group's text and the last line it took (a group wrapped inside its braces takes the lines that close them)
  let orphanRun: { text: string; end: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (orphanRun.length > 0 && orphanRun[orphanRun.length - 1]!.end !== i - 1) orphanRun = [];
    const head = RE_HF_REPORT_HEAD.exec(line);
    if (head) {
      c.saw('transformers', 'transformers');
      c.model(head[1]);
      continue;
    }
    const row = RE_HF_REPORT_ROW.exec(line);
    if (row && row[1] !== 'Key') {
      c.saw('transformers', 'transformers');
      const expanded = c.expand(row[1]!);
      if (expanded === 'over') c.reportRangesOver = true;
      const keys = Array.isArray(expanded) ? expanded : [row[1]!];
      const shapes = row[2] === 'MISMATCH' ? RE_HF_REPORT_SHAPES.exec(line) : null;
      if (row[2] === 'MISSING') for (const k of keys) c.missing.add(k);
      else if (row[2] === 'UNEXPECTED') for (const k of keys) c.unexpected.add(k);
      else if (shapes) for (const k of keys) c.size(k, parseShape(shapes[1]), parseShape(shapes[2]));
      else mismatchRows += keys.length;
      continue;
    }
    const mm = RE_MMCV_LIST.exec(line);
    if (mm) {
      c.saw('incompatible_keys', 'mmcv');
      let body = mm[2]!;
      // a wrapped list continues on lines that hold nothing but more of the comma-separated keys
      while (i + 1 < lines.length) {
        const next = lines[i + 1]!;
        if (!next || RE_MMCV_LIST.test(next) || RE_SIZE_LINE.test(next)) break;
        // a line of keys only, or, after a comma, a key followed by the poster's words (read up to them)
        if (!RE_KEY_LIST_TAIL.test(next)) {
          if (!/,\s*$/.test(body) || !RE_KEY_THEN_WORDS.test(next)) break;
          const token = next.split(/\s/, 1)[0]!;
          // a file, a module or logger name (`config.py is the file I used`, `mmdet.apis - INFO - done`), a label
          if (NOT_A_KEY.test(token) || token.endsWith(':')) break;
          if (!endsInLeaf(token)) {
            // maybe the list's last key, maybe the poster's words: not read, and the list not called whole
            c.truncated = true;
            c.note(`the line after an mmcv list starts with \`${token}\`, which may be its last key or the poster's own words: it is not read`);
            break;
          }
        }
        body += next;
        i++;
      }
      const side: Side = mm[1] === 'unexpected key' ? 'unexpected' : 'missing';
      const list = readUnquotedList(body);
      c.addList(side, list);
      // the list's last item at the block's end may be a key the paste cut, whether or not an elision stands
      // earlier in the list (`a, ..., b` at the text's end: `b` is cut as much as without the `...`)
      const lastKey = list.keys[list.keys.length - 1];
      const endsInKey = lastKey !== undefined && body.replace(/\s+/g, '').endsWith(lastKey.replace(/\s+/g, ''));
      if (!list.stopped && endsInKey && blockEnd.has(i)) c.blockEndKeys.push({ side, key: lastKey });
      continue;
    }
    if (RE_MMCV_TABLE_HEAD.test(line)) {
      c.saw('incompatible_keys', 'mmcv');
      i = readMmcvTable(lines, i + 1, c) - 1;
      continue;
    }
    const fv = FVCORE_HEADS.map((h) => ({ side: h.side, m: h.re.exec(line) })).find((h) => h.m);
    if (fv) {
      c.saw('incompatible_keys', 'fvcore');
      // group lines right above the heading, under none of their own: a list the paste cut the heading of, read
      // as unsided (analysis sides it by what the text shows: readings.ts sideOfHeadless), not thrown away
      if (orphanRun.length > 0 && orphanRun[orphanRun.length - 1]!.end === i - 1) {
        orphanGroups -= readOrphanGroups(orphanRun.map((g) => g.text), c);
        orphanRun = [];
      }
      // the same lines with their breaks lost, before the heading on its line
      const before = groupsBeforeHeading(line.slice(0, fv.m!.index));
      if (before.length > 0) readOrphanGroups(before, c);
      // a page that lost the line breaks puts the groups on the heading's line, a space apart
      if (fv.m![1]) readGroupsOnOneLine(fv.m![1], fv.side, blockEnd.has(i), c);
      i = readFvcoreGroups(lines, i + 1, fv.side, blockEnd, c) - 1;
      continue;
    }
    const dcp = RE_DCP_MISSING.exec(line);
    if (dcp) {
      c.saw('load_state_dict', 'torch');
      c.missing.add(dcp[1]!);
      // the planner raises at the first key it lacks: one key of an unknown number, never the whole list (review19 F6)
      c.truncated = true;
      continue;
    }
    const dm = RE_DIFFUSERS_MISSING.exec(line);
    if (dm) {
      c.saw('transformers', 'diffusers');
      let body = dm[1]!;
      while (i + 1 < lines.length && lines[i + 1] && !/^Please\b/.test(lines[i + 1]!)) body += lines[++i]!;
      const list = readUnquotedList(body.replace(/\.\s*$/, ''));
      c.addList('missing', list);
      continue;
    }
    // an fvcore group line outside any list: the paste lost the heading above it
    if (isBraceGroup(line)) orphanGroups++;
    if (isBraceGroup(line) || RE_PLAIN_KEY_LINE.test(line)) orphanRun.push({ text: line, end: i });
    else if (depth(line) > 0) {
      // a group a terminal wrapped inside its braces (`….{bias, weigh` + `t}`), as readFvcoreGroups joins it
      let joined = line;
      let j = i;
      while (depth(joined) > 0 && j + 1 < lines.length && j - i < 8 && lines[j + 1]) joined += lines[++j]!;
      if (isBraceGroup(joined)) {
        orphanGroups++;
        orphanRun.push({ text: joined, end: j });
        i = j;
      }
    }
  }
  if (orphanGroups > 0 && c.families.includes('fvcore')) {
    c.truncated = true;
    c.note(`${orphanGroups} key group line(s) stand under no heading (the paste starts inside a list): their side is unknown, so they are not read`);
  }
  if (c.reportRangesOver) {
    c.truncated = true;
    c.note(`the LOAD REPORT's {a...b} ranges stand for more than ${MAX_EXPANDED_KEYS.toLocaleString('en-US')} keys: those past that were kept as written, unexpanded`);
  }
  if (c.groupsOver) {
    c.truncated = true;
    c.note(`the key groups {a, b} stand for more than ${MAX_EXPANDED_KEYS.toLocaleString('en-US')} keys: the groups past that were not read`);
  }
  if (mismatchRows > 0) {
    c.note(`the LOAD REPORT marks ${mismatchRows} key(s) MISMATCH; their shapes are not in the table`);
  }
}

/** The headings read line by line: a wrap inside one (`...contains keys that are not` / `used by the model:`) is undone first. */
const LINE_HEADS: RegExp[] = [RE_MMCV_LIST, RE_MMCV_TABLE_HEAD, ...FVCORE_HEADS.map((h) => h.re), RE_DIFFUSERS_MISSING];

/**
 * A line-based heading that a terminal (cut mid-word) or an editor (at a space) wrapped onto two
 * lines is joined back into one, when neither line holds a heading alone and the joined one has a
 * heading that starts on the first. `from` says which pasted lines each line came from.
 */
function joinWrappedHeadings(pasted: string[]): { text: string; from: number[] }[] {
  const out: { text: string; from: number[] }[] = [];
  const isHead = (l: string): boolean => LINE_HEADS.some((re) => re.test(l));
  pasted.forEach((line, k) => {
    const prev = out[out.length - 1];
    if (prev && prev.from.length === 1 && prev.text && line && !isHead(prev.text) && !isHead(line)) {
      for (const text of [prev.text + line, `${prev.text} ${line}`]) {
        const at = LINE_HEADS.map((re) => re.exec(text)?.index ?? -1).filter((x) => x >= 0);
        if (at.length > 0 && Math.min(...at) < prev.text.length) {
          out[out.length - 1] = { text, from: [...prev.from, k] };
          return;
        }
      }
    }
    out.push({ text: line, from: [k] });
  });
  return out;
}

/**
 * `unexpected key in source state_dict: a, b, and missing keys in source state_dict: c, d` on one
 * line (an issue title, a paste that lost its line breaks): one line per heading, as mmcv prints them.
 */
function splitMmcvHeadings(line: string): string[] {
  const at = [...line.matchAll(RE_MMCV_HEADS)].map((m) => m.index);
  if (at.length < 2) return [line];
  return at.map((from, k) => {
    const part = line.slice(from, at[k + 1] ?? line.length);
    return k + 1 < at.length ? part.replace(RE_JOINING_AND, '') : part;
  });
}

/** mmcv's table heading with the table after it on the same line (the line breaks lost), from the border or first row on. */
const RE_MMCV_TABLE_INLINE = /these keys have mismatched shape:?\s*(?=[+|])/;

/**
 * mmcv's mismatched-shape table on the heading's line (a paste that lost its line breaks: `… shape: +---+---+ | key |
 * … | | bbox_head.0.fc_cls.weight | torch.Size([9, 1024]) | … |`): one line per border and per row again, as mmcv
 * prints it. A row never holds an empty cell, so `| |` is where one row ends and the next starts.
 */
function splitFlatTable(line: string): string[] {
  const m = RE_MMCV_TABLE_INLINE.exec(line);
  if (!m) return [line];
  const at = m.index + m[0].length;
  const rows = line.slice(at).replace(/\s*(\+[-+]{2,}\+)\s*/g, '\n$1\n').replace(/\|[ \t]+\|/g, '|\n|').split('\n').map((r) => r.trim()).filter((r) => r);
  return [line.slice(0, at).trimEnd(), ...rows];
}

/** mmcv ≤ 0.2's AsciiTable: `| key | expected shape | loaded shape |`, the model's shape first. */
function readMmcvTable(lines: string[], from: number, c: Collector): number {
  let i = from;
  for (; i < lines.length; i++) {
    let line = lines[i]!;
    // a border, or a wrapped border's rest (`-----+-----+`)
    if (/^[-+]+$/.test(line)) continue;
    // a row a terminal wrapped: its rest is on the next lines (maybe starting at a cell's `|`), up to
    // the closing `|`; joined with a next row it has too many cells and matches no row
    for (let j = i + 1; line.startsWith('|') && !RE_MMCV_TABLE_ROW.test(line) && j < lines.length && j - i <= 3 && lines[j]; j++) {
      line += lines[j]!;
      if (RE_MMCV_TABLE_ROW.test(line)) i = j;
    }
    const row = RE_MMCV_TABLE_ROW.exec(line);
    if (!row) {
      // a row that starts but does not close is the paste's cut
      if (line.startsWith('|')) {
        c.truncated = true;
        c.note('the mismatched-shape table is cut inside a row');
        i++;
      }
      break;
    }
    if (row[1] === 'key') continue;
    const expected = new RegExp(SIZE).exec(row[2]!);
    const loaded = new RegExp(SIZE).exec(row[3]!);
    if (expected && loaded) c.size(row[1]!, parseShape(loaded[1]), parseShape(expected[1]));
  }
  return i;
}

/** A key of an fvcore group: no white space, quote, bracket or list punctuation, and no letter of the poster's own script (the words after the list, `どうすればいいでしょうか？`). */
const GROUP_KEY = new RegExp(`^[^\\s"'()[\\]<>,;:${WIDE_SCRIPT}]+$`);

/**
 * fvcore's lists: one group per line (`prefix.{a, b}` or a plain key), until a line that is not one.
 * A group wrapped inside its braces is joined with the next lines; `...` lines are elisions.
 */
function readFvcoreGroups(lines: string[], from: number, side: Side, blockEnd: Set<number>, c: Collector): number {
  let i = from;
  const target = c.target(side);
  for (; i < lines.length; i++) {
    let line = lines[i]!;
    if (!line) break;
    if (ELLIPSIS_TOKEN.test(line)) {
      c.truncated = true;
      continue;
    }
    let j = i;
    while (depth(line) > 0 && j + 1 < lines.length && j - i < 8 && lines[j + 1]) line += lines[++j]!;
    // a group its next lines do not close: the paste cut the list inside its braces
    if (depth(line) > 0) {
      readCutGroup(line, side, c);
      return j + 1;
    }
    const keys = c.expand(line, MAX_GROUP_KEYS);
    if (keys === 'over') {
      c.groupsOver = true;
      i = j;
      continue;
    }
    if (!keys || keys.some((k) => !GROUP_KEY.test(k))) break;
    i = j;
    for (const k of keys) target.add(k);
    if (blockEnd.has(i) && !line.endsWith('}') && keys.length === 1) c.blockEndKeys.push({ side, key: keys[0]! });
  }
  return i;
}

/** A line that is one dotted key and nothing else (`backbone.bottom_up.stem.conv1.weight`), as fvcore prints a group of one. */
const RE_PLAIN_KEY_LINE = /^[A-Za-z_][\w-]*(?:\.[\w-]+)+$/;

/**
 * fvcore group lines above a heading, under none of their own: kept as unsided keys. Read only when every line
 * is a group or a key (a line of the poster's words among them and the run is not a list); returns how many of
 * them were brace groups (no longer orphans).
 */
function readOrphanGroups(run: string[], c: Collector): number {
  const keys: string[] = [];
  let groups = 0;
  for (const line of run) {
    const got = c.expand(line, MAX_GROUP_KEYS);
    if (!Array.isArray(got) || got.some((k) => !GROUP_KEY.test(k))) return 0;
    keys.push(...got);
    if (isBraceGroup(line)) groups++;
  }
  for (const k of keys) if (!c.missing.has(k) && !c.unexpected.has(k)) c.unsided.add(k);
  return groups;
}

/**
 * Groups separated by spaces outside braces (`a.{b, c} d.e`); reading stops at the first that is not one. A
 * plain key that ends a line at a pasted block's end may be cut there, as readFvcoreGroups's last key is (a
 * paste that lost its line breaks and stops mid-key: `… modelTeacher.backbone.fpn_late`).
 */
/**
 * An fvcore group the paste cut inside its braces (bytedance/fc-clip#34 ends at `….attn.{in_proj_bias,`; its lines
 * flattened, or the poster's words after it): the list went on past the cut, so the text is cut. fvcore groups the
 * leaves of one module (`prefix.{a, b}`, _group_to_str), so each member the cut left whole before a comma is the key
 * `prefix` + member; the last member may be cut, and anything after a member that is no key is not the group's.
 */
function readCutGroup(text: string, side: Side, c: Collector): void {
  const open = text.indexOf('{');
  const prefix = text.slice(0, open);
  const members = text.slice(open + 1).split(',').slice(0, -1);
  for (const m of members) {
    const key = `${prefix}${m.trim()}`;
    if (m.trim() === '' || /\s/.test(m.trim()) || !GROUP_KEY.test(key)) break;
    c.target(side).add(key);
  }
  c.truncated = true;
  c.note(`an fvcore group is cut inside its braces (\`${text.slice(0, Math.min(text.length, open + 40))}\`): the list went on past the cut`);
}

function readGroupsOnOneLine(rest: string, side: Side, atBlockEnd: boolean, c: Collector): void {
  const tokens = groupTokens(rest);
  for (const t of tokens) {
    if (ELLIPSIS_TOKEN.test(t)) {
      c.truncated = true;
      continue;
    }
    // the last token still inside a group's braces: the paste cut the list there
    if (depth(t) > 0) {
      readCutGroup(t, side, c);
      return;
    }
    const keys = c.expand(t, MAX_GROUP_KEYS);
    if (keys === 'over') {
      c.groupsOver = true;
      continue;
    }
    if (!keys || keys.some((k) => !GROUP_KEY.test(k))) return;
    for (const k of keys) c.target(side).add(k);
  }
  const last = tokens[tokens.length - 1];
  if (atBlockEnd && last !== undefined && !last.includes('{') && !ELLIPSIS_TOKEN.test(last)) c.blockEndKeys.push({ side, key: last });
}

/** The blank-separated tokens of a line, a brace group (`a.{b, c}`) one token. */
function groupTokens(rest: string): string[] {
  let depth = 0;
  let start = 0;
  const tokens: string[] = [];
  for (let k = 0; k <= rest.length; k++) {
    const ch = rest[k];
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (k === rest.length || (depth === 0 && (ch === ' ' || ch === '\t'))) {
      if (k > start) tokens.push(rest.slice(start, k));
      start = k + 1;
    }
  }
  return tokens;
}

/**
 * The groups right before a heading on its own line (a paste that lost its line breaks: the lines above the heading
 * joined onto it), as readOrphanGroups reads lines: the trailing run of dotted groups, two or more of them.
 */
function groupsBeforeHeading(before: string): string[] {
  const tokens = groupTokens(before);
  let from = tokens.length;
  const isGroup = (t: string) => t.includes('.') && (isBraceGroup(t) || RE_PLAIN_KEY_LINE.test(t));
  while (from > 0 && isGroup(tokens[from - 1]!)) from--;
  return tokens.length - from >= 2 ? tokens.slice(from) : [];
}

/** Open braces minus closed ones. */
function depth(line: string): number {
  let d = 0;
  for (let k = 0; k < line.length; k++) {
    if (line[k] === '{') d++;
    else if (line[k] === '}') d--;
  }
  return d;
}

/**
 * Names that end state-dict keys whatever the model (parameters and the usual buffers): a last key
 * ending in one of them reads as whole even when no other key of the text ends the same way.
 */
const COMMON_LEAVES: ReadonlySet<string> = new Set(PARAMETER_LEAVES);

/**
 * A line-based list that runs to the text's end may stop mid-key (`backbone.fpn_late`, `bbox_head.1`).
 * The last key is taken as cut when another key of the text starts with it (`bbox_head.1` is the head
 * of `bbox_head.1.fc_reg.bias`), or when its final part is neither a common leaf nor the final part of
 * another key. A cut key is dropped and the text flagged as truncated. Needs a few other keys to judge by.
 */
function checkBlockEndKeys(c: Collector): void {
  for (const last of c.blockEndKeys) checkBlockEndKey(c, last);
}

function checkBlockEndKey(c: Collector, last: { side: Side; key: string }): void {
  const leaf = (k: string): string => k.slice(k.lastIndexOf('.') + 1);
  const others = [...c.missing, ...c.unexpected, ...c.sizes.keys()].filter((k) => k !== last.key);
  // a bare name that starts another key's first segment (`sem_seg_hea` beside `sem_seg_head.…`) is cut
  if (!last.key.includes('.')) {
    if (!others.some((k) => k.split('.')[0]!.startsWith(last.key) && k.split('.')[0] !== last.key)) return;
    c.target(last.side).delete(last.key);
    c.truncated = true;
    c.note(`the last key the text shows, \`${last.key}\`, looks cut by the paste (another key's module name starts with it), so it is not read`);
    return;
  }
  if (others.length < 2) return;
  const want = leaf(last.key);
  const headOfAnother = others.some((k) => k.startsWith(`${last.key}.`));
  if (!headOfAnother && (COMMON_LEAVES.has(want) || others.some((k) => leaf(k) === want))) return;
  c.target(last.side).delete(last.key);
  c.truncated = true;
  c.note(`the last key the text shows, \`${last.key}\`, looks cut by the paste (${headOfAnother ? 'another key starts with it' : 'no other key ends in that name'}), so it is not read`);
}

const WRAPPER_NOTES: Record<string, string> = {
  DataParallel: 'the model was wrapped in DataParallel when loading, so it expected keys starting with `module.`',
  DistributedDataParallel:
    'the model was wrapped in DistributedDataParallel when loading, so it expected keys starting with `module.`',
  OptimizedModule: 'the model was compiled with torch.compile when loading, so it expected keys starting with `_orig_mod.`',
};

/**
 * The lines joined with nothing between them, which undoes a terminal's wraps; an empty line stays a line
 * break. A terminal never wraps into an empty line: one between two lines is the poster's (a cut paste, then
 * their words, then the next attempt), so a quoted key left open before it ends there (CUT_IN_KEY).
 */
/** What the traceback's frames and the run's command show, from the cleaned, unwrapped text. */
function parseFrames(cleanText: string): Pick<ErrorReport, 'evaluationRun' | 'restoreRun' | 'resumeRun' | 'hookLoad' | 'wholeModelLoad'> {
  const out: Pick<ErrorReport, 'evaluationRun' | 'restoreRun' | 'resumeRun' | 'hookLoad' | 'wholeModelLoad'> = {};
  const whole = RE_WHOLE_MODEL_LOAD.exec(cleanText);
  if (whole) out.wholeModelLoad = whole[1]!;
  const resume = RE_RESUME_RUN.exec(cleanText);
  if (resume) out.resumeRun = resume[1]!;
  const run = evaluationRun(cleanText) ?? proseEvaluationRun(cleanText);
  if (run) out.evaluationRun = run;
  const restore = restoreRun(cleanText);
  if (restore) out.restoreRun = restore;
  const hook = hookLoad(cleanText);
  if (hook) out.hookLoad = hook;
  return out;
}

function squash(lines: readonly string[]): string {
  return lines.map((l) => (l === '' ? '\n' : l)).join('');
}

/** Where each line starts in squash(lines): a word there begins a line, whatever the line before ends with. */
function lineStartsOf(lines: readonly string[]): Set<number> {
  const starts = new Set<number>();
  let at = 0;
  for (const l of lines) {
    starts.add(at);
    at += l === '' ? 1 : l.length;
  }
  return starts;
}

/** A whole torch heading on one pasted line (colours aside): where an attempt's error starts. */
const RE_HEAD_LINE = /Error\(s\) in loading state_dict for ([A-Za-z_][\w.]*):/;

/**
 * Several torch errors for the same model class, saying different things: attempts one after the other
 * (the poster's runs with a change in between, or a script's fallback call after catching the first
 * error). torch raises at the first load_state_dict call that fails, so each error is one attempt, and
 * the last shows the load as it stands after the changes: only it is read (from its heading's line on),
 * and a note says so. The same error twice (a cell run again) and errors of two classes (a generator and
 * a discriminator) are read whole.
 */
function lastAttempt(text: string): { text: string; attempts: number; model: string } | null {
  const raw = text.split(/\r\n|\r|\n/);
  const heads: { line: number; model: string; rest: string }[] = [];
  raw.forEach((l, k) => {
    const line = (l.length > 4096 ? l.slice(0, 4096) : l).replace(ANSI_CODES, '');
    const m = RE_HEAD_LINE.exec(line);
    if (m) heads.push({ line: k, model: m[1]!, rest: line.slice(m.index + m[0].length) });
  });
  if (heads.length < 2 || heads.some((h) => h.model !== heads[0]!.model)) return null;
  // what each error says: the rest of its heading's line and the lines up to the next heading
  const body = (h: (typeof heads)[number], to: number) => (h.rest + raw.slice(h.line + 1, to).join('')).replace(/\s+/g, '').slice(0, 4096);
  const bodies = heads.map((h, i) => body(h, i + 1 < heads.length ? heads[i + 1]!.line : raw.length));
  const last = bodies[bodies.length - 1]!;
  if (bodies.every((b) => b === last)) return null;
  const lastHead = heads[heads.length - 1]!.line;
  const start = lastAttemptStart(raw, heads[heads.length - 2]!.line, lastHead);
  const lastText = raw.slice(start).join('\n');
  // the last one cut short where an earlier one goes on alike (a copy the paste's end cut) says less, not something
  // else; unless the poster wrote words before it that do not stand before the first (`Then I loaded
  // checkpoint["model"] and now get:`): a change between two loads, and what the cut hid is not known to be alike
  const before = new Set(raw.slice(0, heads[0]!.line).map((l) => l.trim()));
  const wordsBetween = raw.slice(start, lastHead).some((l) => l.trim() !== '' && !before.has(l.trim()));
  if (!wordsBetween && bodies.slice(0, -1).some((b) => b.startsWith(last)) && parseErrorText(lastText, 'attempt').truncated) return null;
  return { text: lastText, attempts: heads.length, model: heads[0]!.model };
}
const ANSI_CODES = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
/** A line of torch's message after its heading: one of its lists (or a poster's copy of one). */
const RE_TORCH_LIST_LINE = /^\s*(?:Missing key\(s\)|Unexpected key\(s\)|size mismatch for|While copying)/;

/**
 * Where the last attempt's paste starts: at the first blank line after the previous error whose next
 * line is not one of that error's lists (torch's message has no blank line, and a terminal never wraps
 * into one), else at the last heading. What stands between belongs to the last attempt: the poster's
 * words, its traceback, an issue title that repeats its lists (C-3-Framework#64: the title names the
 * unexpected `CCN.module.frontend.0.weight` the body's cut list lost).
 */
function lastAttemptStart(raw: readonly string[], previousHead: number, lastHead: number): number {
  for (let k = previousHead + 1; k < lastHead; k++) {
    if (raw[k]!.trim() !== '') continue;
    let next = k + 1;
    while (next < lastHead && raw[next]!.trim() === '') next++;
    if (next < lastHead && !RE_TORCH_LIST_LINE.test(raw[next]!.slice(0, 200))) return k;
  }
  return lastHead;
}

/** More text above the message than a traceback holds: its lines are not searched for keys. */
const MAX_ABOVE_MESSAGE = 1 << 16;
const RE_TOKEN_BREAK = /[\s"'`,;()[\]{}<>]+/;

/**
 * How many lines stand above the first line a known message starts on (error-text/families.ts, read as
 * looksLikeErrorText reads it), when none of them holds a key the text's lists name: a traceback's frames,
 * a command, the poster's words. 0 when no line starts a message, or when a key stands above it (a headless
 * list pasted before the message).
 */
function linesBeforeMessage(lines: string[], c: Collector): number {
  let above = 0;
  let chars = 0;
  for (; above < lines.length; above++) {
    const line = lines[above]!;
    if (MESSAGE_DETECTOR.test(line.replace(/\s+/g, ''))) break;
    chars += line.length;
    if (chars > MAX_ABOVE_MESSAGE) return 0;
  }
  if (above === lines.length) return 0;
  for (let i = 0; i < above; i++) {
    for (const token of lines[i]!.split(RE_TOKEN_BREAK)) {
      if (c.missing.has(token) || c.unexpected.has(token) || c.unsided.has(token) || c.sizes.has(token)) return 0;
    }
  }
  return above;
}

/**
 * The text when it is one paste twice in a row with only white space between (the clipboard pasted again):
 * the copy, read once. The first copy's end, glued to the second's start, would read as a list going on; a
 * copy that ends cut would lose its cut. Two copies with words between are left to lastAttempt.
 */
function pastedOnce(text: string): string | null {
  const t = text.trim();
  for (let gap = 0; gap <= 4; gap++) {
    if ((t.length - gap) % 2 !== 0) continue;
    const half = (t.length - gap) / 2;
    if (half < 40) continue;
    if (t.slice(half, half + gap).trim() === '' && t.startsWith(t.slice(half + gap))) return t.slice(0, half);
  }
  return null;
}

export function parseErrorText(text: string, file: string): ErrorReport {
  const once = pastedOnce(text);
  if (once !== null) {
    const r = parseErrorText(once, file);
    return { ...r, notes: ['the text is the same paste twice in a row: it is read once', ...r.notes] };
  }
  const last = lastAttempt(text);
  if (last) {
    const whole = parseErrorText(last.text, file);
    // the traceback's frames and the run's command stand anywhere in the paste
    const frames = parseFrames(cleanPaste(text).unwrapped);
    return {
      ...frames,
      ...whole,
      notes: [
        `the text holds ${last.attempts} errors for ${last.model}, saying different things: torch raises at the first load that fails, so each is one attempt, and the last (after the changes between them) is the one read`,
        ...whole.notes,
      ],
    };
  }
  const { lines, blockEnds, widths, unwrapped } = cleanPaste(text);
  const squashed = squash(lines);
  const c = new Collector();
  scanPyTorch(squashed, c);
  headingsAtBlockEnds(lines, blockEnds, c);
  scanIncompatible(squashed, c, lineStartsOf(lines));
  readCopyStateDict(squashed, c);
  scanTransformers(squashed, c);
  scanLines(lines, blockEnds, c);
  checkBlockEndKeys(c);
  readSidelessLists(lines, c);
  readMissingAssertion(squashed, lines, blockEnds, c);
  // a line that is only an elision stands for lines the poster left out (size lines, list rows); one above
  // the message's first line, with no key of it above, left out traceback frames or prose, not keys
  const fromLine = linesBeforeMessage(lines, c);
  if (c.recognised && lines.some((l, i) => i >= fromLine && (ELLIPSIS_LINE.test(l) || ELIDED_AFTER_SHAPE.test(l.slice(-40))))) {
    c.truncated = true;
    c.note('a line of the text is only an elision (`...`): lines were left out');
  }
  else if (c.recognised && lines.some((l, i) => i >= fromLine && l.length < 200 && FOLD_LINE.test(l))) {
    c.truncated = true;
    c.note('a line of the text is where the page or viewer it was copied from hid lines (`Show more`, `Output is truncated`): lines were left out');
  }
  // no known format read a key: a loader's own per-key shape log (error-text/shape-logs.ts), then the last
  // resort, keys read by the words around them
  const shapeLog = c.missing.size + c.unexpected.size + c.sizes.size + c.cutSizes.size === 0 ? readShapeLog(lines) : null;
  if (shapeLog && shapeLog.sized.length + shapeLog.shapeless.length > 0) {
    if (!c.recognised) c.kinds.add('load_state_dict');
    c.recognised = true;
    for (const m of shapeLog.sized) c.size(m.key, m.source, m.expected);
    for (const key of shapeLog.shapeless) c.cutSizes.set(key, { key, source: null, expected: null });
    c.note('no message of a known format was found: the keys were read from a loader\'s own log lines (a key and the words mismatched shape), which name only the tensors it skipped');
    if (shapeLog.shapeless.length > 0) {
      // the shapes decide between another size and another layout: without them the text is as good as cut
      c.truncated = true;
      c.note(`the log names ${shapeLog.shapeless.length} key(s) whose shapes differ without the shapes (e.g. \`${shapeLog.shapeless[0]}\`): give the checkpoint (sdmatch explain CHECKPOINT ERROR.txt) or the shapes`);
    }
  }
  const readLog = shapeLog !== null && shapeLog.sized.length + shapeLog.shapeless.length > 0;
  const loose = c.missing.size + c.unexpected.size + c.sizes.size === 0 && !readLog ? readLoosely(lines.join('\n'), widths) : null;
  if (loose && loose.missing.length + loose.unexpected.length > 0) {
    if (!c.recognised) c.kinds.add('load_state_dict');
    c.recognised = true;
    for (const k of loose.missing) c.missing.add(k);
    for (const k of loose.unexpected) c.unexpected.add(k);
    c.truncated = true;
    c.note('no key list of a known format was found: the keys were read from the words around them (missing / unexpected), so the lists may be incomplete');
  }
  if (!c.recognised) {
    throw new FormatError(
      file,
      'no load_state_dict error found: expected "Error(s) in loading state_dict", "Missing key(s)", "Unexpected key(s)", ' +
        '"size mismatch for", "_IncompatibleKeys(...)", an mmcv, fvcore, timm, PEFT or Lightning key list, or a transformers "Some weights of ..." warning',
    );
  }
  const notes: string[] = [];
  const models = [...c.models];
  if (models.length > 1) {
    notes.push(`the text holds errors for ${models.length} models (${models.slice(0, 5).join(', ')}${models.length > 5 ? ', …' : ''}); their key lists are merged`);
  }
  for (const m of models) {
    // own rows only: a model class named `constructor` must not read Object.prototype's
    const note = ownRow(WRAPPER_NOTES, m);
    if (note !== undefined) notes.push(note);
  }
  const both = [...c.missing].filter((k) => c.unexpected.has(k));
  if (both.length > 0) {
    notes.push(`${both.length} key(s) are listed both as missing and as unexpected (e.g. \`${both[0]}\`): the text mixes several loads`);
  }
  if (c.truncated) notes.push('a key list in the text was cut short: there may be more keys than it shows');
  const unsided = [...c.unsided].filter((k) => !c.missing.has(k) && !c.unexpected.has(k));
  if (unsided.length > 0) {
    notes.push(
      `${unsided.length} key(s) stand in a list whose heading the paste cut before it said missing or unexpected (e.g. \`${unsided[0]}\`): ` +
        'paste the whole message, from its first line',
    );
  }
  for (const n of c.notes) notes.push(n);
  const kinds = [...c.kinds];
  const report: ErrorReport = {
    kind: kinds.length === 1 ? kinds[0]! : 'mixed',
    modelName: models[0] ?? null,
    missing: [...c.missing],
    unexpected: [...c.unexpected],
    sizeMismatch: [...c.sizes.values()],
    families: c.families,
    truncated: c.truncated,
    notes,
  };
  if (unsided.length > 0) report.unsided = unsided;
  if (c.allMatched) report.allMatched = true;
  if (c.reprWhole) report.reprWhole = true;
  if (c.missingListsTied) report.missingListsTied = true;
  const older = RE_OLDER_FORMAT.exec(squashed);
  if (older) report.olderFormat = older[1]!;
  const sparse = RE_SPARSE_LIBRARY.exec(squashed);
  if (sparse) report.sparseLibrary = sparse[0];
  // the traceback's frames and the run's command, read from the cleaned lines: a frame's path quoted
  // with typographic quotes or HTML entities, behind a log prefix or broken by a terminal is the same frame
  Object.assign(report, parseFrames(unwrapped));
  if (c.headThenUnexpected && c.missing.size === 0) report.nothingMissing = true;
  if (c.assertedMissing) report.assertedMissing = c.assertedMissing;
  const removed = [...unwrapped.matchAll(RE_REMOVED_KEY)].map((m) => m[1]!);
  if (removed.length > 0) report.removedByLoader = [...new Set(removed)];
  const cut = [...c.cutSizes.values()].filter((s) => !c.sizes.has(s.key));
  if (cut.length > 0) report.sizeMismatchCut = cut;
  return report;
}
