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

const parser = new MarkdownIt('commonmark');

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

/** The document's headings and text blocks. A BOM, CRLF or CR line ends and front matter are all handled here. */
export function readDocument(markdown: string): DocumentPart[] {
  const withoutBom = markdown.startsWith('\uFEFF') ? markdown.slice(1) : markdown;
  const source = blankFrontMatter(withoutBom.split(/\r\n|\r|\n/)).join('\n');
  const tokens = parser.parse(source, {});
  const parts: DocumentPart[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    const line = (token.map?.[0] ?? 0) + 1;
    if (token.type === 'heading_open') {
      const inline = tokens[i + 1];
      parts.push({ kind: 'heading', level: Number(token.tag.slice(1)), title: inlineLines(inline?.children ?? []).map((l) => l.text).join(' '), line });
      i += 2;
    } else if (token.type === 'paragraph_open') {
      parts.push({ kind: 'block', lines: inlineLines(tokens[i + 1]?.children ?? []), line });
      i += 2;
    } else if (token.type === 'fence' || token.type === 'code_block') {
      parts.push({ kind: 'block', lines: plainLines(token.content), line });
    } else if (token.type === 'html_block') {
      parts.push({ kind: 'block', lines: plainLines(htmlText(token.content)), line });
    }
    // Everything else is structure (quotes, lists, thematic breaks) whose text comes in the tokens inside it.
  }
  return parts;
}

function plainLines(text: string): TextLine[] {
  return text.split('\n').map((line) => ({ text: line }));
}

const OPENS_LABEL = new Set(['strong_open', 'em_open']);
const CLOSES_LABEL = new Set(['strong_close', 'em_close']);

/** The rendered text of an inline run, one entry per line, noting a bold or emphasised run that starts a line. */
function inlineLines(children: readonly Token[]): TextLine[] {
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
