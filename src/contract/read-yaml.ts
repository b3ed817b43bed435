/**
 * Reads the contract's text into a plain value, keeping node positions, and
 * refuses anything that is not a modest, well-formed YAML document. The file
 * comes from a repository anyone can push to, so hostile input (huge files,
 * alias bombs, nesting deep enough to exhaust the stack, binary junk) must
 * end as an error with a position, never as a crash or a hang.
 */
import { isScalar, Lexer, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, YAMLError } from 'yaml';
import type { ContractError } from './contract-issue.js';
import { quote } from './messages.js';
import { documentPositions, positionFromOffset, START_OF_FILE } from './positions.js';
import type { PositionOf } from './positions.js';

export const MAX_CONTRACT_BYTES = 256 * 1024;
/** More alias expansions than this are treated as an attack (yaml's `maxAliasCount`). */
export const MAX_ALIAS_COUNT = 100;
/** Far beyond any real contract, far below the depth at which the YAML composer runs out of stack. */
const MAX_FLOW_DEPTH = 64;
const MAX_INDENT = 160;
/**
 * Beyond any real contract (the SPEC example has about 600 tokens); it bounds
 * the parser's work on junk, which costs seconds per hundred thousand tokens.
 */
export const MAX_TOKENS = 50_000;

export type YamlRead =
  | { ok: true; value: unknown; positionOf: PositionOf }
  | { ok: false; errors: ContractError[] };

export function readYaml(text: string): YamlRead {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONTRACT_BYTES) {
    return fail(START_OF_FILE, `the file is ${kib(bytes)}; a contract may be at most ${kib(MAX_CONTRACT_BYTES)}`);
  }
  const lines = lineCounterFor(text);
  const position = (offset: number) => positionFromOffset(lines, offset);

  const forbidden = firstForbiddenCharacter(text);
  if (forbidden !== undefined) return fail(position(forbidden.offset), forbidden.message);
  const unwieldy = firstUnwieldyToken(text);
  if (unwieldy !== undefined) return fail(position(unwieldy.offset), unwieldy.message);

  // yaml's own duplicate-key check compares every key with every other; duplicateKeys() is linear.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((error) => ({ path: '', ...position(error.pos[0]), message: yamlErrorMessage(error) })),
    };
  }
  const duplicates = duplicateKeys(doc);
  if (duplicates.length > 0) {
    return {
      ok: false,
      errors: duplicates.map(({ key, offset }) => ({
        path: '',
        ...position(offset),
        message: `duplicate key ${quote(key)}; a key may appear only once in a mapping`,
      })),
    };
  }
  if (doc.contents === null) {
    return fail(START_OF_FILE, 'the file is empty; a contract needs at least version and scope.paths');
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return fail(position(firstAliasOffset(doc)), aliasErrorMessage(error));
  }
  return { ok: true, value, positionOf: documentPositions(doc, lines) };
}

function fail(at: { line: number; column: number }, message: string): YamlRead {
  return { ok: false, errors: [{ path: '', line: at.line, column: at.column, message }] };
}

/**
 * Lines are counted by LF alone, as editors and GitHub's annotations count
 * them; the counter is filled before parsing so that errors found without
 * parsing have positions too.
 */
function lineCounterFor(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let offset = text.indexOf('\n'); offset !== -1; offset = text.indexOf('\n', offset + 1)) lines.addNewLine(offset + 1);
  return lines;
}

function kib(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KiB`;
}

/**
 * YAML's printable set (C0 controls other than tab and line breaks, DEL, C1
 * controls other than NEL, U+FFFE/U+FFFF, unpaired surrogates). Finding one
 * almost always means a binary file or a broken encoding.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_YAML_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function firstForbiddenCharacter(text: string): { offset: number; message: string } | undefined {
  const match = NOT_YAML_TEXT.exec(text);
  if (match === null) return undefined;
  const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  const what = code === '0000' ? 'a NUL byte (U+0000)' : `the character U+${code}`;
  return {
    offset: match.index,
    message: `the file contains ${what}, which YAML text cannot hold; a contract must be plain UTF-8 text, not a binary file`,
  };
}

/**
 * Scans tokens (cheap, no recursion) for too many of them, or for nesting
 * that would drive the recursive composer into the stack limit.
 */
function firstUnwieldyToken(text: string): { offset: number; message: string } | undefined {
  let offset = 0;
  let lineStart = 0;
  let flowDepth = 0;
  let count = 0;
  for (const token of new Lexer().lex(text)) {
    count += 1;
    if (count > MAX_TOKENS) {
      return { offset, message: `the file has more than ${MAX_TOKENS} YAML tokens; a contract is far smaller` };
    }
    // Document-start, scalar and flow-error markers are not source text.
    if (token === '\u0002' || token === '\u001f' || token === '\u0018') continue;
    if (token === '[' || token === '{') {
      flowDepth += 1;
      if (flowDepth > MAX_FLOW_DEPTH) {
        return { offset, message: `brackets are nested more than ${MAX_FLOW_DEPTH} levels deep; a contract needs only a few levels` };
      }
    } else if (token === ']' || token === '}') {
      flowDepth = Math.max(0, flowDepth - 1);
    } else if (flowDepth === 0) {
      const column = offset - lineStart;
      const isIndent = column === 0 && /^ +$/.test(token);
      const reach = isIndent ? token.length : token === '-' || token === '?' ? column : 0;
      if (reach > MAX_INDENT) {
        return {
          offset: offset + (isIndent ? token.length : 0),
          message: `the file is nested too deeply (indented past column ${MAX_INDENT}); a contract needs only a few levels`,
        };
      }
    }
    const lastNewline = token.lastIndexOf('\n');
    if (lastNewline !== -1) lineStart = offset + lastNewline + 1;
    offset += token.length;
  }
  return undefined;
}

function yamlErrorMessage(error: YAMLError): string {
  switch (error.code) {
    case 'MULTIPLE_DOCS':
      return "the file holds more than one YAML document (a second '---'); a contract is a single document";
    case 'TAB_AS_INDENT':
      return 'a tab is used for indentation; YAML is indented with spaces';
    default:
      return `invalid YAML: ${error.message.charAt(0).toLowerCase()}${error.message.slice(1)}`;
  }
}

/** Every repeated key, in document order. Keys are compared as the loaded object sees them: `1` and `"1"` clash. */
function duplicateKeys(doc: Document): { key: string; offset: number }[] {
  const found: { key: string; offset: number }[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) found.push({ key, offset: pair.key.range?.[0] ?? 0 });
        seen.add(key);
      }
    },
  });
  return found;
}

function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_, alias) {
      offset = alias.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

function aliasErrorMessage(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  if (/alias count/i.test(detail)) {
    return `aliases (*name) expand the file too much (more than ${MAX_ALIAS_COUNT} alias expansions); write the values out instead`;
  }
  return `the YAML could not be read: ${detail}`;
}
