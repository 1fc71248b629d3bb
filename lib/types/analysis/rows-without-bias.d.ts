/**
 * A weight whose rows alone differ, shown without a bias, in a whole strict torch error: a layer built
 * without a bias, which is not a network's output. An output layer computes its scores with a bias
 * (nn.Linear and nn.Conv* have one by default, and nothing after an output absorbs it), and torch lists
 * that bias beside the weight when the rows change; so a layer whose rows alone differ with no bias
 * listed is another kind of layer, and the size it differs in is a setting of the model, not a class set
 * to re-initialise:
 * - an embedding table (nn.Embedding has no bias): its rows are the ids it takes in — a vocabulary,
 *   dictionary or id set built from the data (DM-GAN-19's RNN_ENCODER `encoder`, 27297 words against the
 *   26835 the text encoder was trained with; ABSA-PyTorch-96's `embed`, a tokenizer built from the
 *   inference data; PyTorch-Tutorial-2nd-25's `src_word_emb` sized by the other vocabulary);
 * - a transposed convolution (nn.ConvTranspose*: weight [in, out, k…], dim 0 is its INPUT channels:
 *   speech-driven-animation-70's `dcl.0.0`, 394 input channels of a latent built with other settings);
 * - a layer before a norm (built bias=False), whose norm would then be listed too.
 * Named heads (HEAD_MODULE), token tables by name (key-roles.ts isVocabulary) and class tables
 * (isClassTable) are read by their own rules first; this is what is left, read as a configuration:
 * re-initialising the layer would throw away trained weights that the right config loads as they are.
 *
 * Pure: no I/O.
 */
import type { ErrorReport, ReportedSizeMismatch } from '../formats/error-text.js';
/**
 * The size lines of weights whose rows alone differ and whose module lists no bias, in a whole torch strict
 * error, when they are every size line no other rule settled; empty otherwise.
 */
export declare function rowsWithoutBias(report: ErrorReport, settled: (key: string) => boolean): ReportedSizeMismatch[];
/**
 * The bias-free tables of a whole text whose rows change exactly as a head's that the hints drop: the same
 * label or word set on the model's input side (a captioner's word embedding `embed.0` beside its output
 * `logit`, both 9488 → 1557 words in ImageCaptioning.pytorch-74, whose maintainer re-initialises both to
 * fine-tune on a new dataset's vocabulary). Whatever the head is taken to be, the table goes with it.
 */
export declare function tablesOfDroppedHeads(report: ErrorReport, dropped: (key: string) => boolean, settled: (key: string) => boolean): ReportedSizeMismatch[];
export declare function rowsWithoutBiasMessage(lines: readonly ReportedSizeMismatch[]): string;
