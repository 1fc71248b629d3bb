/**
 * A library loader's report (mmcv/mmengine `load_checkpoint`, transformers' from_pretrained, …) cut
 * short while both lists show, where what the lists show cannot correspond: every checkpoint key the
 * model did not take is a head (`backbone.fc.*`, the ImageNet classifier of a backbone's weights) and
 * every model key it lacks sits in other top-level modules (`neck.*`, `rpn_head.*`, `roi_head.*`).
 * A classifier's weights never become a neck or a detection head, so nothing the cut hid on either
 * side can pair the two lists into renames: the cut hides more of the same (the cut_text row's prior,
 * reading-priors.ts), and the report reads as what it is, a detector (or any model) initialised from a
 * classification backbone: the classifier is unused, the new parts start from their initial values.
 *
 * Backing: hero-y/BHRL#14 (mmdet `load_from` a ResNet-50 `res50_loadfrom.pth`, `backbone.fc` unexpected,
 * neck and heads missing, the log cut); mmcv runner/checkpoint.py load_state_dict lists exactly those
 * two sides and goes on (strict=False).
 *
 * Pure: no I/O.
 */
/** Both sides shown, the checkpoint's all heads, the model's in none of the heads' top-level modules. */
export declare function headsApartFromMissing(unexpected: readonly string[], missing: readonly string[], isHead: (k: string) => boolean): boolean;
