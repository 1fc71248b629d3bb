export interface ShallowerStack {
    /** the stack's path (`layer3`, `features.1`) */
    stack: string;
    /** blocks the checkpoint has in it (its lowest missing index) */
    checkpoint: number;
    /** blocks the model has in it (its highest missing index + 1) */
    model: number;
}
/**
 * The stacks in which the model has more blocks than the checkpoint, when every key of `missing` (the
 * missing list without buffers and counters) is a block past the checkpoint's; null otherwise.
 */
export declare function shallowerStacks(missing: readonly string[]): ShallowerStack[] | null;
/** `layer1`, `layer2` … with their counts, as one clause: "2, 2, 2, 2 blocks in `layer1` … ; the model 3, 4, 6, 3". */
export declare function shallowerMessage(stacks: readonly ShallowerStack[], examples: string): string;
