/**
 * One part inside every numbered block of a network (an adapter, an activation's bias, a residual
 * connection's convolutions), read off a list of keys: what tells a block built otherwise from a module the
 * model lacks or leaves unused. Pure: no I/O.
 */
import type { ErrorReport } from '../formats/error-text.js';
import type { Cause } from './infer/causes.js';
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
export declare function partInsideBlocks(keys: readonly string[]): PartInsideBlocks | null;
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
export declare function blockPartMissing(report: ErrorReport): Cause | null;
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
export declare function stackUnusedFromStart(keys: readonly string[], cut?: boolean): StackUnused | null;
