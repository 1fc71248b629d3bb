import { parseErrorText, type ErrorReport } from '../../src/formats/error-text.js';
import type { DiagnosisCase, ExplainOutput } from './score.js';
import { hardWrap } from './pastes.js';

/**
 * Issue 10's robustness check, end to end: every TUNING text of every corpus file (tuning, tuning2 ..
 * tuning7; held-out halves are filtered out before anything reads a text) pasted the ways users paste
 * it, each run through `explain -`, its exit code, verdict and plan compared with the clean text's.
 * pastes.ts compares parses over the session-7 halves; this compares what the user is told over every
 * tuning half, with the variants the brief names (80-column wrap, a dated log prefix, a GitHub fence).
 *
 * Lossless variants must decide exactly as the clean text. The one lossy variant (`cut-list`: a key
 * list cut mid-way with `...`) must be read as cut (`truncated`), and must never give a confident other
 * fix: no key mapped elsewhere than the whole text maps it, no selection the whole text does not make,
 * no fix where the whole text gets none.
 *
 *   npx esbuild bench/diagnosis/paste-variants.ts --bundle --platform=node --format=esm --outfile=/tmp/pv.mjs
 *   node /tmp/pv.mjs [-v] [--ids ID,ID] [--kinds KIND,KIND]   (per variant: texts changed, and with -v which and how)
 */

export interface Variant {
  kind: string;
  lossy: boolean;
  /** the variant applies to some texts only (its apply returns null for the others) */
  partial?: boolean;
  why: string;
  /** null when the variant does not apply to the text */
  apply(text: string, clean: ErrorReport): string | null;
}

const lines = (t: string): string[] => t.split('\n');

/** Where the text shows each parsed key, in text order. */
function keyPlaces(text: string, clean: ErrorReport): { at: number; end: number }[] {
  const keys = new Set([...clean.missing, ...clean.unexpected, ...clean.sizeMismatch.map((s) => s.key)]);
  const out: { at: number; end: number }[] = [];
  for (const key of keys) {
    if (key.length < 3) continue;
    // a key with a key character before or after it is part of a longer key, not this one
    const re = new RegExp(`(?<![A-Za-z0-9_.])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_.])`, 'g');
    const m = re.exec(text);
    if (m) out.push({ at: m.index, end: m.index + key.length });
  }
  return out.sort((a, b) => a.at - b.at);
}

/**
 * The longest run of keys written one after another (only quotes, commas, brackets and white space
 * between them): a key list as the message prints it.
 */
function longestList(text: string, clean: ErrorReport): { at: number; end: number }[] {
  const places = keyPlaces(text, clean);
  let best: { at: number; end: number }[] = [];
  let run: { at: number; end: number }[] = [];
  for (const p of places) {
    const prev = run[run.length - 1];
    if (prev && /^["'\s,\]\[]*$/.test(text.slice(prev.end, p.at))) run.push(p);
    else run = [p];
    if (run.length > best.length) best = [...run];
  }
  return best;
}

/**
 * IPython 8's traceback head (torch 2.x's module.py lines around the raise, as IPython prints them): its
 * source lines hold the message's own phrases (`'Missing key(s) in state_dict: {}. '.format(`), with
 * `{}` where the keys go.
 */
const IPYTHON_FRAMES = `---------------------------------------------------------------------------
RuntimeError                              Traceback (most recent call last)
Cell In[7], line 12
     10 model = build_model(cfg)
     11 ckpt = torch.load(weights_path, map_location="cpu")
---> 12 load_weights(model, ckpt)

File ~/project/utils/weights.py:88, in load_weights(model, ckpt)
     86 def load_weights(model, ckpt):
     87     # the released weights
---> 88     model.load_state_dict(ckpt)

File /opt/conda/lib/python3.10/site-packages/torch/nn/modules/module.py:2152, in Module.load_state_dict(self, state_dict, strict, assign)
   2147         error_msgs.insert(
   2148             0, 'Missing key(s) in state_dict: {}. '.format(
   2149                 ', '.join(f'"{k}"' for k in missing_keys)))
   2151 if len(error_msgs) > 0:
-> 2152     raise RuntimeError('Error(s) in loading state_dict for {}:\\n\\t{}'.format(
   2153                        self.__class__.__name__, "\\n\\t".join(error_msgs)))
   2154 return _IncompatibleKeys(missing_keys, unexpected_keys)
`;

/** rich's traceback box (rich.traceback, `install(show_locals=False)`), the same frames. */
const RICH_FRAMES = [
  `╭${'─'.repeat(31)} Traceback (most recent call last) ${'─'.repeat(32)}╮`,
  '/home/user/project/utils/weights.py:88 in load_weights',
  '',
  '   85 │',
  '   86 │   def load_weights(model, ckpt):',
  '   87 │   │   # the released weights',
  ' ❱ 88 │   │   model.load_state_dict(ckpt)',
  '',
  '/opt/conda/lib/python3.10/site-packages/torch/nn/modules/module.py:2152 in load_state_dict',
  '',
  "   2148 │   │   │   │   │   0, 'Missing key(s) in state_dict: {}. '.format(",
  "   2149 │   │   │   │   │   │   ', '.join(f'\"{k}\"' for k in missing_keys)))",
  '   2150 │   │',
  '   2151 │   │   if len(error_msgs) > 0:',
  " ❱ 2152 │   │   │   raise RuntimeError('Error(s) in loading state_dict for {}:\\n\\t{}'.format(",
  '   2153 │   │   │   │   │   │   │      self.__class__.__name__, "\\n\\t".join(error_msgs)))',
  '   2154 │   │   return _IncompatibleKeys(missing_keys, unexpected_keys)',
]
  .map((l, k) => (k === 0 ? l : `│ ${l.padEnd(96)} │`))
  .concat([`╰${'─'.repeat(98)}╯`])
  .join('\n');

/** The text's own Python traceback frames (`File "x.py", line 12, in f`) written as another printer writes them. */
function frames(text: string, as: (path: string, line: string, fn: string) => string): string {
  return text.replace(/File "([^"\n]+)", line (\d+), in ([\w<>]+)/g, (_, path: string, line: string, fn: string) => as(path, line, fn));
}

/**
 * Wrap at spaces to `width`, folding a word longer than the width (rich's Text.wrap). A word keeps the
 * blanks after it, as rich's `re_word = \s*\S+\s*` (rich/_wrap.py) does: rich breaks only before a word,
 * so a run of blanks wider than the console ends a line and never makes a blank line of its own.
 */
function foldWords(text: string, width: number): string {
  return lines(text)
    .map((l) => {
      const out: string[] = [];
      let cur = '';
      for (const word of l.match(/\s*\S+\s*/g) ?? [l]) {
        if (cur.length + word.trimEnd().length > width && cur) {
          out.push(cur.trimEnd());
          cur = '';
        }
        let w = word;
        while (w.trimEnd().length > width) {
          out.push(w.slice(0, width));
          w = w.slice(width);
        }
        cur += w;
      }
      out.push(cur.trimEnd());
      return out.join('\n');
    })
    .join('\n');
}

/** Every absolute POSIX path (a traceback frame's file) as a Windows user's: `C:\Users\me\...`, backslashes. */
function windowsPaths(text: string): string {
  return text.replace(/(^|[\s"'(])((?:\/[\w.\-]+){2,})/gm, (_, before: string, path: string) => {
    const rest = path.replace(/^\/(?:home|Users|root)\/[\w.\-]+/, '').replace(/^\/usr\/(?:local\/)?lib\/python[\d.]+/, '\\Anaconda3\\Lib');
    return `${before}C:\\Users\\me${rest.replace(/\//g, '\\')}`;
  });
}

/**
 * A screenshot read back by OCR: every line without its indentation and trailing spaces, a long line
 * broken where the picture's line ended, at widths that vary (no character grid to wrap at).
 */
function ocrBreaks(text: string): string {
  let k = 0;
  return lines(text)
    .map((l) => {
      let rest = l.trim();
      const out: string[] = [];
      for (;;) {
        const width = 70 + ((k++ * 7) % 23);
        if (rest.length <= width) break;
        out.push(rest.slice(0, width).trimEnd());
        rest = rest.slice(width).trimStart();
      }
      out.push(rest);
      return out.join('\n');
    })
    .join('\n');
}

/**
 * loguru's `logger.exception` (or `@logger.catch`) record: its own header line, a traceback whose frames carry
 * `> ` on the one that raised and `│ └` annotations under each source line with the values of its names (here
 * reprs that hold no key), then the text.
 */
const LOGURU_HEAD = `2024-01-01 12:00:00.123 | ERROR    | __main__:main:42 - An error has occurred but was caught by decorator
Traceback (most recent call last):

> File "/home/user/project/train.py", line 42, in main
    model.load_state_dict(ckpt)
    │     │               └ <dict with 3 items>
    │     └ <function Module.load_state_dict at 0x7f3a2c1d0e50>
    └ <project.model.Net object at 0x7f3a2c1e2d10>
`;

/** A Windows PowerShell session: the prompt and command, the output with Windows paths, the prompt again. */
function powershell(text: string): string {
  return `PS C:\\Users\\me\\project> python .\\train.py --resume weights\\best.pth\r\n${windowsPaths(text).replace(/\r?\n/g, '\r\n')}\r\nPS C:\\Users\\me\\project> `;
}

/**
 * The longest key list with a stretch of its middle hidden behind a page's fold (`Show more`, as a long code
 * block or log renders on a forum or GitHub's web views): from the key at the list's middle to the one at
 * three quarters, the fold's words in their place on lines of their own, the list's tail kept.
 */
function foldedList(t: string, clean: ErrorReport, fold: string): string | null {
  const half = listHalf(t, clean, 6);
  if (!half) return null;
  const resume = half.list[Math.floor((half.list.length * 3) / 4)]!;
  // the tail resumes at the key's opening quote, when it has one
  const to = /["']/.test(t[resume.at - 1] ?? '') ? resume.at - 1 : resume.at;
  return `${t.slice(0, half.from)},\n${fold}\n${t.slice(to)}`;
}

/**
 * The longest key list (at least `min` keys) and the last key of its first half: where a cut keeps the text, after
 * that key's closing quote when it has one (`from`), or right at its end, inside the quote (`end`).
 */
function listHalf(t: string, clean: ErrorReport, min: number): { list: { at: number; end: number }[]; end: number; from: number } | null {
  const list = longestList(t, clean);
  if (list.length < min) return null;
  const keep = list[Math.floor(list.length / 2) - 1]!;
  return { list, end: keep.end, from: /["']/.test(t[keep.end] ?? '') ? keep.end + 1 : keep.end };
}

export const VARIANTS: Variant[] = [
  { kind: 'md-quote', lossy: false, why: 'quoted in a Markdown reply: `> ` on every line', apply: (t) => lines(t).map((l) => `> ${l}`).join('\n') },
  { kind: 'wrap-80', lossy: false, why: 'hard wrap at 80 columns (a terminal; inside keys and quotes)', apply: (t) => hardWrap(t, 80) },
  { kind: 'tabs', lossy: false, why: 'tabs for spaces: every run of two or more spaces a tab', apply: (t) => t.replace(/ {2,}/g, '\t') },
  { kind: 'crlf', lossy: false, why: 'Windows line ends', apply: (t) => t.replace(/\r?\n/g, '\r\n') },
  {
    kind: 'smart-quotes',
    lossy: false,
    why: 'typographic quotes (a word processor, a rendered page)',
    apply: (t) => {
      let d = 0;
      let s = 0;
      return t.replace(/"/g, () => (d++ % 2 === 0 ? '\u201C' : '\u201D')).replace(/'/g, () => (s++ % 2 === 0 ? '\u2018' : '\u2019'));
    },
  },
  {
    kind: 'html-escape',
    lossy: false,
    why: 'scraped from a page: `&gt;`, `&#39;`, `&quot;`, `&lt;`, `&amp;`',
    apply: (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
  },
  // the prose says nothing of the run: "when I run the demo" is an evaluation run (error-text.ts proseEvaluationRun), which
  // decides a head of another size; the variant is the fence, not words that change the reading
  { kind: 'gh-fence', lossy: false, why: 'a GitHub code fence with prose before and after', apply: (t) => `When I run my script I get:\n\n\`\`\`python\n${t}\n\`\`\`\n\nHow can I fix it? Thanks!` },
  { kind: 'log-prefix', lossy: false, why: 'a logger prefix `2024-01-01 12:00:00 ERROR ` on every line', apply: (t) => lines(t).map((l) => `2024-01-01 12:00:00 ERROR ${l}`).join('\n') },
  {
    kind: 'combined',
    lossy: false,
    why: 'the lossless ones at once, in the order they happen: a log prefix, the 80-column wrap, a Markdown quote, CRLF',
    apply: (t, clean) => {
      let out = t;
      for (const k of ['log-prefix', 'wrap-80', 'md-quote', 'crlf']) out = VARIANTS.find((v) => v.kind === k)!.apply(out, clean) ?? out;
      return out;
    },
  },
  {
    kind: 'ansi',
    lossy: false,
    why: 'terminal colours as IPython, Colab or `rich` print them: the exception name red, quoted strings green, numbers cyan (`\\x1b[1;31m`)',
    apply: (t) =>
      // numbers first: the codes the later steps add hold digits of their own
      t
        .replace(/(?<![\w.])(\d+)(?![\w.])/g, '\x1b[1;36m$1\x1b[0m')
        .replace(/(["'])([^"'\n]{1,300}?)\1/g, '\x1b[32m$1$2$1\x1b[0m')
        .replace(/\b(\w*(?:Error|Exception|Warning))\b/g, '\x1b[1;31m$1\x1b[0m'),
  },
  {
    kind: 'ipython',
    lossy: false,
    why: "IPython 8's traceback before the message: the dashed rule, `Cell In[3], line 12`, `----> 12` and `File ~/x.py:88, in f()` frames, torch's own source lines around the raise",
    apply: (t) => `${IPYTHON_FRAMES}\n${frames(t, (path, line, fn) => `File ${path}:${line}, in ${fn}(self)`)}`,
  },
  {
    kind: 'rich',
    lossy: false,
    why: "`rich`'s boxed traceback (`╭─`, `│` at line starts and ends, `❱`), the message after the box as rich wraps it to the console's width (at spaces; a word longer than the width folded)",
    apply: (t) => `${RICH_FRAMES}\n${foldWords(frames(t, (path, line, fn) => `│ ${path}:${line} in ${fn}`), 100)}`,
  },
  {
    kind: 'windows',
    lossy: false,
    why: 'a Windows run: `C:\\Users\\me\\...` paths in the traceback frames, CRLF line ends',
    apply: (t) => windowsPaths(t).replace(/\r?\n/g, '\r\n'),
  },
  {
    kind: 'repeat',
    lossy: false,
    why: 'the same error pasted twice (a cell run again, or the paste repeated), a line of prose between',
    apply: (t) => `${t}\n\nRunning it again gives the same error:\n\n${t}`,
  },
  {
    kind: 'two-attempts',
    lossy: false,
    partial: true,
    why: "an earlier attempt's error above the text's (the whole checkpoint passed: its fields unexpected, the model's keys missing), words between: torch raises at the first failing load, so the last error is the load as it stands",
    apply: (t, clean) => {
      const head = /Error\(s\) in loading state_dict for ([A-Za-z_][\w.]*):/.exec(t);
      const modelKeys = [...clean.missing, ...clean.sizeMismatch.map((m) => m.key)].slice(0, 6);
      if (!head || modelKeys.length === 0) return null;
      const earlier = `RuntimeError: Error(s) in loading state_dict for ${head[1]}:\n\tMissing key(s) in state_dict: ${modelKeys.map((k) => `"${k}"`).join(', ')}. \n\tUnexpected key(s) in state_dict: "epoch", "model", "optimizer". `;
      return `First I got:\n\n${earlier}\n\nThen I loaded checkpoint["model"] and now get:\n\n${t}`;
    },
  },
  {
    kind: 'cjk-prose',
    lossy: false,
    why: 'Chinese prose around the error with full-width punctuation (`，：“”（）？`) and a quoted file name',
    apply: (t) => `我用官方给的“best_model.pth”测试自己的数据时报错（torch 1.13，单卡）：\n${t}\n请问这是什么原因？应该怎么改，谢谢！`,
  },
  {
    kind: 'details-html',
    lossy: false,
    why: 'a GitHub `<details><summary>` block around a fenced log',
    apply: (t) => `The log is long, so I folded it:\n\n<details>\n<summary>Full error log</summary>\n\n\`\`\`\n${t}\n\`\`\`\n\n</details>\n\nAny idea?`,
  },
  {
    kind: 'ocr',
    lossy: false,
    why: 'text read off a screenshot: lines broken inside keys at uneven widths (a proportional font, OCR trims each line), no trailing spaces, no indentation',
    apply: (t) => ocrBreaks(t),
  },
  {
    kind: 'email-reply',
    lossy: false,
    why: "a reply by e-mail that GitHub posted as is: an `On … wrote:` line, the quoted issue two levels deep (`> > `, bare `>` on blank lines)",
    apply: (t) => `Same here, any update?\n\nOn Tue, Mar 5, 2024 at 10:12 AM someone ***@***.***> wrote:\n\n> Hi, I got this:\n>\n${lines(t).map((l) => (l.trim() ? `> > ${l}` : '> >')).join('\n')}\n>\n> —\n> Reply to this email directly, view it on GitHub.\n`,
  },
  {
    kind: 'ja-prose',
    lossy: false,
    why: 'Japanese prose around the error (kana and kanji, `「」`, `、。：？`), as a Japanese-language poster writes it',
    apply: (t) => `学習済みモデル「best.pth」を読み込むと、次のエラーが出ます：\n${t}\nどうすればいいでしょうか？よろしくお願いします。`,
  },
  {
    kind: 'ko-prose',
    lossy: false,
    why: 'Korean prose around the error (Hangul, ASCII punctuation), as a Korean-language poster writes it',
    apply: (t) => `사전 학습된 모델을 불러오면 다음 오류가 발생합니다:\n${t}\n어떻게 해결할 수 있을까요? 감사합니다.`,
  },
  {
    kind: 'nbsp',
    lossy: false,
    why: 'copied from a rendered web page: indentation and the space after `:` and `,` as no-break spaces (U+00A0), as browsers copy `&nbsp;`',
    apply: (t) => t.replace(/^[ \t]+/gm, (m) => '\u00A0'.repeat(m.replace(/\t/g, '    ').length)).replace(/([:,]) /g, '$1\u00A0'),
  },
  {
    kind: 'zero-width',
    lossy: false,
    why: 'a chat or tracker that inserts zero-width spaces (U+200B) as break opportunities after the dots and underscores of long tokens',
    apply: (t) => t.replace(/[\w.]{30,}/g, (tok) => tok.replace(/([._])(?=\w)/g, '$1\u200B')),
  },
  {
    kind: 'json-log',
    lossy: false,
    partial: true,
    why: 'a structured log line holding the error as a JSON string (`\\n`, `\\t`, `\\"` escapes)',
    // a record holds the message whole: a text the excerpt cut is no such record
    apply: (t, clean) => (clean.truncated ? null : `{"time": "2024-01-01T12:00:00Z", "level": "ERROR", "logger": "train", "message": ${JSON.stringify(t)}}`),
  },
  {
    kind: 'py-repr',
    lossy: false,
    partial: true,
    why: "the exception printed by `repr(e)` or inside a list or dict: one line, `\\n` and `\\t` escapes, the outer quotes single and inner `'` escaped",
    apply: (t, clean) => clean.truncated ? null : `errors: [RuntimeError('${t.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r?\n/g, '\\n').replace(/\t/g, '\\t')}')]`,
  },
  {
    kind: 'ansi-bare',
    lossy: false,
    why: 'terminal colours whose escape byte was lost on the way (a log viewer, a copied notebook output): `[1;31m` … `[0m` left in the text',
    apply: (t, clean) => VARIANTS.find((v) => v.kind === 'ansi')!.apply(t, clean)!.replace(/\x1b/g, ''),
  },
  {
    kind: 'jupyter',
    lossy: false,
    why: "a Jupyter notebook's coloured traceback: IPython's frames (`----> 12` arrows, `Cell In[7]`) with ANSI colours on arrows, names and strings",
    apply: (t, clean) => {
      const framed = VARIANTS.find((v) => v.kind === 'ipython')!.apply(t, clean)!;
      return VARIANTS.find((v) => v.kind === 'ansi')!.apply(framed, clean)!.replace(/^(-*-> )/gm, '\x1b[0;32m$1\x1b[0m');
    },
  },
  {
    kind: 'rank-prefix',
    lossy: false,
    why: "a distributed run's output: torchrun's `[rank0]: ` before every line",
    apply: (t) => lines(t).map((l) => `[rank0]: ${l}`).join('\n'),
  },
  {
    kind: 'shell-session',
    lossy: false,
    why: 'a ```console fence holding the prompt and command that ran, then the output',
    apply: (t) => `Steps to reproduce:\n\n\`\`\`console\n(venv) user@gpu01:~/project$ python run.py --config configs/model.yaml\n${t}\n(venv) user@gpu01:~/project$\n\`\`\`\n`,
  },
  {
    kind: 'indented-code',
    lossy: false,
    why: 'a Markdown indented code block: four spaces before every line, prose before and after',
    apply: (t) => `Loading the pretrained weights fails with\n\n${lines(t).map((l) => `    ${l}`).join('\n')}\n\nWhat am I doing wrong?`,
  },
  {
    kind: 'logging-exc',
    lossy: false,
    why: "Python logging's `logger.exception(...)`: the record's header line (`%(asctime)s - %(name)s - %(levelname)s - %(message)s`), then the traceback and message unprefixed",
    apply: (t) => `2024-01-01 12:00:00,123 - train - ERROR - Could not load the pretrained weights\n${t}`,
  },
  {
    kind: 'loguru',
    lossy: false,
    why: "loguru's `logger.exception`: its `| ERROR    | module:function:line - ` header, `> File` on the raising frame, `│ └` value annotations under source lines, then the text",
    apply: (t) => `${LOGURU_HEAD}${t}`,
  },
  {
    kind: 'double-paste',
    lossy: false,
    why: 'the same text pasted twice in a row, nothing between (the clipboard pasted again by accident)',
    apply: (t) => `${t}\n${t}`,
  },
  {
    kind: 'powershell',
    lossy: false,
    why: 'a Windows PowerShell session: `PS C:\\...>` prompt and command, Windows paths in the frames, CRLF, the prompt again after the output',
    apply: (t) => powershell(t),
  },
  {
    kind: 'hydra',
    lossy: false,
    partial: true,
    why: "a Hydra app's failure: `Error executing job with overrides: [...]` above the traceback, `Set the environment variable HYDRA_FULL_ERROR=1 for a complete stack trace.` below it",
    // Hydra prints the exception whole: a text the excerpt cut is no such paste
    apply: (t, clean) => clean.truncated ? null : `Error executing job with overrides: ['model=vit_base', 'ckpt_path=weights/best.ckpt']\n${t}\n\nSet the environment variable HYDRA_FULL_ERROR=1 for a complete stack trace.`,
  },
  {
    kind: 'chained',
    lossy: false,
    partial: true,
    why: "the load's error re-raised by the caller (`raise … from e`): Python's `The above exception was the direct cause of the following exception:` and the second traceback after the text",
    // Python prints the first exception whole before the second: a text the excerpt cut is no such paste
    apply: (t, clean) => clean.truncated ? null : `${t}\n\nThe above exception was the direct cause of the following exception:\n\nTraceback (most recent call last):\n  File "/home/user/project/train.py", line 120, in <module>\n    main()\n  File "/home/user/project/train.py", line 64, in main\n    raise ValueError(f"could not load {args.weights}") from e\nValueError: could not load weights/best.pth`,
  },
  {
    kind: 'py311-carets',
    lossy: false,
    why: "Python 3.11's tracebacks: a `~~~~^^^^` line under each frame's source line, marking the failing call",
    apply: (t) => `Traceback (most recent call last):\n  File "/home/user/project/train.py", line 42, in <module>\n    model.load_state_dict(torch.load(args.weights))\n    ~~~~~~~~~~~~~~~~~~~~~^^^^^^^^^^^^^^^^^^^^^^^^^^\n${t.replace(/^(\s*File "[^"\n]+", line \d+, in [\w<>]+\n(\s+)(\S[^\n]*))$/gm, (_, frame: string, indent: string, code: string) => `${frame}\n${indent}${'^'.repeat(Math.min(code.length, 60))}`)}`,
  },
  {
    kind: 'cut-then-words',
    lossy: false,
    partial: true,
    why: "a text cut short (by the poster or the excerpt), then the poster's words after a blank line: the cut is still a cut",
    apply: (t, clean) => (clean.truncated ? `${t}\n\nAny idea what is wrong here? Thanks.` : null),
  },
  {
    kind: 'flattened',
    lossy: false,
    why: 'every line break lost (a single-line field, an issue title, a page without <pre>): the lines joined by one space',
    apply: (t) => t.split(/\r?\n/).map((l) => l.trim()).filter((l) => l).join(' '),
  },
  {
    kind: 'show-more',
    lossy: true,
    partial: true,
    why: "a long list folded in the middle by the page it was copied from: a stretch of keys gone, `Show more` in their place, the list's tail kept",
    apply: (t, clean) => foldedList(t, clean, 'Show more'),
  },
  {
    kind: 'output-truncated',
    lossy: true,
    partial: true,
    why: "VS Code's notebook output limit: the text cut in the middle of its longest list, then `Output is truncated. View as a scrollable element or open in a text editor. Adjust cell output settings...`",
    apply: (t, clean) => {
      const half = listHalf(t, clean, 4);
      return half && `${t.slice(0, half.end)}\nOutput is truncated. View as a scrollable element or open in a text editor. Adjust cell output settings...`;
    },
  },
  {
    kind: 'cut-list',
    lossy: true,
    why: 'the longest key list cut mid-way with `...` (the rest of the text kept)',
    apply: (t, clean) => {
      const half = listHalf(t, clean, 4);
      if (!half) return null;
      const last = half.list[half.list.length - 1]!;
      // the cut takes the quote after the last key it removes, and leaves the one after the last it keeps
      const from = half.from;
      const to = /["']/.test(t[last.end] ?? '') ? last.end + 1 : last.end;
      return `${t.slice(0, from)}, ...${t.slice(to)}`;
    },
  },
];

/** The tuning texts of every corpus file; held-out entries are dropped before any text is read. */
export async function tuningCases(): Promise<DiagnosisCase[]> {
  const { loadFile, CASE_FILES } = await import('./run-cases.js');
  return CASE_FILES.flatMap((f) => loadFile(f).filter((c) => c.half.startsWith('tuning')));
}

/** What explain decides: exit code, verdict flags and the plan; an exit other than 0/1 is its code. */
export interface Decision {
  code: number;
  out: ExplainOutput | null;
}

export async function decide(text: string): Promise<Decision> {
  const { explainOnce } = await import('./run-cases.js');
  const r = await explainOnce(text, true);
  return { code: r.code, out: r.code === 0 || r.code === 1 ? (JSON.parse(r.stdout) as ExplainOutput) : null };
}

function planOf(d: Decision): string {
  if (!d.out) return `exit ${d.code}`;
  const { fixable, complete, truncated, plan } = d.out;
  return JSON.stringify({ code: d.code, fixable, complete, truncated, select: plan.source.select, ops: plan.ops, mapping: plan.mapping, unmapped: plan.unmapped });
}

/** Why a variant's decision breaks the invariant against the clean text's; empty when it holds. */
export function problems(v: Variant, clean: Decision, pasted: Decision): string[] {
  if (!v.lossy) return planOf(clean) === planOf(pasted) ? [] : [`${planOf(clean).slice(0, 160)} -> ${planOf(pasted).slice(0, 160)}`];
  // a cut may honestly read as no error text, or as exactly what the whole text reads
  if (!pasted.out || planOf(clean) === planOf(pasted)) return [];
  const out: string[] = [];
  if (!pasted.out.truncated) out.push('not read as cut');
  if (clean.out) {
    const cm = clean.out.plan.mapping;
    for (const [k, v2] of Object.entries(pasted.out.plan.mapping)) {
      // a key left as it is (reported, not moved) is no fix; a rename or a drop the whole text does not make is
      if (v2 === k || !(k in cm) || JSON.stringify(cm[k]) === JSON.stringify(v2)) continue;
      if (v2 === null && cm[k] === k) continue;
      out.push(`${k} -> ${JSON.stringify(v2)}, whole text ${JSON.stringify(cm[k])}`);
    }
    if (pasted.out.plan.source.select.length && JSON.stringify(pasted.out.plan.source.select) !== JSON.stringify(clean.out.plan.source.select)) out.push(`select ${pasted.out.plan.source.select.join('/')}`);
    if (pasted.out.fixable && !clean.out.fixable) out.push('a fix where the whole text gets none');
  }
  return out;
}

export interface VariantResult {
  id: string;
  half: string;
  kind: string;
  problems: string[];
}

export async function runVariants(cases: DiagnosisCase[], kinds: readonly Variant[] = VARIANTS): Promise<VariantResult[]> {
  const out: VariantResult[] = [];
  for (const c of cases) {
    let report: ErrorReport;
    try {
      report = parseErrorText(c.text, c.id);
    } catch {
      report = { missing: [], unexpected: [], sizeMismatch: [] } as unknown as ErrorReport;
    }
    const clean = await decide(c.text);
    for (const v of kinds) {
      const text = v.apply(c.text, report);
      if (text === null) continue;
      out.push({ id: c.id, half: c.half, kind: v.kind, problems: problems(v, clean, await decide(text)) });
    }
  }
  return out;
}

export function table(results: VariantResult[]): { kind: string; texts: number; broke: number }[] {
  return VARIANTS.map((v) => {
    const mine = results.filter((r) => r.kind === v.kind);
    return { kind: v.kind, texts: mine.length, broke: mine.filter((r) => r.problems.length).length };
  });
}

/** The value after `flag` on the command line, split at commas (`--ids a,b`, `--kinds json-log,rich`), or null. */
function listArg(flag: string): string[] | null {
  const at = process.argv.indexOf(flag);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1]!.split(',') : null;
}

async function main(): Promise<void> {
  const ids = listArg('--ids');
  const kinds = listArg('--kinds');
  const cases = (await tuningCases()).filter((c) => !ids || ids.includes(c.id));
  const results = await runVariants(cases, kinds ? VARIANTS.filter((v) => kinds.includes(v.kind)) : VARIANTS);
  console.log('| variant | tuning texts | broke |');
  console.log('|---|---|---|');
  for (const r of table(results)) if (r.texts > 0 || !kinds) console.log(`| ${r.kind} | ${r.texts} | ${r.broke} |`);
  if (process.argv.includes('-v')) for (const r of results.filter((x) => x.problems.length)) console.log(`- ${r.kind} ${r.id}: ${r.problems.join('; ')}`);
}


/** One text's clean and pasted decisions side by side: `node pv.mjs --show ID KIND`. */
async function show(id: string, kind: string): Promise<void> {
  const c = (await tuningCases()).find((x) => x.id === id)!;
  const v = VARIANTS.find((x) => x.kind === kind)!;
  let report: ErrorReport;
  try {
    report = parseErrorText(c.text, c.id);
  } catch {
    report = { missing: [], unexpected: [], sizeMismatch: [] } as unknown as ErrorReport;
  }
  const text = v.apply(c.text, report)!;
  const { explainOnce } = await import('./run-cases.js');
  console.log(`--- pasted text\n${text}\n--- clean\n${(await explainOnce(c.text, false)).stdout}\n--- pasted\n${(await explainOnce(text, false)).stdout}`);
  console.log(`--- clean plan\n${planOf(await decide(c.text))}\n--- pasted plan\n${planOf(await decide(text))}`);
}

const showAt = process.argv.indexOf('--show');
if (process.argv[1]?.endsWith('pv.mjs')) void (showAt > 0 ? show(process.argv[showAt + 1]!, process.argv[showAt + 2]!) : main());
