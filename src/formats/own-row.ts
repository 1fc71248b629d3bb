/**
 * A table's own row for a name, or undefined. The tables sdmatch keeps as object literals (synonyms,
 * abbreviations, Python 2 module names, dtype aliases, subcommands) are looked up by names that come from the
 * user's files and command line: a key segment, a pickle global, a word of argv. A plain `table[name]` answers
 * `constructor`, `toString`, `__proto__` … with Object.prototype's members (a function, an object), which then
 * pass for a row; reading own rows only, those names are no row, as they are in Python's dicts.
 */
export function ownRow<V>(table: Readonly<Record<string, V>>, name: string): V | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
