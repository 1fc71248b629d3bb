export interface DownloadStep {
    /** the command that downloads it (runs as it is), or null for a local file */
    command: string | null;
    /** the name the downloaded file has, for the commands that follow (the file itself when local) */
    local: string;
}
export declare function downloadStep(file: string): DownloadStep;
/** `sdmatch apply SOURCE PLAN -o OUT`, downloading a remote SOURCE first. */
export declare function applyLine(source: string, planFile: string, out: string): string;
