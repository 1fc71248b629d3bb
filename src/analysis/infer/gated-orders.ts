/**
 * Where a gated MLP's gate and up halves sit in a tensor that holds both, for names whose writer's code
 * fixes it. Shapes cannot tell the order and a strict load passes in either, so outside this table the
 * halves are listed, not cut (fused.ts gatedHalvesUnsaid); a row here is a convention read from the
 * writer's own code, and the plan says so in a warning. Knowledge as data: each row says whose layout
 * it is and where it is defined.
 */
import { templatesText } from './causes.js';

export interface GatedOrder {
  /** the fused tensor's name */
  whole: RegExp;
  /** which half comes first along dim 0 */
  first: 'gate' | 'up';
  writer: string;
  /** where the order is defined */
  source: string;
}

export const GATED_ORDERS: readonly GatedOrder[] = [
  {
    whole: /(^|\.)linear_fc1\.(weight|bias)$/,
    first: 'gate',
    writer: 'Megatron-Core',
    source: 'megatron/core/transformer/mlp.py glu: `x = torch.chunk(x, 2, dim=-1); activation_func(x[0]) * x[1]`',
  },
  {
    whole: /(^|\.)ff_proj\.(weight|bias)$/,
    first: 'up',
    writer: 'OLMo',
    source: 'allenai/OLMo olmo/model.py SwiGLU: `x, x_gate = x.chunk(2, dim=-1); F.silu(x_gate) * x`',
  },
];

/** The row for a fused tensor's name, if its writer fixes the order of its gate and up halves. */
export function gatedOrderOf(whole: string): GatedOrder | undefined {
  return GATED_ORDERS.find((r) => r.whole.test(whole));
}

/** The warning a cut or join in a table's order carries. */
export function gatedOrderNote(row: GatedOrder, wholes: readonly string[], verb: 'cut' | 'joined'): string {
  const which = wholes.length === 1 ? `\`${wholes[0]}\` is` : `${wholes.length} fused tensors (${templatesText(wholes)}) are`;
  return `${which} ${verb} as [${row.first === 'gate' ? 'gate, up' : 'up, gate'}], ${row.writer}'s order (${row.source}): read from the writer's code, not from the shapes, which fit either order; check it if the checkpoint is not ${row.writer}'s`;
}
