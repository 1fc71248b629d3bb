/**
 * Output layers whose width a model's setting fixes, never a class count, known by the names the codebases
 * that build them give them. Another row count there is another configuration (or vocabulary) of the model:
 * dropping the layer as a head of another class count would throw away what it learned and leave a model
 * that outputs nothing meaningful until retrained. Pure: no I/O.
 */
import type { ReportedSizeMismatch } from '../formats/error-text.js';
/** The word projection is named by `dec` alone (SHORT_DECODER): a vocabulary or a head of classes, the name cannot tell. */
export declare const decoderNamedShort: (key: string) => boolean;
/** `key` is a sequence decoder's word projection (DECODER_WORDS) whose weight the text shows as a Linear's. */
export declare function decoderWordProjection(key: string, sizes: readonly ReportedSizeMismatch[]): boolean;
export declare const isRadianceOutput: (key: string) => boolean;
/** The blocker for a radiance field's output of another width. */
export declare function radianceOutputMessage(m: ReportedSizeMismatch): string;
