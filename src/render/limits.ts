/**
 * GitHub rejects a check run whose `summary` or `text` exceeds 65,535. The
 * documentation says characters, but the API counts UTF-8 bytes ("summary
 * exceeds a maximum bytesize of 65535", github/docs#35252), so every size here
 * is in UTF-8 bytes, which is never less than the character count either way.
 */
export const GITHUB_TEXT_LIMIT = 65_535;
/** Annotation titles are limited to 255 characters. */
export const ANNOTATION_TITLE_LIMIT = 255;

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The longest prefix of `text` within `limit` bytes that ends on a whole code point. */
export function truncateToBytes(text: string, limit: number): string {
  if (utf8Length(text) <= limit) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Length(char);
    if (bytes + size > limit) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** Like `truncateToBytes`, ending with "…" when something was cut. */
export function shorten(text: string, limit: number): string {
  if (utf8Length(text) <= limit) return text;
  const ellipsis = '…';
  return truncateToBytes(text, Math.max(0, limit - utf8Length(ellipsis))) + ellipsis;
}

/** What must be appended after a cut so that blocks opened before it are closed. */
interface OpenBlocks {
  fence: string | null;
  details: number;
}

function closing(open: OpenBlocks): string {
  return (open.fence ? `\n${open.fence}` : '') + '\n</details>'.repeat(open.details);
}

function track(open: OpenBlocks, line: string): void {
  const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
  if (open.fence) {
    if (fence && fence[0] === open.fence[0] && fence.length >= open.fence.length && line.trim() === fence) open.fence = null;
    return;
  }
  if (fence) {
    open.fence = fence;
    return;
  }
  open.details += (line.match(/<details[\s>]/gi) ?? []).length;
  open.details = Math.max(0, open.details - (line.match(/<\/details>/gi) ?? []).length);
}

/**
 * Cuts Markdown to at most `limit` UTF-8 bytes at a line boundary, so no table
 * row, and no character, is ever split; closes a code fence or `<details>` left
 * open by the cut; and ends with `notice` (after a blank line, so it cannot be
 * read as one more table row). Text within the limit is returned unchanged.
 */
export function cutMarkdown(text: string, limit: number, notice: string): string {
  if (utf8Length(text) <= limit) return text;
  const tail = `\n\n${notice}\n`;
  const lines = text.split('\n');
  const open: OpenBlocks = { fence: null, details: 0 };
  let kept = 0;
  let keptBytes = 0;
  let best = { lines: 0, closing: '' };
  for (const line of lines) {
    const bytes = keptBytes + utf8Length(line) + 1;
    track(open, line);
    const close = closing(open);
    if (bytes + utf8Length(close) + utf8Length(tail) > limit) break;
    kept += 1;
    keptBytes = bytes;
    best = { lines: kept, closing: close };
  }
  const head = lines.slice(0, best.lines).join('\n');
  return truncateToBytes(`${head}${best.closing}${tail}`, limit);
}
