/**
 * Finds the headings of a Markdown document and whether each has real content
 * under it (SPEC §1: a section counts when its heading exists and the text up to
 * the next heading of the same or a higher level is not empty or a placeholder).
 *
 * A line-based reading of CommonMark is enough for this and is linear in the
 * input: ATX (`## Title ##`) and setext (`Title` over `===`/`---`) headings,
 * fenced code blocks (whose `#` lines are not headings), YAML front matter and
 * HTML comments.
 */

export interface MarkdownSection {
  /** The heading text as written. */
  title: string;
  /** 1–6. */
  level: number;
  /** 1-based line of the heading. */
  line: number;
  /** Whether the section holds text other than headings and placeholders. */
  hasContent: boolean;
}

type Block =
  | { kind: 'heading'; level: number; title: string; line: number }
  | { kind: 'text'; text: string }
  | { kind: 'layout' };

const ATX_HEADING = /^ {0,3}(#{1,6})(?=[ \t]|$)(.*)$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
/** Lines that start a list item or quote cannot be the text of a setext heading. */
const NOT_PARAGRAPH_START = /^ {0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|>)/;

/** The key a heading is looked up by: case, spacing, wrapping emphasis and a trailing colon do not matter. */
export function sectionKey(title: string): string {
  return title
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^[*_`]+|[*_`]+$/g, '')
    .replace(/\s*:$/, '')
    .trim()
    .toLowerCase();
}

function atxTitle(rest: string): string {
  // A closing run of #s counts only when a space precedes it (`# C#` keeps its #).
  return rest.trim().replace(/(?:^|[ \t])#+$/, '').trim();
}

function frontMatterEnd(lines: readonly string[]): number {
  if (lines[0]?.trim() !== '---') return 0;
  for (let i = 1; i < lines.length; i += 1) {
    const trimmed = lines[i]?.trim();
    if (trimmed === '---' || trimmed === '...') return i + 1;
  }
  return 0;
}

function toBlocks(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  const start = frontMatterEnd(lines);
  for (let i = 0; i < start; i += 1) blocks.push({ kind: 'layout' });
  let fence: { char: string; length: number } | undefined;
  for (let i = start; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (fence) {
      const close = FENCE_OPEN.exec(line);
      const marker = close?.[1];
      if (marker && marker[0] === fence.char && marker.length >= fence.length && close[2]?.trim() === '') {
        fence = undefined;
        blocks.push({ kind: 'layout' });
      } else {
        blocks.push({ kind: 'text', text: line });
      }
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    const openMarker = open?.[1];
    if (openMarker && !(openMarker[0] === '`' && open[2]?.includes('`'))) {
      fence = { char: openMarker[0] ?? '`', length: openMarker.length };
      blocks.push({ kind: 'layout' });
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    if (atx) {
      blocks.push({ kind: 'heading', level: atx[1]?.length ?? 1, title: atxTitle(atx[2] ?? ''), line: i + 1 });
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(line);
    if (underline && turnParagraphIntoHeading(blocks, lines, underline[1]?.startsWith('=') ? 1 : 2)) {
      blocks.push({ kind: 'layout' });
      continue;
    }
    if (line.trim() === '' || THEMATIC_BREAK.test(line)) blocks.push({ kind: 'layout' });
    else blocks.push({ kind: 'text', text: line });
  }
  return blocks;
}

/**
 * A setext underline makes the paragraph right above it a heading. Rewrites that
 * paragraph's blocks in place; returns false when there is no such paragraph.
 */
function turnParagraphIntoHeading(blocks: Block[], lines: readonly string[], level: number): boolean {
  let first = blocks.length;
  while (first > 0) {
    const block = blocks[first - 1];
    if (block?.kind !== 'text' || NOT_PARAGRAPH_START.test(block.text)) break;
    first -= 1;
  }
  if (first === blocks.length) return false;
  const title = lines
    .slice(first, blocks.length)
    .map((l) => l.trim())
    .join(' ');
  blocks[first] = { kind: 'heading', level, title, line: first + 1 };
  for (let i = first + 1; i < blocks.length; i += 1) blocks[i] = { kind: 'layout' };
  return true;
}

const PLACEHOLDER_LINE = [
  /^$/,
  /^(?:todo|tbd)\b/,
  /^n\/a\.?$/,
  /^(?:\.{3,}|…+)$/,
  /^more information needed\.?$/,
];

/** Whether a line says nothing: a placeholder such as TODO, TBD, N/A, `...` or `[More Information Needed]`. */
export function isPlaceholderLine(line: string): boolean {
  const bare = line
    .trim()
    .replace(/^(?:>[ \t]*)+/, '')
    .replace(/^(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/, '')
    .replace(/^\[[ xX]\][ \t]*/, '')
    .replace(/^[*_`[<(]+|[*_`\]>)]+$/g, '')
    .trim()
    .toLowerCase();
  return PLACEHOLDER_LINE.some((pattern) => pattern.test(bare));
}

function hasRealContent(texts: readonly string[]): boolean {
  const withoutComments = texts.join('\n').replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  return withoutComments.split('\n').some((line) => !isPlaceholderLine(line));
}

export function readSections(markdown: string): MarkdownSection[] {
  const blocks = toBlocks(markdown.split(/\r\n|\r|\n/));
  const sections: MarkdownSection[] = [];
  blocks.forEach((block, index) => {
    if (block.kind !== 'heading') return;
    const texts: string[] = [];
    for (let i = index + 1; i < blocks.length; i += 1) {
      const next = blocks[i];
      if (next?.kind === 'heading' && next.level <= block.level) break;
      if (next?.kind === 'text') texts.push(next.text);
    }
    sections.push({ title: block.title, level: block.level, line: block.line, hasContent: hasRealContent(texts) });
  });
  return sections;
}
