export declare function printable(text: string): string;
