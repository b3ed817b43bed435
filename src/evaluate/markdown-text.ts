/**
 * What a Markdown document shows a reader, in document order: its headings
 * and the text of its other blocks, each with its line.
 *
 * The structure comes from markdown-it in its strict CommonMark preset, so a
 * heading is exactly what CommonMark makes a heading (at the top level or
 * inside quotes and list items; never inside an HTML comment, an HTML block or
 * a code block). markdown-it was chosen over micromark (mdast-util-from-markdown)
 * because both pass the CommonMark spec but micromark took about 70 s on a
 * 1 MiB document where markdown-it takes half a second, and evidence files are
 * written by pull request authors: parsing must not be a way to stall the app.
 * Block tokens carry their lines, which is all the positions problems need.
 *
 * Text is what renders as text: inline markup is removed, entities decoded,
 * HTML tags and comments dropped (the text between tags stays, as a browser
 * shows it), link reference definitions vanish (CommonMark renders nothing for
 * them, so `[//]: # (TODO)` says nothing), and an image shows its alt text.
 */
import { decodeHTML } from 'entities';
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

/** One line of rendered text; `labelEnd` marks where a leading bold or emphasised label (`**Developed by:**`) ends. */
export interface TextLine {
  text: string;
  labelEnd?: number;
}

export type DocumentPart =
  | { kind: 'heading'; level: number; title: string; line: number }
  | { kind: 'block'; lines: TextLine[]; line: number };

/**
 * Link reference definitions are resolved as cmark (and so GitHub) does: they
 * are read out of the start of a paragraph, after its block structure is
 * known. markdown-it reads them as blocks of their own instead, so a line
 * after one that cannot interrupt a paragraph (`</pre>`, an indented line)
 * would start an HTML or code block and hide the headings under it; with that
 * rule off, such a line stays in the paragraph, as the reference parser has it.
 */
const blockParser = new MarkdownIt('commonmark');
blockParser.block.ruler.disable('reference');
blockParser.core.ruler.disable(['inline', 'text_join']);

/** Reads the definitions at the start of a paragraph's text; what follows them is the paragraph. */
const definitionParser = new MarkdownIt('commonmark');
definitionParser.block.ruler.enableOnly(['reference', 'paragraph']);
definitionParser.core.ruler.disable(['inline', 'text_join']);

const inlineParser = new MarkdownIt('commonmark');

/** Where markdown-it keeps the definitions it has read. */
type Env = Parameters<typeof blockParser.parse>[1];

/**
 * YAML front matter (`---` on the first line up to a closing `---` or `...`)
 * is metadata, not text. It is blanked rather than cut so that lines keep
 * their numbers.
 */
function blankFrontMatter(lines: string[]): string[] {
  if (lines[0]?.trimEnd() !== '---') return lines;
  const end = lines.findIndex((line, index) => index > 0 && (line.trimEnd() === '---' || line.trimEnd() === '...'));
  if (end < 0) return lines;
  return lines.map((line, index) => (index <= end ? '' : line));
}

/** How often an underline is turned back into text before the reader settles for what it has. */
const MAX_UNDERLINE_PASSES = 20;

/**
 * The block tokens, with the reference parser's rule for an underline (`===`,
 * `---`) below a paragraph that is nothing but link reference definitions:
 * once they are read out nothing is left to be a heading, so the line is read
 * as whatever else it can be (see asNoUnderline), and a later underline can
 * make the paragraph a heading. markdown-it makes the first underline a heading
 * at once; rewriting that line and parsing again gives the reference structure.
 */
function parseBlocks(lines: string[]): Token[] {
  let tokens = blockParser.parse(lines.join('\n'), {});
  for (let pass = 0; pass < MAX_UNDERLINE_PASSES; pass += 1) {
    const underlines: number[] = [];
    // Rewriting one underline can join the lines after it to its paragraph, so a heading that starts right
    // where a rewritten one ends waits for the next pass.
    let rewrittenEnd = -1;
    tokens.forEach((token, i) => {
      const setext = token.type === 'heading_open' && (token.markup === '=' || token.markup === '-');
      // A scratch env: definitions read in a paragraph that is about to change must not define anything.
      if (!setext || !token.map || withoutDefinitions(tokens[i + 1]?.content ?? '', {}).rest !== '') return;
      if (token.map[0] !== rewrittenEnd) underlines.push(token.map[1] - 1);
      rewrittenEnd = token.map[1];
    });
    if (underlines.length === 0) break;
    for (const index of underlines) lines[index] = asNoUnderline(lines[index] ?? '');
    tokens = blockParser.parse(lines.join('\n'), {});
  }
  return tokens;
}

/**
 * The line as the reference parser reads it when it cannot be an underline:
 * three or more dashes are a thematic break (written `***`, which cannot
 * underline), anything else is text of the paragraph (escaped: `\===`).
 */
function asNoUnderline(line: string): string {
  if (/^[^-]*-{3,}\s*$/.test(line)) return line.replace(/-{3,}/, (dashes) => '*'.repeat(dashes.length));
  return line.replace(/[=-]/, (marker) => `\\${marker}`);
}

/** A paragraph's text without its leading link reference definitions (recorded in `env`), and how many lines they took. */
function withoutDefinitions(text: string, env: Env): { rest: string; lineOffset: number } {
  if (!text.startsWith('[')) return { rest: text, lineOffset: 0 };
  const tokens = definitionParser.parse(text, env);
  const paragraph = tokens.findIndex((t) => t.type === 'paragraph_open');
  if (paragraph < 0) return { rest: '', lineOffset: 0 };
  return { rest: tokens[paragraph + 1]?.content ?? '', lineOffset: tokens[paragraph]?.map?.[0] ?? 0 };
}

type RawPart =
  | { kind: 'heading'; level: number; raw: string; line: number }
  | { kind: 'inline'; raw: string; line: number }
  | { kind: 'block'; lines: TextLine[]; line: number };

/** The document's headings and text blocks. A BOM, CRLF or CR line ends and front matter are all handled here. */
export function readDocument(markdown: string): DocumentPart[] {
  const withoutBom = markdown.startsWith('\uFEFF') ? markdown.slice(1) : markdown;
  const lines = blankFrontMatter(withoutBom.split(/\r\n|\r|\n/));
  const env: Env = {};
  const tokens = parseBlocks(lines);
  const raw: RawPart[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    const line = (token.map?.[0] ?? 0) + 1;
    const content = tokens[i + 1]?.content ?? '';
    if (token.type === 'heading_open') {
      const level = Number(token.tag.slice(1));
      if (token.markup === '=' || token.markup === '-') {
        // A setext heading is a paragraph underlined: its definitions are read out first, and with nothing left it is no heading.
        const { rest, lineOffset } = withoutDefinitions(content, env);
        if (rest !== '') raw.push({ kind: 'heading', level, raw: rest, line: line + lineOffset });
      } else {
        raw.push({ kind: 'heading', level, raw: content, line });
      }
      i += 2;
    } else if (token.type === 'paragraph_open') {
      const { rest, lineOffset } = withoutDefinitions(content, env);
      if (rest !== '') raw.push({ kind: 'inline', raw: rest, line: line + lineOffset });
      i += 2;
    } else if (token.type === 'fence' || token.type === 'code_block') {
      raw.push({ kind: 'block', lines: plainLines(token.content), line });
    } else if (token.type === 'html_block') {
      raw.push({ kind: 'block', lines: plainLines(htmlText(token.content)), line });
    }
    // Everything else is structure (quotes, lists, thematic breaks) whose text comes in the tokens inside it.
  }
  // Inline text is read once every definition is known, so `[Limitations]` with a definition anywhere renders as a link.
  return raw.map((part): DocumentPart => {
    if (part.kind === 'block') return part;
    const lines = inlineTextLines(part.raw, env);
    if (part.kind === 'inline') return { kind: 'block', lines, line: part.line };
    return { kind: 'heading', level: part.level, title: lines.map((l) => l.text).join(' '), line: part.line };
  });
}

/**
 * The characters at which one of the inline rules of the CommonMark preset can
 * start (escapes, code spans, emphasis, links, images, autolinks, HTML,
 * entities; `~` too, though strikethrough is off), and the CR and NUL that
 * markdown-it rewrites first (readDocument has already). Text without any is
 * plain text and line breaks, which is read here directly rather than through
 * markdown-it, whose tokens cost far more than the text: most paragraphs of
 * evidence are plain prose.
 */
const INLINE_MARKUP = /[\\`*_[\]!<&~\r\0]/;

/** The rendered lines of a paragraph's or heading's inline text. */
export function inlineTextLines(raw: string, env: Env): TextLine[] {
  if (INLINE_MARKUP.test(raw)) return inlineLines(inlineParser.parseInline(raw, env)[0]?.children ?? []);
  const lines = raw.split('\n');
  return lines.map((line, index) => {
    let text = index === 0 ? line : line.replace(/^[ \t]+/, '');
    // As markdown-it's newline rule: before a break, two or more spaces go (a hard break), or else one.
    if (index < lines.length - 1) text = text.endsWith('  ') ? text.replace(/ +$/, '') : text.replace(/ $/, '');
    return { text };
  });
}

function plainLines(text: string): TextLine[] {
  return text.split('\n').map((line) => ({ text: line }));
}

const OPENS_LABEL = new Set(['strong_open', 'em_open']);
const CLOSES_LABEL = new Set(['strong_close', 'em_close']);

/** The rendered text of an inline run, one entry per line, noting a bold or emphasised run that starts a line. */
export function inlineLines(children: readonly Token[]): TextLine[] {
  const lines: TextLine[] = [];
  let current: TextLine = { text: '' };
  let labelDepth = 0;
  let labelOpen = false;
  const endLine = () => {
    lines.push(current);
    current = { text: '' };
    labelDepth = 0;
    labelOpen = false;
  };
  const append = (children: readonly Token[]) => {
    for (const child of children) {
      if (child.type === 'softbreak' || child.type === 'hardbreak') {
        endLine();
      } else if (OPENS_LABEL.has(child.type)) {
        if (labelOpen) labelDepth += 1;
        else if (current.labelEnd === undefined && current.text.trim() === '') {
          labelOpen = true;
          labelDepth = 1;
        }
      } else if (CLOSES_LABEL.has(child.type)) {
        if (labelOpen && (labelDepth -= 1) === 0) {
          labelOpen = false;
          current.labelEnd = current.text.length;
        }
      } else if (child.type === 'image') {
        append(child.children ?? []);
      } else if (child.type === 'text' || child.type === 'code_inline' || child.type === 'text_special') {
        current.text += child.content;
      }
      // html_inline (tags, comments) and link/markup delimiters render no text of their own.
    }
  };
  append(children);
  endLine();
  return lines;
}

/** Raw HTML a browser hides entirely, and the tags of the rest. */
const HIDDEN_HTML = /<!--[\s\S]*?(?:-->|$)|<\?[\s\S]*?(?:\?>|$)|<![A-Za-z][\s\S]*?(?:>|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi;
const TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/g;

/** The text an HTML block shows: comments, scripts and tags removed, entities decoded as a browser does. */
function htmlText(html: string): string {
  return decodeHTML(html.replace(HIDDEN_HTML, ' ').replace(TAG, ' '));
}
