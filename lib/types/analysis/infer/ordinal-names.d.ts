/**
 * The ordinals of sibling names that enumerate (`fc1`, `fc2`; `f.a`, `f.b`, `f.c`; `a_bn`, `b_bn`): all alike but
 * for a number after one stem, or one letter of a run of the alphabet (with `siblings`, the last segments of
 * their module's other children), in their last segment; null otherwise.
 */
export declare function ordinalsOf(rels: readonly string[], siblings?: readonly string[]): number[] | null;
/**
 * Units that enumerate (`ordinals`, from ordinalsOf) against units named otherwise (`named`): index pairs
 * [enumerated i, named j] the places single out — the one `first`-placed name with the lowest ordinal, the one
 * `last`-placed with the highest — and, where then exactly one unit is left on each side, that one by
 * elimination. Equal counts only; null where no place is said.
 */
export declare function pairedByPlaces(ordinals: readonly number[], named: readonly string[]): [number, number][] | null;
/**
 * Whether the names' costs leave every one-to-one pairing of a square group equally good (within `margin`):
 * a cost each row or each column adds alike (`self_attn_layer_norm` holds more words than `final_layer_norm`,
 * so it is further from every `normN`) tells no unit from another, though the costs differ.
 */
export declare function pairingUndecided(cost: readonly (readonly number[])[], margin: number): boolean;
