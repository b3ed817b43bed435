/**
 * Where a path of the contract (`signoffs[1].role`) is written in the file,
 * so an error can be shown as an annotation on the right line and column.
 * A path that is not written (a missing key) falls back to the nearest
 * enclosing node that is.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Pair, YAMLMap } from 'yaml';
import type { ContractPath } from './contract-issue.js';

/** 1-based. */
export interface Position {
  line: number;
  column: number;
}

export type PositionOf = (path: ContractPath, at: 'key' | 'value') => Position;

export const START_OF_FILE: Position = { line: 1, column: 1 };

export function positionFromOffset(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

export function documentPositions(doc: Document, lineCounter: LineCounter): PositionOf {
  const at = (offset: number): Position => positionFromOffset(lineCounter, offset);
  // Indexed once per mapping, so that locating thousands of errors stays linear.
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const pairFor = (map: YAMLMap, key: string): Pair | undefined => {
    let index = indexes.get(map);
    if (index === undefined) {
      index = new Map();
      for (const pair of map.items) {
        if (isScalar(pair.key) && !index.has(String(pair.key.value))) index.set(String(pair.key.value), pair);
      }
      indexes.set(map, index);
    }
    return index.get(key);
  };
  return (path, target) => {
    let node: unknown = doc.contents;
    let best = nodeStart(node) ?? 0;
    for (const [index, segment] of path.entries()) {
      const container = isAlias(node) ? node.resolve(doc) : node;
      let keyStart: number | undefined;
      if (isMap(container)) {
        const pair = pairFor(container, String(segment));
        if (pair === undefined) break;
        keyStart = nodeStart(pair.key);
        node = pair.value;
      } else if (isSeq(container) && typeof segment === 'number' && segment < container.items.length) {
        node = container.items[segment];
      } else {
        break;
      }
      const isLast = index === path.length - 1;
      // An empty value has no text of its own; its key is where the reader looks.
      const valueStart = isEmptyScalar(node) ? undefined : nodeStart(node);
      best = (isLast && target === 'key' ? keyStart : valueStart) ?? keyStart ?? valueStart ?? best;
    }
    return at(best);
  };
}

/** Positions from a caller that may know only some paths: the nearest known ancestor wins. */
export function callbackPositions(locate: ((path: ContractPath) => Position | undefined) | undefined): PositionOf {
  return (path) => {
    if (locate === undefined) return START_OF_FILE;
    for (let length = path.length; length >= 0; length--) {
      const found = locate(path.slice(0, length));
      if (found !== undefined) return found;
    }
    return START_OF_FILE;
  };
}

function nodeStart(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object' || !('range' in node)) return undefined;
  const range = (node as { range?: [number, number, number] | null }).range;
  return range?.[0];
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.range !== undefined && node.range !== null && node.range[0] === node.range[1];
}
