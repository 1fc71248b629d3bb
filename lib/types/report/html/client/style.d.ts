export declare const PAGE_CSS: string;
