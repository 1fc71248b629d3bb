/**
 * A strict little XML reader for the JUnit reports in tests: elements, attributes, text, the five
 * named entities and character references, an XML declaration. Anything not well-formed throws:
 * a raw `<` or `&` in text, an unquoted or repeated attribute, mismatched tags, characters XML 1.0
 * cannot hold.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function decode(s: string, at: number): string {
  if (FORBIDDEN.test(s)) throw new Error(`character XML cannot hold near ${at}`);
  if (/<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`raw < or & near ${at}: ${JSON.stringify(s.slice(0, 60))}`);
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : NAMED[e]!,
  );
}

export function parseXml(text: string): XmlElement {
  let i = 0;
  const decl = /^<\?xml[^?]*\?>\s*/.exec(text);
  if (decl) i = decl[0].length;
  const NAME = /[A-Za-z_][\w.-]*/y;
  const readName = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) throw new Error(`name expected at ${i}`);
    i += m[0].length;
    return m[0];
  };
  const skipSpace = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const element = (): XmlElement => {
    if (text[i] !== '<') throw new Error(`< expected at ${i}`);
    i++;
    const el: XmlElement = { name: readName(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (text.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (text[i] === '>') {
        i++;
        break;
      }
      if (i === before) throw new Error(`space expected before an attribute at ${i}`);
      const name = readName();
      if (name in el.attrs) throw new Error(`attribute ${name} repeated`);
      if (text[i] !== '=' || (text[i + 1] !== '"' && text[i + 1] !== "'")) throw new Error(`="…" expected after ${name} at ${i}`);
      const q = text[i + 1]!;
      const end = text.indexOf(q, i + 2);
      if (end < 0) throw new Error('unterminated attribute');
      el.attrs[name] = decode(text.slice(i + 2, end), i);
      i = end + 1;
    }
    for (;;) {
      const lt = text.indexOf('<', i);
      if (lt < 0) throw new Error(`</${el.name}> missing`);
      el.text += decode(text.slice(i, lt), i);
      i = lt;
      if (text.startsWith('</', i)) {
        i += 2;
        const name = readName();
        if (name !== el.name) throw new Error(`</${name}> closes <${el.name}>`);
        skipSpace();
        if (text[i] !== '>') throw new Error(`> expected at ${i}`);
        i++;
        return el;
      }
      el.children.push(element());
    }
  };
  const root = element();
  skipSpace();
  if (i !== text.length) throw new Error(`content after the root element at ${i}`);
  return root;
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}
