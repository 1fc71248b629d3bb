import type { PageData } from './page-data.js';
/**
 * One self-contained HTML page: inline CSS and script, the data as one JSON blob, nothing fetched
 * (a Content-Security-Policy forbids it, so a page opened from an artifact or an attachment cannot
 * reach the network even by mistake). The page renders itself from the blob when it loads.
 *
 * The blob is gzipped and base64-encoded (embedData): a 100,000-key plan's JSON is 15 MB of text,
 * mostly key names said twice (the mapping), which gzip takes to under a megabyte. Raw, the browser
 * spent 0.5–0.9 s only reading and tokenizing the page and 0.2 s parsing the data before the first line
 * of the page's code ran; compressed, the page is read in a blink and the browser's own
 * DecompressionStream inflates it in tens of milliseconds. An attachment shrinks as much.
 */
/**
 * Data as the page embeds it: JSON text, gzipped, in base64 (which no script parser trips on). The
 * page data goes in two elements: the view (the answer, the keys and their statuses) and the --json
 * object, so the first screen is drawn before the JSON is parsed.
 */
export declare function embedData(data: unknown): string;
/** JSON that is safe inside <script>: no `</script>`, no `<!--`, no line separators a parser trips on. */
export declare function scriptJson(value: unknown): string;
export declare function renderHtmlPage(data: PageData): string;
