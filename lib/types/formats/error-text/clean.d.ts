/**
 * Undoing how an error text was captured before any phrase is looked for: terminal colours, CRLF,
 * logger and launcher prefixes per line, Markdown quoting and emphasis, typographic quotes and HTML
 * entities (from a rendered page), so that the phrase and list readers see what PyTorch printed.
 * Every step is a single pass over the text (the parser must stay linear on 5 MB pastes).
 */
export declare function normaliseCharacters(text: string): string;
/** The cleaned lines of a paste, and where each pasted block ends. */
export interface CleanPaste {
    lines: string[];
    /**
     * The index of the last line with content before each closing code fence, and of the text's last
     * line with content: where a paste can stop mid-list (the poster's cut, or the excerpt's), even when
     * prose follows the fence.
     */
    blockEnds: number[];
    /** Each line's width as captured (colours aside, before any prefix is taken off): where a terminal wrapped it. */
    widths: number[];
    /**
     * The cleaned text with every line as wide as the paste's widest one joined to the next, when at
     * least two lines are that wide (a terminal wrapped it there): a traceback frame's path or a
     * command a terminal broke (`test_partseg_showwe` + `ldpointcloud.py`) is read whole.
     */
    unwrapped: string;
}
export declare function cleanPaste(pasted: string): CleanPaste;
/** The text's lines with capture artefacts and logger prefixes removed, and outer whitespace trimmed. */
export declare function cleanLines(text: string): string[];
