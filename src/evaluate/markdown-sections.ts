/**
 * The sections of a Markdown document and whether each says something
 * (SPEC §1): a section is a CommonMark heading and everything up to the next
 * heading of the same or a higher level, and it counts only when the text it
 * renders is more than placeholders, or than the template it was copied from.
 */
import { readDocument } from './markdown-text.js';
import type { TextLine } from './markdown-text.js';

export interface SectionBlock {
  /** 1-based line where the block starts. */
  line: number;
  /** The block's text, normalised as `normaliseText` does and lower-cased: what a template is compared by. */
  text: string;
  /** Every line of it is a placeholder (or nothing at all). */
  saysNothing: boolean;
}

export interface MarkdownSection {
  /** The heading's plain text (inline markup removed, entities decoded). */
  title: string;
  /** What the heading is looked up by (see `sectionKey`). */
  key: string;
  /** 1–6. */
  level: number;
  /** 1-based line of the heading. */
  line: number;
  /** The text blocks of the section, nested sections included, in order. */
  blocks: SectionBlock[];
  /** Whether some block says more than a placeholder. */
  hasContent: boolean;
}

/**
 * Characters that render as nothing (zero-width spaces and joiners, soft
 * hyphens, bidi controls, variation selectors, Hangul fillers: Unicode's
 * Default_Ignorable_Code_Point) and the braille blank, which renders as a space.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u2800]/gu;

// eslint-disable-next-line no-control-regex -- every ASCII character
const ASCII = /^[\x00-\x7f]*$/;

/** Text as a reader sees it: invisible characters dropped, every run of whitespace (NBSP too) one space. */
export function normaliseText(text: string): string {
  // ASCII text is already NFC and holds no invisible character, and most evidence is ASCII.
  const visible = ASCII.test(text) ? text : text.normalize('NFC').replace(INVISIBLE, '');
  return visible.replace(/\s+/g, ' ').trim();
}

/** The key a heading is looked up by: case, spacing, invisible characters and a trailing colon do not matter. */
export function sectionKey(title: string): string {
  return normaliseText(title).replace(/\s*:$/, '').toLowerCase();
}

const PLACEHOLDER = [
  /^$/,
  /^(?:todo|tbd)\b/,
  /^n\/a\.?$/,
  /^more information needed\.?$/,
  // Dots, an ellipsis, dashes or any other line without a letter or digit.
  /^[^\p{L}\p{N}]*$/u,
];

/** Whether a line of rendered text says nothing: TODO…, TBD…, N/A, `...`, `[More Information Needed]`, or no letter at all. */
export function isPlaceholderText(text: string): boolean {
  const bare = normaliseText(text)
    .toLowerCase()
    .replace(/^\[[ x]\]\s*/, '')
    .replace(/^[[(<{"'“‘]+|[\])>}"'”’]+$/g, '')
    .trim();
  return PLACEHOLDER.some((pattern) => pattern.test(bare));
}

/**
 * A line that is only a label and a placeholder (`**Developed by:** [More
 * Information Needed]`, or the label alone) says nothing either; a bold
 * statement without a colon (`**Not for medical use.**`) is content.
 */
function lineSaysNothing(line: TextLine): boolean {
  if (line.labelEnd !== undefined) {
    const label = normaliseText(line.text.slice(0, line.labelEnd));
    const rest = normaliseText(line.text.slice(line.labelEnd));
    if (label.endsWith(':')) return isPlaceholderText(rest);
    if (rest.startsWith(':')) return isPlaceholderText(rest.slice(1));
  }
  return isPlaceholderText(line.text);
}

function toBlock(lines: readonly TextLine[], line: number): SectionBlock {
  return {
    line,
    text: normaliseText(lines.map((l) => l.text).join(' ')).toLowerCase(),
    saysNothing: lines.every(lineSaysNothing),
  };
}

export function readSections(markdown: string): MarkdownSection[] {
  const parts = readDocument(markdown);
  const sections: MarkdownSection[] = [];
  parts.forEach((part, index) => {
    if (part.kind !== 'heading') return;
    const blocks: SectionBlock[] = [];
    for (let i = index + 1; i < parts.length; i += 1) {
      const next = parts[i];
      if (next === undefined || (next.kind === 'heading' && next.level <= part.level)) break;
      if (next.kind === 'block') blocks.push(toBlock(next.lines, next.line));
    }
    const title = normaliseText(part.title);
    sections.push({ title, key: sectionKey(title), level: part.level, line: part.line, blocks, hasContent: blocks.some((b) => !b.saysNothing) });
  });
  return sections;
}

export type SectionState = 'content' | 'placeholder' | 'template';

/**
 * How the sections of one heading (a document may repeat it) fare: `content`
 * when one of them has a block that says something and is not text of the
 * template's sections of the same heading; `template` when what they say is
 * all the template's; `placeholder` otherwise.
 */
export function judgeSections(found: readonly MarkdownSection[], template: readonly MarkdownSection[] = []): SectionState {
  const templateText = new Set(template.flatMap((s) => s.blocks.map((b) => b.text)));
  const saying = found.flatMap((s) => s.blocks.filter((b) => !b.saysNothing));
  if (saying.some((b) => !templateText.has(b.text))) return 'content';
  return saying.length > 0 ? 'template' : 'placeholder';
}
