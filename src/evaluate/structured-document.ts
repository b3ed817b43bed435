/**
 * Reads a JSON or YAML evidence file and looks fields up in it by path, with
 * the line each field is on. The YAML document tree is walked rather than
 * converted to plain data, so anchors and aliases are never expanded (an alias
 * bomb costs nothing) and every value keeps its position.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { jsonDuplicateKey, jsonErrorLine, jsonFieldLine, jsonMemberCount } from './json-positions.js';
import { lineAtOffset } from './text-position.js';

/** A parsed field path: keys and `[n]` indices. */
export type FieldPath = readonly (string | number)[];

/** A field's value as far as constraints care: scalars as they are, collections by kind. */
export type FieldValue = string | number | boolean | null | { kind: 'mapping' | 'list' | 'other' };

export type FieldLookup = { present: false } | { present: true; value: FieldValue };

export interface StructuredDocument {
  lookup(path: FieldPath): FieldLookup;
  /** The 1-based line of a present field, when it can be known; asked only for messages, so it may be slower. */
  lineOf(path: FieldPath): number | undefined;
}

export type ParseResult = { ok: true; document: StructuredDocument } | { ok: false; message: string; line?: number };

const PATH_TOKEN = /\[(\d{1,9})\]|\.?([^.[\]]+)/y;

/** Parses `metrics.auc` or `slices[0].auc`; undefined when the path is not of that form. */
export function parseFieldPath(path: string): FieldPath | undefined {
  const segments: (string | number)[] = [];
  PATH_TOKEN.lastIndex = 0;
  while (PATH_TOKEN.lastIndex < path.length) {
    const start = PATH_TOKEN.lastIndex;
    const token = PATH_TOKEN.exec(path);
    if (!token) return undefined;
    const [text, index, key] = token;
    // A key needs a dot before it, except at the very start.
    if (key !== undefined && (start === 0 ? text.startsWith('.') : !text.startsWith('.'))) return undefined;
    segments.push(index !== undefined ? Number(index) : (key ?? ''));
  }
  return segments.length > 0 ? segments : undefined;
}

function plainValue(value: unknown): FieldValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return { kind: 'list' };
  if (typeof value === 'object') return { kind: 'mapping' };
  return { kind: 'other' };
}

function lookupPlain(root: unknown, path: FieldPath): FieldLookup {
  let current: unknown = root;
  for (const segment of path) {
    if (Array.isArray(current)) {
      const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
      if (index < 0 || index >= current.length) return { present: false };
      current = current[index];
    } else if (typeof current === 'object' && current !== null && Object.prototype.hasOwnProperty.call(current, segment)) {
      current = (current as Record<string, unknown>)[String(segment)];
    } else {
      return { present: false };
    }
  }
  return { present: true, value: plainValue(current) };
}

type Located = { node: unknown; offset: number | undefined };

function offsetOf(node: unknown): number | undefined {
  const range = (node as { range?: unknown } | null)?.range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined;
}

function yamlChild(doc: Document, parent: unknown, segment: string | number): Located | undefined {
  const node = isAlias(parent) ? parent.resolve(doc) : parent;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(key) === String(segment)) return { node: pair.value, offset: offsetOf(pair.key) ?? offsetOf(pair.value) };
    }
    return undefined;
  }
  if (isSeq(node)) {
    const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
    if (index < 0 || index >= node.items.length) return undefined;
    const item = node.items[index];
    return { node: item, offset: offsetOf(item) };
  }
  return undefined;
}

function yamlValue(doc: Document, located: unknown): FieldValue {
  const node = isAlias(located) ? located.resolve(doc) : located;
  if (node === null || node === undefined) return null;
  if (isScalar(node)) return plainValue(node.value);
  if (isMap(node)) return { kind: 'mapping' };
  if (isSeq(node)) return { kind: 'list' };
  return { kind: 'other' };
}

function locateYaml(doc: Document, path: FieldPath): Located | undefined {
  let current: Located = { node: doc.contents, offset: undefined };
  for (const segment of path) {
    const next = yamlChild(doc, current.node, segment);
    if (!next) return undefined;
    current = next;
  }
  return current;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

/** How many object members a parsed JSON value holds, at any depth (iteratively: the depth is the author's choice). */
function memberCount(root: unknown): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else {
      for (const key of Object.keys(value)) {
        count += 1;
        stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return count;
}

function parseJson(content: string): ParseResult {
  let root: unknown;
  try {
    root = JSON.parse(content);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Node appends a quote of the input or an offset; the line says where, more plainly.
    const reason = firstLine(message)
      .replace(/, (?:\.\.\.)?".*$/, '')
      .replace(/ in JSON at position \d+.*$/, '');
    const line = jsonErrorLine(content);
    return line === undefined ? { ok: false, message: `not valid JSON: ${reason}` } : { ok: false, message: `not valid JSON: ${reason}`, line };
  }
  // As YAML's parser does, refuse a repeated key rather than guess which value was meant.
  const duplicate = memberCount(root) === jsonMemberCount(content) ? undefined : jsonDuplicateKey(content);
  if (duplicate) {
    const where = duplicate.within === '' ? 'the top-level object' : duplicate.within;
    const spelled = duplicate.spelled === undefined ? '' : `, written ${duplicate.spelled}`;
    return {
      ok: false,
      message: `not valid JSON: key ${JSON.stringify(duplicate.key)} appears twice in ${where} (line ${duplicate.firstLine}, again on line ${duplicate.line}${spelled})`,
      line: duplicate.line,
    };
  }
  return {
    ok: true,
    document: { lookup: (path) => lookupPlain(root, path), lineOf: (path) => jsonFieldLine(content, path) },
  };
}

function parseYaml(content: string): ParseResult {
  // Pretty errors would count the lines of every file; only a failure needs a line.
  const doc = parseDocument(content, { prettyErrors: false });
  const error = doc.errors[0];
  if (error) return { ok: false, message: `not valid YAML: ${firstLine(error.message)}`, line: lineAtOffset(content, error.pos[0]) };
  return {
    ok: true,
    document: {
      lookup(path) {
        const located = locateYaml(doc, path);
        return located ? { present: true, value: yamlValue(doc, located.node) } : { present: false };
      },
      lineOf(path) {
        const offset = locateYaml(doc, path)?.offset;
        return offset === undefined ? undefined : lineAtOffset(content, offset);
      },
    },
  };
}

/** Parses `content` as JSON when `file` ends in `.json`, otherwise as YAML. Never throws. */
export function parseStructured(file: string, content: string): ParseResult {
  const text = content.replace(/^\uFEFF/, '');
  try {
    return /\.json$/i.test(file) ? parseJson(text) : parseYaml(text);
  } catch (error) {
    return { ok: false, message: `could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}
