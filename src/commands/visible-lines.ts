/**
 * The lines of a Markdown comment that GitHub shows as ordinary text starting at
 * the left margin: the only places a command may stand.
 *
 * Code (fenced, indented, `<pre>`-like HTML blocks), quotes and HTML comments
 * are left out, so that an example in a code block, a quote-reply of someone
 * else's `/signoff` or hidden text never counts. Where this scanner and GitHub's
 * renderer could disagree, it errs towards leaving a line out: a missed command
 * is visible (the checklist does not change), a command read from code is not.
 *
 * One pass, no backtracking: linear in the body's length.
 */

interface Fence {
  char: '`' | '~';
  length: number;
  /** Column of the fence's first character. */
  column: number;
  /** Opened inside a list item, so a less indented line ends the item and the fence. */
  inListItem: boolean;
}

interface Prefix {
  /** Inside a block quote (a `>` marker in the prefix). */
  quoted: boolean;
  inListItem: boolean;
  /** Index of the first character after the container markers and indentation. */
  index: number;
  column: number;
  /** Indented by 4 or more columns past the last container: indented code, or a continuation. */
  indented: boolean;
}

const RAW_HTML_BLOCK_START = /^<(?:script|pre|style|textarea)(?:[\s>]|$)/i;
const RAW_HTML_BLOCK_END = /<\/(?:script|pre|style|textarea)>/i;
const COMMENT_OPEN = '<!--';
const COMMENT_CLOSE = '-->';

/** Each visible line up to its first HTML comment opener, as written, without the line terminator. */
export function visibleLines(body: string): string[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const visible: string[] = [];
  let fence: Fence | null = null;
  let inRawHtmlBlock = false;
  let inComment = false;
  // A non-blank line right after a quoted paragraph line continues the quote (a "lazy" line).
  let inQuoteParagraph = false;

  for (const line of lines) {
    if (inComment) {
      const close = line.indexOf(COMMENT_CLOSE);
      if (close >= 0) inComment = opensComment(line, close + COMMENT_CLOSE.length);
      continue;
    }
    if (fence) {
      if (isBlank(line)) continue;
      const [, column] = indentation(line, 0, 0);
      // Fenced code has no lazy lines: a line left of the list item's content ends the item and the fence.
      if (!(fence.inListItem && column < fence.column)) {
        if (closesFence(line, fence)) fence = null;
        continue;
      }
      fence = null;
    }
    if (inRawHtmlBlock) {
      if (RAW_HTML_BLOCK_END.test(line)) inRawHtmlBlock = false;
      continue;
    }
    if (isBlank(line)) {
      inQuoteParagraph = false;
      continue;
    }

    const prefix = containerPrefix(line);
    const rest = line.slice(prefix.index);
    if (!prefix.indented && !prefix.quoted) {
      const opened = fenceOpener(rest);
      if (opened) {
        fence = { ...opened, column: prefix.column, inListItem: prefix.inListItem };
        inQuoteParagraph = false;
        continue;
      }
      if (RAW_HTML_BLOCK_START.test(rest)) {
        inRawHtmlBlock = !RAW_HTML_BLOCK_END.test(rest);
        inQuoteParagraph = false;
        continue;
      }
    }

    const commentAt = line.indexOf(COMMENT_OPEN);
    if (commentAt >= 0) inComment = opensComment(line, commentAt);

    if (prefix.quoted) {
      inQuoteParagraph = !isBlank(rest);
      continue;
    }
    if (inQuoteParagraph) continue;
    visible.push(commentAt >= 0 ? line.slice(0, commentAt) : line);
  }
  return visible;
}

function isBlank(text: string): boolean {
  return /^[ \t]*$/.test(text);
}

/** Skips spaces and tabs from `index`: the index after them and the column reached. */
function indentation(line: string, index: number, column: number): [number, number] {
  let i = index;
  let c = column;
  for (;;) {
    const ch = line[i];
    if (ch === ' ') c += 1;
    else if (ch === '\t') c += 4 - (c % 4);
    else return [i, c];
    i += 1;
  }
}

/** Length of a list marker (`-`, `+`, `*`, `1.`, `1)`) at `index` that is followed by whitespace or the line end; 0 if none. */
function listMarkerLength(line: string, index: number): number {
  const ch = line[index];
  let end = index;
  if (ch === '-' || ch === '+' || ch === '*') end = index + 1;
  else {
    while (end - index < 9 && /[0-9]/.test(line[end] ?? '')) end += 1;
    if (end === index || (line[end] !== '.' && line[end] !== ')')) return 0;
    end += 1;
  }
  const after = line[end];
  return after === undefined || after === ' ' || after === '\t' ? end - index : 0;
}

/** Walks the block-quote markers and list markers that open a line. */
function containerPrefix(line: string): Prefix {
  let quoted = false;
  let inListItem = false;
  let index = 0;
  let column = 0;
  for (;;) {
    const [i, c] = indentation(line, index, column);
    if (c - column > 3) return { quoted, inListItem, index: i, column: c, indented: true };
    if (line[i] === '>') {
      quoted = true;
      index = line[i + 1] === ' ' ? i + 2 : i + 1;
      column = c + (index - i);
      continue;
    }
    const marker = listMarkerLength(line, i);
    if (marker === 0) return { quoted, inListItem, index: i, column: c, indented: false };
    const [contentIndex, contentColumn] = indentation(line, i + marker, c + marker);
    // Five or more columns after a marker make the item's content indented code.
    if (contentColumn - (c + marker) > 4) return { quoted, inListItem: true, index: contentIndex, column: contentColumn, indented: true };
    inListItem = true;
    index = contentIndex;
    column = contentColumn;
  }
}

function fenceOpener(rest: string): Pick<Fence, 'char' | 'length'> | null {
  const match = /^(`{3,}|~{3,})(.*)$/.exec(rest);
  if (!match) return null;
  const run = match[1] ?? '';
  const info = match[2] ?? '';
  // A backtick run followed by more backticks on the line is an inline code span, not a fence.
  if (run.startsWith('`') && info.includes('`')) return null;
  return { char: run.startsWith('`') ? '`' : '~', length: run.length };
}

function closesFence(line: string, fence: Fence): boolean {
  const [i, column] = indentation(line, 0, 0);
  const limit = fence.inListItem ? fence.column + 3 : 3;
  if (column > limit) return false;
  let end = i;
  while (line[end] === fence.char) end += 1;
  return end - i >= fence.length && isBlank(line.slice(end));
}

/** Whether an HTML comment opened at `from` or later on the line is still open at its end. */
function opensComment(line: string, from: number): boolean {
  let position = from;
  for (;;) {
    const open = line.indexOf(COMMENT_OPEN, position);
    if (open < 0) return false;
    const close = line.indexOf(COMMENT_CLOSE, open + COMMENT_OPEN.length);
    if (close < 0) return true;
    position = close + COMMENT_CLOSE.length;
  }
}
