import { type ModuleNode } from '../checkpoint/module-tree.js';
import type { InspectModel } from './inspect-model.js';
import { printable } from './printable.js';
import { type Style } from './style.js';
export interface InspectTextOptions {
    verbose?: boolean;
    tree?: boolean;
    /** most tensor rows per state dict before the listing is cut (the JSON always has all) */
    maxRows?: number;
}
/** The human report: summary, safety, object tree, then the tensors of each state dict. */
export declare function renderInspect(m: InspectModel, style: Style, opts?: InspectTextOptions): string;
/** `0-11  (12 × 1.2M = 14.2M)` style lines, indented by depth. */
export declare function renderTree(root: ModuleNode): string[];
export { printable };
