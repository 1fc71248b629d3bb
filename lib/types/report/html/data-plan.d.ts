import type { InferenceSides, PlanOutcome } from '../../plan/build.js';
import type { ErrorKind } from '../../formats/error-text.js';
import { type PageCommand, type PageData } from './page-data.js';
/**
 * `sdmatch plan --html` and `sdmatch explain --html`: both print explainToJson with --json, so both
 * pages embed it; the keys are the ones inference saw (an error text's: the keys it names).
 */
export declare function planPageData(command: Extract<PageCommand, 'plan' | 'explain'>, outcome: PlanOutcome, sides: InferenceSides, error: {
    kind: ErrorKind;
    model: string | null;
    truncated: boolean;
} | null): PageData;
