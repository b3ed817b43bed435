/**
 * Positions in JSON text, for messages: where a document first goes wrong
 * (`JSON.parse` says why but, on Node 20, often not where) and where a field
 * is, and which key an object repeats. One small iterative scanner serves all three, so deep nesting cannot overflow
 * the stack and no second parser has to build a tree just to find a line.
 */
import type { FieldPath } from './structured-document.js';
import { lineAtOffset } from './text-position.js';

const SPACE = /[ \t\n\r]*/y;
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON strings may not hold
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

type Expecting = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'after-value';

interface ScanEvents {
  /** A value starts at `offset`; `container` when it opens an object or array. */
  value(offset: number, container: boolean): void;
  /** An object member's key (decoded), which starts at `offset`; `raw` is its text as written. */
  key(key: string, offset: number, raw: string): void;
  /** A comma moved to the next member or element of the innermost container. */
  next(): void;
  /** The innermost container closed. */
  close(): void;
}

/** Scans `text` as JSON, reporting its structure; returns the offset of the first syntax error, if any. */
function scanJson(text: string, events: ScanEvents | undefined): number | undefined {
  const closers: string[] = [];
  let at = 0;
  let expecting: Expecting = 'value';
  const take = (token: RegExp): boolean => {
    token.lastIndex = at;
    if (!token.test(text)) return false;
    at = token.lastIndex;
    return true;
  };
  for (;;) {
    take(SPACE);
    const char = text[at];
    const start = at;
    if (expecting === 'after-value') {
      const closer = closers[closers.length - 1];
      if (closer === undefined) return at < text.length ? at : undefined;
      if (char === ',') {
        expecting = closer === '}' ? 'key' : 'value';
        events?.next();
      } else if (char === closer) {
        closers.pop();
        events?.close();
      } else return at;
      at += 1;
    } else if (expecting === 'colon') {
      if (char !== ':') return at;
      at += 1;
      expecting = 'value';
    } else if (expecting === 'key' || expecting === 'key-or-close') {
      if (expecting === 'key-or-close' && char === '}') {
        closers.pop();
        events?.close();
        at += 1;
        expecting = 'after-value';
      } else if (take(STRING)) {
        const raw = text.slice(start, at);
        events?.key(JSON.parse(raw) as string, start, raw);
        expecting = 'colon';
      } else return at;
    } else if (expecting === 'value-or-close' && char === ']') {
      closers.pop();
      events?.close();
      at += 1;
      expecting = 'after-value';
    } else if (char === '{' || char === '[') {
      events?.value(start, true);
      closers.push(char === '{' ? '}' : ']');
      at += 1;
      expecting = char === '{' ? 'key-or-close' : 'value-or-close';
    } else if (take(STRING) || take(NUMBER) || take(LITERAL)) {
      events?.value(start, false);
      expecting = 'after-value';
    } else return at;
  }
}

/** The offset of the first syntax error in `text`, or undefined when it is valid JSON. */
export function jsonErrorOffset(text: string): number | undefined {
  return scanJson(text, undefined);
}

/** The 1-based line of the first syntax error, or undefined when `text` is valid JSON. */
export function jsonErrorLine(text: string): number | undefined {
  const offset = jsonErrorOffset(text);
  return offset === undefined ? undefined : lineAtOffset(text, offset);
}

interface Frame {
  object: boolean;
  /** Whether the path to this container is the start of the wanted path. */
  onPath: boolean;
  index: number;
  key: string | undefined;
  keyOffset: number;
}

function segmentIs(frame: Frame, wanted: string | number | undefined): boolean {
  if (wanted === undefined) return false;
  if (frame.object) return frame.key === String(wanted);
  const index = typeof wanted === 'number' ? wanted : /^\d+$/.test(wanted) ? Number(wanted) : -1;
  return frame.index === index;
}

/**
 * The 1-based line of the field at `path` in valid JSON text: of its key in an
 * object, of its value in an array. With duplicate keys the last one counts, as
 * in `JSON.parse`. Undefined when the field is not there.
 */
export function jsonFieldLine(text: string, path: FieldPath): number | undefined {
  const frames: Frame[] = [];
  let found: number | undefined;
  const error = scanJson(text, {
    value(offset, container) {
      const frame = frames[frames.length - 1];
      const depth = frames.length;
      const onPath = frame === undefined ? path.length > 0 : frame.onPath && segmentIs(frame, path[depth - 1]);
      if (frame && onPath && depth === path.length) found = frame.object ? frame.keyOffset : offset;
      if (container) frames.push({ object: text[offset] === '{', onPath: onPath && depth < path.length, index: 0, key: undefined, keyOffset: offset });
    },
    key(key, offset) {
      const frame = frames[frames.length - 1];
      if (frame) {
        frame.key = key;
        frame.keyOffset = offset;
      }
    },
    next() {
      const frame = frames[frames.length - 1];
      if (frame) frame.index += 1;
    },
    close() {
      frames.pop();
    },
  });
  return error === undefined && found !== undefined ? lineAtOffset(text, found) : undefined;
}

/** A key that an object of valid JSON text holds twice. */
export interface DuplicateKey {
  /** The key, decoded: `"a"` and `"\u0061"` are the same key. */
  key: string;
  /** Where the object is, as a field path (`metrics`, `slices[1]`); empty for the top-level object. */
  within: string;
  /** 1-based lines of the first and the second occurrence. */
  firstLine: number;
  line: number;
  /** The second occurrence as written, when it is spelled differently from the first. */
  spelled?: string;
}

interface KeyFrame {
  /** Keys of an object, with the offset and spelling of their first occurrence; undefined for an array. */
  keys: Map<string, { offset: number; raw: string }> | undefined;
  index: number;
  key: string | undefined;
}

function pathOf(frames: readonly KeyFrame[]): string {
  let path = '';
  // Every frame but the innermost holds the segment that leads to the next one.
  for (const frame of frames.slice(0, -1)) {
    if (frame.keys === undefined) path += `[${frame.index}]`;
    else path += path === '' ? (frame.key ?? '') : `.${frame.key ?? ''}`;
  }
  return path;
}

/**
 * The first key that an object repeats, or undefined when there is none (or
 * the text is not valid JSON). `JSON.parse` silently keeps the last of them,
 * while a person reading the file may well see the first, so a report could
 * show one value to its reviewers and another to the gate.
 */
export function jsonDuplicateKey(text: string): DuplicateKey | undefined {
  const frames: KeyFrame[] = [];
  let found: DuplicateKey | undefined;
  const error = scanJson(text, {
    value(offset, container) {
      if (container) frames.push({ keys: text[offset] === '{' ? new Map() : undefined, index: 0, key: undefined });
    },
    key(key, offset, raw) {
      const frame = frames[frames.length - 1];
      if (!frame?.keys) return;
      frame.key = key;
      const first = frame.keys.get(key);
      if (first === undefined) frame.keys.set(key, { offset, raw });
      else if (found === undefined) {
        found = { key, within: pathOf(frames), firstLine: lineAtOffset(text, first.offset), line: lineAtOffset(text, offset) };
        if (raw !== first.raw) found.spelled = raw;
      }
    },
    next() {
      const frame = frames[frames.length - 1];
      if (frame) frame.index += 1;
    },
    close() {
      frames.pop();
    },
  });
  return error === undefined ? found : undefined;
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * How many object members valid JSON text writes: strings followed by a colon.
 * `JSON.parse` keeps one member per distinct key of an object, so a tree with
 * fewer members than its text has a repeated key, and one with as many has
 * none; counting is a fraction of the cost of finding which key it is.
 */
export function jsonMemberCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text.charCodeAt(i) !== 0x22) continue;
    // Outside strings a quote only ever opens one; skip to its closing quote.
    for (i += 1; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      if (code === 0x5c) i += 1;
      else if (code === 0x22) break;
    }
    let next = i + 1;
    while (next < text.length && isJsonSpace(text.charCodeAt(next))) next += 1;
    if (text.charCodeAt(next) === 0x3a) count += 1;
  }
  return count;
}
