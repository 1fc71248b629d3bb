/**
 * Output layers whose width a model's setting fixes, never a class count, known by the names the codebases
 * that build them give them. Another row count there is another configuration (or vocabulary) of the model:
 * dropping the layer as a head of another class count would throw away what it learned and leave a model
 * that outputs nothing meaningful until retrained. Pure: no I/O.
 */
import type { ReportedSizeMismatch } from '../formats/error-text.js';
import { modulePrefixOf } from './key-tokens.js';

/**
 * A sequence decoder's word projection, a Linear over the target vocabulary: the PyTorch seq2seq tutorial's
 * `DecoderRNN.out = nn.Linear(hidden_size, output_size)` with `output_size = output_lang.n_words`
 * (pytorch.org/tutorials/intermediate/seq2seq_translation_tutorial.html; densecap's captioner keeps it as
 * `cap_model.decoder.out`, salesforce/densecap#6: 1011 words in the checkpoint, 4 in a model built from an
 * empty annotation list), bentrevett/pytorch-seq2seq's `Decoder.fc_out` (`output_dim = len(TRG.vocab)`),
 * fairseq's `decoder.output_projection` (`len(dictionary)`). Only a Linear (a 2-d weight, or its bias beside
 * one): a segmentation decoder's `decoder.out` is a convolution over classes. The decoder module is often called
 * `dec` (`self.enc`, `self.dec` of seq2seq and captioning code; the robust probe's module-words rename of densecap-6
 * read `cap_model.dec.out` as a class head, dropped at exit 0, where `decoder.out` is a vocabulary).
 */
const DECODER_WORDS = /(?:^|\.)(?:decoder|dec)\.(?:out|fc_out|output_projection)\.(?:weight|bias)$/;

/**
 * `dec`, unlike `decoder`, is also what a classifier may call its decision layer (s25-verify F6: a class head
 * `dec.out` 10 → 100 was told "the vocabulary changed size"): under that name alone both readings stay open.
 */
const SHORT_DECODER = /(?:^|\.)dec\.(?:out|fc_out|output_projection)\.(?:weight|bias)$/;

/** The word projection is named by `dec` alone (SHORT_DECODER): a vocabulary or a head of classes, the name cannot tell. */
export const decoderNamedShort = (key: string): boolean => SHORT_DECODER.test(key);

/** `key` is a sequence decoder's word projection (DECODER_WORDS) whose weight the text shows as a Linear's. */
export function decoderWordProjection(key: string, sizes: readonly ReportedSizeMismatch[]): boolean {
  if (!DECODER_WORDS.test(key)) return false;
  const weight = sizes.find((m) => m.key === `${modulePrefixOf(key)}weight`);
  return weight !== undefined && weight.source.length === 2 && weight.expected.length === 2;
}

/**
 * A radiance field's colour or density output: nerf-pytorch's `rgb_linear` / `alpha_linear`
 * (yenchenlin/nerf-pytorch run_nerf_helpers.py), PlenOctrees' and JaxNeRF's `rgb_layer` / `sigma_layer`
 * (sxyu/plenoctree nerf_sh models.py: `rgb_layer` outputs the colour representation, 3 × (deg + 1)² spherical
 * harmonic coefficients with `sh_deg`, 48 for degree 3, or `sg_dim` spherical Gaussians), instant-NGP ports'
 * `rgb_net`. Its width is 3 colours, 1 density or the coefficients the representation's config sets
 * (plenoctree#19: 256 in the checkpoint, 48 in a model built for SH degree 3).
 */
const RADIANCE_OUTPUT = /(?:^|\.)(?:rgb_layer|rgb_linear|rgb_net|sigma_layer|alpha_linear)(?:\.\d+)?\.(?:weight|bias)$/;

export const isRadianceOutput = (key: string): boolean => RADIANCE_OUTPUT.test(key);

/** The blocker for a radiance field's output of another width. */
export function radianceOutputMessage(m: ReportedSizeMismatch): string {
  return (
    `\`${m.key}\` is a radiance field's colour or density output with ${m.source[0]} outputs in the checkpoint and ${m.expected[0]} in the model: ` +
    'its width is the colour representation\'s (3 for RGB, 3 × (degree + 1)² spherical-harmonic coefficients, spherical Gaussians) or the network width its config sets, never a class count; ' +
    'no key edit fixes it: build the model with the config the checkpoint was trained with (its SH degree or SG count, its network width)'
  );
}
