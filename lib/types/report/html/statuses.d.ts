/**
 * What a key can be on the page, one row per status: its label, what it means, and its colours (light
 * and dark). The page's CSS and its legend are both derived from this table; the client reads it from
 * the page, so a status is named and coloured in one place.
 */
export interface StatusRow {
    id: string;
    label: string;
    /** `sdmatch check` compares a baseline with the current model: the same facts under its words */
    checkLabel?: string;
    meaning: string;
    light: string;
    dark: string;
    /** a difference that makes load_state_dict(strict=True) fail (or, for check, a change) */
    problem: boolean;
}
export declare const STATUSES: readonly StatusRow[];
export type StatusId = (typeof STATUSES)[number]['id'];
