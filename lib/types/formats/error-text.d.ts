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
    sidedByPrior?: {
        side: 'missing' | 'unexpected';
        keys: string[];
    };
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
/**
 * Quick test for format detection: robust to wrapping because whitespace is ignored. The messages it
 * knows are the rows of error-text/families.ts (one per message family, with its printer and source).
 */
export declare function looksLikeErrorText(text: string): boolean;
export declare function parseErrorText(text: string, file: string): ErrorReport;
