/**
 * One part inside every numbered block of a network (an adapter, an activation's bias, a residual
 * connection's convolutions), read off a list of keys: what tells a block built otherwise from a module the
 * model lacks or leaves unused. Pure: no I/O.
 */
import type { ErrorReport } from '../formats/error-text.js';
import type { Cause } from './infer/causes.js';
import { templatesText } from './infer/causes.js';
import { ATTENTION_PROJECTION, bufferRule } from './key-roles.js';
import { splitKey } from './key-tokens.js';
/** A fused attention projection's name (q, k and v in one tensor): flash-attention's `Wqkv`, timm's `qkv`, torch's `in_proj`, GPT-2's `c_attn`. */
const FUSED_QKV = /^(?:w?qkv\w*|in_proj\w*|c_attn|query_key_value)$/i;

/**
 * A module added inside a network's blocks to adapt it: bottleneck adapters (Houlsby's `adapter`, AdapterHub's
 * `adapters.<name>`, AdaptFormer's `adaptmlp`), LoRA's `lora_A`/`lora_B`, prompt tokens. Found beside other parts
 * of every block (after attention and after the MLP), never the block itself.
 */
const ADAPTER_MODULE = /^(?:\w*adapt\w*|lora_\w+|\w*prompt\w*)$/i;

export interface PartInsideBlocks {
  containers: string[];
  /** the first named module after each block's number (the first of them, where the part is an adapter inside several) */
  part: string;
  /** the whole sub-path every listed key of the blocks shares (`self_attn.Wqkv` where only it is listed, `attn` where `attn.norm`, `attn.qkv` are); the sub-paths, joined, where adapters sit in several parts */
  path: string;
  /** each sub-path inside a block the listed keys sit under: a key of such a block under none of them is the model's */
  paths: string[];
  blocks: number;
  /** the sub-path names a fused attention projection: the blocks' attention loaded otherwise, so the model holds that projection under its own name */
  fusedAttention: boolean;
}

/**
 * `<container>.<i>.<part>[.…].<leaf>`: the block a key sits in, the innermost numbered one whose part is a named
 * module followed by named ones only; else (an nn.Sequential part: `adapter.0.weight`) the innermost numbered one
 * followed by a named part and more than the leaf. Null: no such block.
 */
function blockOf(k: string): { container: string; index: string; inside: string[] } | null {
  const m = /^(.*?)\.(\d+)\.([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)*)\.([A-Za-z_]\w*)$/.exec(k);
  if (m) return { container: m[1]!, index: m[2]!, inside: [m[3]!, ...(m[4] ? m[4].slice(1).split('.') : []), m[5]!] };
  const segs = splitKey(k);
  for (let i = segs.length - 3; i >= 1; i--) {
    if (/^\d+$/.test(segs[i]!) && /^[A-Za-z_]\w*$/.test(segs[i + 1]!)) return { container: segs.slice(0, i).join('.'), index: segs[i]!, inside: segs.slice(i + 1) };
  }
  return null;
}

/**
 * One part inside every numbered block, and nothing else of those blocks: `convs.3.activate.bias` and
 * `convs.4.activate.bias` listed, `convs.3.conv.weight` not; `downs.12.attn.*` and `ups.0.attn.*`
 * listed, their blocks' convolutions not; an nn.Sequential adapter (`layer.N.adapter.0.weight`); adapters in
 * two parts of every block (`layer.N.attention.output.adapter.*`, `layer.N.output.adapter.*`). Those blocks
 * loaded (a block the model lacked would list all its keys), and in the checkpoint each of them computed with
 * this part: the model's blocks are another implementation, version or configuration, not a module the model
 * leaves unused. Null unless at least two blocks show it and each shows that one part (the first named module
 * after the block's number) alone, or adapters (ADAPTER_MODULE) alone, under any parts; null too where the part
 * could be the whole block: one layer's own parameters, its weight among them, right under the block's number
 * (mmcv's ConvModule `lateral_convs.N.conv.weight`/`.bias`, a `proj_layers.N.linear`, review8 p15/p16), which is
 * what a block the model lacks entirely lists.
 */
export function partInsideBlocks(keys: readonly string[]): PartInsideBlocks | null {
  const blocks = new Map<string, Set<string>>();
  const containers = new Set<string>();
  const outside: string[] = [];
  const inside: string[][] = [];
  for (const k of keys) {
    const b = blockOf(k);
    if (!b) {
      outside.push(k);
      continue;
    }
    containers.add(b.container);
    const block = `${b.container}.${b.index}`;
    (blocks.get(block) ?? blocks.set(block, new Set()).get(block)!).add(b.inside[0]!);
    inside.push(b.inside);
  }
  const parts = new Set([...blocks.values()].flatMap((p) => [...p]));
  if (blocks.size < 2 || parts.size === 0) return null;
  if (parts.size > 1) return adaptersInBlocks(containers, parts, inside, outside, blocks.size);
  const part = [...parts][0]!;
  // a block outside the numbered ones (StyleGAN2's `conv1` beside `convs.N`) may hold the same part, nothing else
  if (!outside.every((k) => k.slice(0, k.lastIndexOf('.')).split('.').includes(part))) return null;
  // one layer right under the number, a weight among its leaves: the block may be that layer and nothing else
  if (inside.every((segs) => segs.length === 2) && inside.some((segs) => segs[1] === 'weight')) return null;
  // the sub-path every key shares, leaves left out (and a Sequential's numbers: `adapter`, not `adapter.0`)
  const modules = inside.map((segs) => segs.slice(0, -1));
  let depth = 0;
  while (modules.every((p) => p.length > depth && p[depth] === modules[0]![depth] && !/^\d+$/.test(p[depth]!))) depth++;
  const path = modules[0]!.slice(0, depth).join('.');
  return { containers: [...containers], part, path, paths: [path], blocks: blocks.size, fusedAttention: splitKey(path).some((s) => FUSED_QKV.test(s)) };
}

/**
 * Several parts per block listed: one part inside them only where every listed key sits in an adapter module
 * (ADAPTER_MODULE, not its leaf) and nothing outside the blocks is listed; the sub-paths up to each adapter.
 */
function adaptersInBlocks(containers: Set<string>, parts: Set<string>, inside: readonly string[][], outside: readonly string[], blocks: number): PartInsideBlocks | null {
  if (outside.length > 0) return null;
  const paths = new Set<string>();
  for (const segs of inside) {
    const at = segs.slice(0, -1).findIndex((s) => ADAPTER_MODULE.test(s));
    if (at < 0) return null;
    paths.add(segs.slice(0, at + 1).join('.'));
  }
  const all = [...paths];
  return { containers: [...containers], part: [...parts][0]!, path: all.join(', '), paths: all, blocks, fusedAttention: false };
}


/**
 * torch's strict load (no lenient loader's report beside it) lists, as the model's missing weights, one part
 * inside every numbered block it shows and nothing unexpected or of another size: the model's blocks are
 * built with a part the checkpoint's blocks never had, while the rest of each block loaded. The weights were
 * trained with another configuration, version or architecture of those blocks (SwinIR's `resi_connection`
 * '1conv' builds `layers.N.conv`, '3conv' `layers.N.conv.{0,2,4}`; a HAT checkpoint given SwinIR's loader,
 * HAT-102; torchtune-1188, hyperstyle-39 in the tuning halves): no key edit gives that part. Torch lists
 * its missing list first, so on a cut text the unexpected list was never seen: the message says that a
 * rename would show there. Buffers the model builds itself are left aside; attention projections alone are
 * a layout the unexpected list would show fused or split (a key fix). Null: not so.
 */
export function blockPartMissing(report: ErrorReport): Cause | null {
  const families = report.families ?? [];
  if (report.kind !== 'load_state_dict' || families.length === 0 || !families.every((f) => f === 'torch')) return null;
  if (report.unexpected.length > 0 || report.sizeMismatch.length > 0 || (report.sizeMismatchCut?.length ?? 0) > 0 || (report.unsided?.length ?? 0) > 0) return null;
  const weights = report.missing.filter((k) => !bufferRule(k));
  // attention projections are held fused or split by layout (fairseq's in_proj → q/k/v_proj, fairseq#1320):
  // the other layout, a key fix, is what the unexpected list would show
  if (weights.every((k) => ATTENTION_PROJECTION.test(k))) return null;
  const inside = weights.length >= 2 ? partInsideBlocks(weights) : null;
  if (!inside || inside.fusedAttention) return null;
  return {
    code: 'block_part_missing',
    message: `every weight the model misses is one part, \`${inside.path}\`, inside ${inside.blocks} numbered blocks of ${inside.containers.map((c) => `\`${c}\``).join(', ')} (${templatesText(weights)}), and nothing of the checkpoint is unexpected${report.truncated ? ' as far as the text goes' : ''}: the rest of those blocks loaded, so the model builds its blocks with a part the checkpoint's never had: the weights were trained with another configuration, version or architecture of the blocks (a residual connection of another kind, a block of another design), and no key edit gives that part: build the model as the weights were trained (its config or model class), or load the weights made for this one${report.truncated ? '; the paste was cut inside the missing list, and torch prints the unexpected one after it: if that part lists these weights under other names, they are renames (give the whole text)' : ''}`,
  };
}

/** Blocks of one stack a whole-stack reading needs: fewer may be a head's numbered branches. */
const MIN_STACK_BLOCKS = 3;

export interface StackUnused {
  container: string;
  blocks: number;
  /** the lowest block number listed */
  first: number;
  parts: string[];
}

/**
 * Every key listed lies in numbered blocks of one stack (`bert.encoder.layers.N.*`), at least three of them,
 * from its first ones (block 0 or 1 among them), with two named parts or more (`mixer`, `mlp`, `norm1`): the
 * blocks themselves are listed, not a part inside them, and not the blocks past a shallower model's depth
 * (which start at that depth: deeper-stack.ts). A model that leaves its stack's first blocks unused computes
 * with blocks of its own under other names: another implementation of the network (a flash-attention BERT's
 * `mixer.Wqkv` read by transformers' own BERT, DennisGankin/species-aware-DNA-LM#4). From a `cut` list the blocks
 * shown need not include the first: the cut may have taken them, and a deeper checkpoint is then one reading the
 * whole text would have to show, not one to act on. Null: not so.
 */
export function stackUnusedFromStart(keys: readonly string[], cut = false): StackUnused | null {
  let container: string | null = null;
  const indices = new Set<number>();
  const parts = new Set<string>();
  for (const k of keys) {
    const b = blockOf(k);
    if (!b || b.inside.length < 2) return null;
    if (container === null) container = b.container;
    else if (b.container !== container) return null;
    indices.add(Number(b.index));
    parts.add(b.inside[0]!);
  }
  if (container === null || indices.size < MIN_STACK_BLOCKS || parts.size < 2) return null;
  const first = Math.min(...indices);
  // a cut list (transformers prints its set in no order) may have lost the first blocks: which blocks it shows says nothing of where the stack starts
  return first <= 1 || cut ? { container, blocks: indices.size, first, parts: [...parts] } : null;
}

