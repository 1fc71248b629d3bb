// The CLI bundle (lib/cli.cjs) made ASCII without changing what it does, so that bin/load-cli.js reads
// it as Latin-1: one byte a character, no UTF-8 decoding, and V8 keeps it as a one-byte string. A
// single non-ASCII character (a `→` in a comment) made the whole 1.8 MB source a two-byte string,
// decoded on every command: ~20 ms of a ~210 ms `sdmatch --version` on the shared VM (issue 14).
//
// esbuild already escapes non-ASCII characters in string literals; what it leaves are comments,
// regular expression literals and template literals (a tagged template's raw text cannot be escaped:
// the HTML page's client code is String.raw text). So each remaining character is replaced by
//  - in a template literal's text: a substitution of its escaped string, `${"\u2192"}`, whose value
//    is the character in the cooked and the raw value alike (String.raw joins substitutions as they are);
//    only in an untagged template or one tagged String.raw (another tag sees its strings and values
//    apart: such a template with a non-ASCII character fails the build);
//  - anywhere else (comments, regular expressions, strings): `\u2192`, the same character in a regular
//    expression or a string, and harmless text in a comment.
// Telling a template's text from the rest takes a lexer: strings, comments, regular expression
// literals (after a token that cannot end an operand) and templates nested through `${ }`. It throws
// on anything it cannot follow (an unclosed literal, unbalanced braces), so a build fails rather than
// guessing.

/** keywords after which a `/` starts a regular expression, not a division */
const KEYWORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await']);
/** punctuation after which a `/` starts a regular expression (`}` included: esbuild never divides an object literal) */
const BEFORE_REGEX = new Set([...'(,=:[!&|?{};+-*%<>~^}']);

const isIdentifierChar = (c) => /[A-Za-z0-9_$]/.test(c) || (c !== undefined && c.charCodeAt(0) >= 0x80);

/** `\uXXXX` for each UTF-16 code unit of c (a pair for a character past U+FFFF) */
function escaped(c) {
  let s = '';
  for (let k = 0; k < c.length; k++) s += `\\u${c.charCodeAt(k).toString(16).toUpperCase().padStart(4, '0')}`;
  return s;
}

/** JavaScript source `src` with every non-ASCII character written in ASCII as above; the same program. */
export function asciiSource(src) {
  let out = '';
  const n = src.length;
  // what the lexer is inside: code (with its open braces counted, and whether it is a template's
  // `${ }`), or a template's text
  const stack = [{ kind: 'code', depth: 0, inTemplate: false }];
  // the last significant character of code, and the identifier it ends (to tell `/` apart)
  let prev = '';
  let word = '';
  const put = (c, inTemplate) => {
    if (c.charCodeAt(0) < 0x80) out += c;
    else if (!inTemplate) out += escaped(c);
    else if (stack[stack.length - 1].joins) out += `\${"${escaped(c)}"}`;
    else fail('a non-ASCII character in a template tagged other than String.raw', i);
  };
  const fail = (what, at) => {
    throw new Error(`asciiSource: ${what} at ${at}: ${JSON.stringify(src.slice(Math.max(0, at - 40), at + 40))}`);
  };
  let i = 0;
  while (i < n) {
    const top = stack[stack.length - 1];
    const c = src[i];
    if (top.kind === 'template') {
      if (c === '\\') {
        out += c;
        put(src[i + 1], true);
        i += 2;
      } else if (c === '`') {
        out += c;
        i++;
        stack.pop();
        prev = '`';
        word = '';
      } else if (c === '$' && src[i + 1] === '{') {
        out += '${';
        i += 2;
        stack.push({ kind: 'code', depth: 0, inTemplate: true });
        prev = '{';
        word = '';
      } else {
        put(c, true);
        i++;
      }
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      const e = src.indexOf('\n', i);
      for (const end = e < 0 ? n : e; i < end; i++) put(src[i], false);
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2);
      if (e < 0) fail('unclosed comment', i);
      for (; i < e + 2; i++) put(src[i], false);
      continue;
    }
    if (c === '"' || c === "'") {
      out += c;
      for (i++; src[i] !== c; i++) {
        if (i >= n || src[i] === '\n') fail('unclosed string', i);
        if (src[i] === '\\') out += src[i++];
        put(src[i], false);
      }
      out += c;
      i++;
      prev = c;
      word = '';
      continue;
    }
    if (c === '`') {
      // untagged (after a token that ends no operand), or tagged String.raw: the text is joined with the
      // substitutions' values as they are
      const tagged = prev !== '' && !BEFORE_REGEX.has(prev) && !(isIdentifierChar(prev) && KEYWORDS.has(word));
      const joins = !tagged || /(^|[^A-Za-z0-9_$.])String\.raw\s*$/.test(src.slice(Math.max(0, i - 40), i));
      out += c;
      i++;
      stack.push({ kind: 'template', joins });
      continue;
    }
    if (c === '/' && (prev === '' || BEFORE_REGEX.has(prev) || (isIdentifierChar(prev) && KEYWORDS.has(word)))) {
      out += c;
      let inClass = false;
      for (i++; ; i++) {
        if (i >= n || src[i] === '\n') fail('unclosed regular expression', i);
        const d = src[i];
        if (d === '\\') {
          out += d;
          put(src[++i], false);
          continue;
        }
        if (d === '/' && !inClass) break;
        if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        put(d, false);
      }
      out += '/';
      for (i++; i < n && /[a-z]/.test(src[i]); i++) out += src[i];
      // a literal ends an operand: a `/` after it divides
      prev = ')';
      word = '';
      continue;
    }
    if (c === '{') top.depth++;
    if (c === '}') {
      if (top.depth === 0) {
        if (!top.inTemplate) fail('unbalanced }', i);
        stack.pop();
        out += c;
        i++;
        continue;
      }
      top.depth--;
    }
    if (!/\s/.test(c)) {
      word = isIdentifierChar(c) ? (isIdentifierChar(src[i - 1]) ? word + c : c) : '';
      prev = c;
    }
    // esbuild escapes identifiers; another non-ASCII character in code (a space of another script)
    // has no escaped form there
    if (c.charCodeAt(0) >= 0x80) fail('a non-ASCII character in code', i);
    put(c, false);
    i++;
  }
  if (stack.length !== 1 || stack[0].depth !== 0) fail('unbalanced braces or an unclosed template', n);
  return out;
}
