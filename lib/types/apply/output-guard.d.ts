/** Plain JS for `node -e`: argv = [parent pid, paths…]. Polls the parent; removes the paths once it is gone. */
export declare const WATCHER_SOURCE = "\nconst fs = require('node:fs');\nconst [ppid, ...paths] = process.argv.slice(1);\nconst gone = () => { try { process.kill(Number(ppid), 0); return false; } catch (e) { return e.code === 'ESRCH'; } };\nconst timer = setInterval(() => {\n  if (!gone()) return;\n  clearInterval(timer);\n  for (const p of paths) { try { fs.rmSync(p, { recursive: true, force: true }); } catch {} }\n}, 100);\n";
export interface OutputGuard {
    /** the watcher now on duty (tests kill it) */
    readonly watcherPid: number | null;
    /** The write is over (committed or aborted): stop the guard, then the watcher. */
    stop(): void;
}
export declare function startGuard(paths: readonly string[]): OutputGuard;
/** Remove temporaries that dead apply runs left in `dir` (best effort: a failure changes nothing). */
export declare function sweepStale(dir: string, now?: number): string[];
