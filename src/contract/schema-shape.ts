/**
 * Questions about the contract's shape at a path ("which keys are allowed
 * here?", "what is this key for?"), answered from the zod schema itself so
 * that error messages cannot drift from it.
 */
import { z } from 'zod';
import type { ContractPath } from './contract-issue.js';
import { contractSchema } from './schema.js';

/** Probot's inheritance key, allowed at the top level only. */
export const EXTENDS_KEY = '_extends';

/** The schema node that validates the value at `path`, with its description (outer wrappers first). */
function schemaAt(path: ContractPath): { node: z.ZodType; description: string | undefined } | undefined {
  let node: z.ZodType = contractSchema;
  let description = node.description;
  for (const segment of path) {
    const inner = unwrap(node);
    let next: z.ZodType | undefined;
    if (inner instanceof z.ZodObject && typeof segment === 'string' && Object.hasOwn(inner.shape, segment)) {
      next = inner.shape[segment] as z.ZodType;
    } else if (inner instanceof z.ZodArray && typeof segment === 'number') {
      next = inner.element as z.ZodType;
    } else if (inner instanceof z.ZodRecord && typeof segment === 'string') {
      next = inner.valueType as z.ZodType;
    } else if (inner instanceof z.ZodUnion && typeof segment === 'string') {
      // `checks` entries are a name or a mapping: a key belongs to the mapping.
      const mapping = (inner.options as z.ZodType[]).map(unwrap).find((o) => o instanceof z.ZodObject && Object.hasOwn(o.shape, segment));
      if (mapping instanceof z.ZodObject) next = mapping.shape[segment] as z.ZodType;
    }
    if (next === undefined) return undefined;
    node = next;
    description = node.description ?? unwrap(node).description;
  }
  return { node, description };
}

function unwrap(node: z.ZodType): z.ZodType {
  let current = node;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
  return current;
}

/** The keys a mapping at `path` may hold, in schema order; undefined when `path` is not a fixed-key mapping. */
export function allowedKeysAt(path: ContractPath): string[] | undefined {
  const found = schemaAt(path);
  if (found === undefined) return undefined;
  let inner = unwrap(found.node);
  if (inner instanceof z.ZodUnion) inner = (inner.options as z.ZodType[]).map(unwrap).find((o) => o instanceof z.ZodObject) ?? inner;
  if (!(inner instanceof z.ZodObject)) return undefined;
  const keys = Object.keys(inner.shape);
  return path.length === 0 ? [...keys, EXTENDS_KEY] : keys;
}

/** The schema's description of the key at `path` ("the role that must sign off"). */
export function describeKeyAt(path: ContractPath): string | undefined {
  return schemaAt(path)?.description;
}

/** Whether the value at `path` is a mapping from free names to values (the `roles` record). */
export function isRecordAt(path: ContractPath): boolean {
  const found = schemaAt(path);
  return found !== undefined && unwrap(found.node) instanceof z.ZodRecord;
}
