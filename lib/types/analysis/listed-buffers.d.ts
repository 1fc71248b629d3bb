/**
 * A buffer reading of a key an error text lists (key-roles.ts NON_WEIGHT_BUFFERS), checked against the
 * other keys of the text: a name alone is not enough where a trained tensor has it too. review19 F2: a
 * model whose attention is `attn = nn.Linear(…)` has a trained `attn.bias`, which the causal-mask row
 * names; renamed `blocks.` → `layers.`, explain dropped both biases as masks ("nothing trained is lost").
 * - its module's `weight` listed beside a `bias` (either side, or a size line) makes it that module's bias;
 * - a rename that covers the key outranks the reading: the other side lists it under another prefix that
 *   other keys of the text share (`layers.0.attn.bias` ↔ `blocks.0.attn.bias` where `layers.0.ln.weight` ↔
 *   `blocks.0.ln.weight`), so it is a tensor the rename carries, as those are.
 */
import type { ErrorReport } from '../formats/error-text.js';
import { type BufferRule } from './key-roles.js';
/** For each side of the text: the buffer reading of one of its keys, or null where the text refutes it. */
export declare function listedBufferReading(report: ErrorReport): {
    unexpected: (k: string) => BufferRule | null;
    missing: (k: string) => BufferRule | null;
};
