import { type Template } from './templates.js';
import { type PairScore } from './template-score.js';
import type { Ambiguity } from './types.js';
export interface TemplateMatch {
    source: Template;
    target: Template;
    score: PairScore;
}
export interface AssignOptions {
    /** a pair costing more is not a match */
    maxCost: number;
    /** templates without placeholders (single keys) also need names this alike */
    minNameSimilarityForSingles: number;
}
export declare const DEFAULT_ASSIGN: AssignOptions;
export declare function assignTemplates(sources: readonly Template[], targets: readonly Template[], options?: AssignOptions): {
    matches: TemplateMatch[];
    ambiguities: Ambiguity[];
    skippedBlocks: number;
};
