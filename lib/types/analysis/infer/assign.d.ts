import { type Template } from './templates.js';
import { type PairScore } from './template-score.js';
import type { Ambiguity } from './types.js';
import { type SideRoles } from './order-alone.js';
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
    /** which sides list their keys sorted by name (natural-order.ts): there, order between names is the alphabet's */
    sorted?: {
        source: boolean;
        target: boolean;
    };
    /** each side's key roles by the roles table (role-names.ts keyRoles); absent: none read */
    roles?: SideRoles;
}
export declare const DEFAULT_ASSIGN: AssignOptions;
export declare function assignTemplates(sources: readonly Template[], targets: readonly Template[], options?: AssignOptions): {
    matches: TemplateMatch[];
    ambiguities: Ambiguity[];
    orderless: Ambiguity[];
    skippedBlocks: number;
};
