import type { Coverage } from '../plan/coverage.js';
import { type Style } from './style.js';
export declare function renderPlanCheck(style: Style, c: Coverage, names: {
    plan: string;
    expected: string;
}, opts?: {
    all?: boolean;
    maxLines?: number;
    ops?: number;
}): string;
