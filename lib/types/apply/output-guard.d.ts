/**
 * POSIX sh; "$@" = the paths. fd 0 is the pipe: kept as fd 3, and each reader reads it until end of
 * file (lines written to it, were there any, are read and ignored). A reader that ended by itself
 * (status < 128, whatever rm said) ends the keeper; one killed by a signal (128 + n) is started again.
 * rm is found in the standard folders too, whatever PATH apply was given.
 */
export declare const WATCHER_SH = "exec 3<&0 0</dev/null\nPATH=\"${PATH:+$PATH:}/usr/bin:/bin\"\nwhile :; do\n  ( while IFS= read -r _ <&3; do :; done; rm -rf -- \"$@\" ) &\n  wait $!\n  [ $? -lt 128 ] && exit 0\ndone";
/** The same watcher as one Node process (no keeper): argv = paths, stdin = the pipe. */
export declare const WATCHER_JS = "\nconst fs = require('node:fs');\nconst paths = process.argv.slice(1);\nconst clean = () => { for (const p of paths) { try { fs.rmSync(p, { recursive: true, force: true }); } catch {} } process.exit(0); };\nprocess.stdin.on('data', () => {}).on('end', clean).on('error', clean);\n";
export interface OutputGuard {
    /** the watcher's first process (the keeper; tests look at its reader) */
    readonly watcherPid: number | null;
    /** The write is over (committed or aborted): close the pipe, which ends the watcher. */
    stop(): void;
}
export declare function startGuard(paths: readonly string[], shell?: string | null): OutputGuard;
/** Remove temporaries that dead apply runs left in `dir` (best effort: a failure changes nothing). */
export declare function sweepStale(dir: string, now?: number): string[];
