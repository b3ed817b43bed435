/**
 * Turns zod's validation issues into plain words that say what is wrong and
 * what is allowed ("expected a list of globs, got a string"). People read
 * these in a check-run annotation next to their YAML, so they name YAML
 * things (lists, mappings, keys), never TypeScript or zod terms.
 */
import type { core } from 'zod';
import type { ContractIssue, ContractPath } from './contract-issue.js';
import { allowedKeysAt, describeKeyAt, isRecordAt } from './schema-shape.js';
import { didYouMean } from './suggest.js';

type ZodIssue = core.$ZodIssue;

export function describeZodIssues(issues: readonly ZodIssue[], input: unknown): ContractIssue[] {
  return issues.flatMap((issue) => describeIssue(issue, input));
}

function describeIssue(issue: ZodIssue, input: unknown): ContractIssue[] {
  const path: ContractPath = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], at: 'key', message: unknownKey(key, path) }));
    case 'invalid_key': {
      const key = String(path[path.length - 1] ?? '');
      const inner = issue.issues[0];
      const message = inner === undefined ? `${quote(key)} is not allowed as a key here` : describe(inner, key, path, false);
      return [{ path, at: 'key', message }];
    }
    case 'invalid_union': {
      // A value of the kind one branch takes (a mapping where a name or a mapping is allowed) gets that branch's own errors.
      const fitting = issue.errors.filter((branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
      const [only] = fitting;
      if (fitting.length === 1 && only !== undefined && only.length > 0) {
        return describeZodIssues(only.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }) as ZodIssue), input);
      }
      return [{ path, message: describe(issue, valueAt(input, path), path, isMissing(input, path)) }];
    }
    default:
      return [{ path, message: describe(issue, valueAt(input, path), path, isMissing(input, path)) }];
  }
}

function unknownKey(key: string, parent: ContractPath): string {
  const allowed = allowedKeysAt(parent) ?? [];
  const hint = key === '<<' ? ' (YAML merge keys are not supported)' : didYouMean(key, allowed);
  return `unknown key ${quote(key)}${hint}; allowed here: ${allowed.join(', ')}`;
}

/** `missing`: the key at `path` is absent (not merely empty), which zod reports as a wrong type or value. */
function describe(issue: ZodIssue, value: unknown, path: ContractPath, missing: boolean): string {
  const key = path[path.length - 1];
  if (missing && typeof key === 'string') {
    const purpose = describeKeyAt(path);
    return `missing required key ${quote(key)}${purpose === undefined ? '' : ` (${purpose})`}`;
  }
  const custom = isZodDefaultMessage(issue.message) ? undefined : issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.expected === 'int' && typeof value === 'number') return `must be a whole number; got ${show(value)}`;
      return `expected ${expectedWords(issue.expected, path)}, got ${kindOf(value)}`;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v));
      const rule = allowed.length === 1 ? `must be ${allowed[0]}` : `must be one of ${allowed.join(', ')}`;
      return `${rule}; got ${show(value)}`;
    }
    case 'too_small':
      return sizeMessage('at least', Number(issue.minimum), issue.origin, issue.inclusive !== false, custom, value);
    case 'too_big':
      return sizeMessage('at most', Number(issue.maximum), issue.origin, issue.inclusive !== false, custom, value);
    case 'invalid_format':
      return `${custom ?? `must match ${issue.pattern ?? issue.format}`}; got ${show(value)}`;
    case 'invalid_union': {
      const expected = issue.errors
        .flat()
        .filter((branch) => branch.code === 'invalid_type' && branch.path.length === 0)
        .map((branch) => expectedWords((branch as core.$ZodIssueInvalidType).expected, path));
      return expected.length === 0 ? issue.message : `expected ${listWords(expected)}, got ${kindOf(value)}`;
    }
    default:
      return issue.message;
  }
}

/**
 * Zod's own messages ("Invalid input: expected …", "Too small: …") are replaced;
 * messages written in schema.ts (lower-case plain words) are kept as the rule.
 */
function isZodDefaultMessage(message: string): boolean {
  return /^(Invalid|Too small|Too big|Unrecognized)\b/.test(message);
}

function sizeMessage(
  bound: 'at least' | 'at most',
  limit: number,
  origin: string,
  inclusive: boolean,
  custom: string | undefined,
  value: unknown,
): string {
  if (origin === 'array' && Array.isArray(value)) {
    const rule = custom ?? (limit === 1 && bound === 'at least' ? 'must list at least one item' : `must list ${bound} ${limit} items`);
    return `${rule}; got ${value.length === 0 ? 'an empty list' : plural(value.length, 'item')}`;
  }
  if (origin === 'string' && typeof value === 'string') {
    if (value.length === 0) return custom ?? 'cannot be empty';
    return `${custom ?? `must be ${bound} ${plural(limit, 'character')}`}; got ${plural(value.length, 'character')}`;
  }
  const comparison = inclusive ? bound : bound === 'at least' ? 'greater than' : 'less than';
  return `${custom ?? `must be ${comparison} ${limit}`}; got ${show(value)}`;
}

const LIST_WORDS: Record<string, string> = {
  paths: 'a list of globs',
  ignore: 'a list of globs',
  changed_with: 'a list of globs',
  labels: 'a list of labels',
  sections: 'a list of headings',
  checks: 'a list of check names',
  fields: 'a list of field constraints',
  approvers: 'a list of role names',
  one_of: 'a list of values',
  signoffs: 'a list of sign-off requirements',
  evidence: 'a list of evidence items',
};

function expectedWords(expected: string, path: ContractPath): string {
  const key = path[path.length - 1];
  switch (expected) {
    case 'array':
      if (path.length === 2 && path[0] === 'roles') return 'a list of members (@login or @org/team)';
      return (typeof key === 'string' && Object.hasOwn(LIST_WORDS, key) ? LIST_WORDS[key] : undefined) ?? 'a list';
    case 'object':
    case 'record': {
      if (isRecordAt(path)) return 'a mapping of role names to lists of members';
      const keys = allowedKeysAt(path);
      return keys === undefined ? 'a mapping' : `a mapping (keys: ${keys.join(', ')})`;
    }
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'an empty value';
    default:
      return expected;
  }
}

/** What kind of YAML value was written. */
export function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return String(value);
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

/** A value as it would read in YAML, short enough for one line. */
export function show(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  return kindOf(value);
}

const MAX_QUOTED = 60;

/** Single-quoted, with control characters escaped and long text cut, so a message stays one readable line. */
export function quote(text: string): string {
  const characters = Array.from(text);
  const cut = characters.length > MAX_QUOTED ? `${characters.slice(0, MAX_QUOTED).join('')}…` : text;
  // eslint-disable-next-line no-control-regex -- escaping exactly the control characters is the point
  return `'${cut.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function listWords(words: string[]): string {
  if (words.length <= 2) return words.join(' or ');
  return `${words.slice(0, -1).join(', ')}, or ${words[words.length - 1]}`;
}

function valueAt(root: unknown, path: ContractPath): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function isMissing(root: unknown, path: ContractPath): boolean {
  const parent = valueAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  return (
    parent !== null && typeof parent === 'object' && !Array.isArray(parent) && key !== undefined && !Object.hasOwn(parent, key)
  );
}
