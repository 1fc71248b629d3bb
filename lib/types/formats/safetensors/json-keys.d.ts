/**
 * Keys of one JSON object in document order, duplicates included. JSON.parse cannot give either: it
 * moves integer-like keys ("0", "12") first and silently keeps the last of duplicate keys, and both
 * matter here (tensor order is evidence for matching; a duplicated name is how polyglot files hide data).
 *
 * `path` names the object: [] the top level, ['weight_map'] the object under that top-level key.
 * The text must already have passed JSON.parse; returns null when the path does not lead to an object.
 */
export declare function objectKeysInOrder(text: string, path: readonly string[]): string[] | null;
