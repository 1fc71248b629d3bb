/**
 * In the page: a list that renders only the rows in view (plus a margin), so 100,000 keys cost what
 * forty do. Rows have one fixed height; the spacer gives the scrollbar the full length. For print
 * every row is laid out (up to PRINT_ROWS), since paper has no scrolling.
 */
export declare const VLIST_JS: string;
