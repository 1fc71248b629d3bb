export type OutputTarget = 
/** write here (OUT itself, or the file OUT's links end at) */
{
    ok: true;
    target: string;
}
/** why not: after OUT's name, as `cannot write: …` says it; `descriptor` for a link to an open file descriptor */
 | {
    ok: false;
    why: string;
    descriptor: boolean;
};
/** Where a write of OUT must rename its temporary: OUT, or the end of its links; or why it cannot be written. */
export declare function outputTarget(out: string): OutputTarget;
