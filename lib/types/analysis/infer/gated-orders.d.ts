export interface GatedOrder {
    /** the fused tensor's name */
    whole: RegExp;
    /** which half comes first along dim 0 */
    first: 'gate' | 'up';
    writer: string;
    /** where the order is defined */
    source: string;
}
export declare const GATED_ORDERS: readonly GatedOrder[];
/** The row for a fused tensor's name, if its writer fixes the order of its gate and up halves. */
export declare function gatedOrderOf(whole: string): GatedOrder | undefined;
/** The warning a cut or join in a table's order carries. */
export declare function gatedOrderNote(row: GatedOrder, wholes: readonly string[], verb: 'cut' | 'joined'): string;
