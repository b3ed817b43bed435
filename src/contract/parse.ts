/**
 * Reads and validates `.github/readiness.yml`. Whatever the input, the result
 * is either a contract or a list of errors with line and column, never an
 * exception: a contract error must fail the gate visibly, not crash the app.
 *
 * Order: YAML → shape (zod) → semantic checks, the last only on a
 * well-shaped contract, because they assume its types.
 */
import type { ContractError, ContractIssue } from './contract-issue.js';
import { formatPath } from './contract-issue.js';
import { describeZodIssues, kindOf, show } from './messages.js';
import { callbackPositions } from './positions.js';
import type { Position, PositionOf } from './positions.js';
import { readYaml } from './read-yaml.js';
import { EXTENDS_KEY } from './schema-shape.js';
import type { Contract } from './schema.js';
import { contractSchema } from './schema.js';
import { semanticIssues } from './semantic-checks.js';

export type { ContractError } from './contract-issue.js';

/**
 * `extendsFrom` is the file's `_extends` value (Probot's inheritance key),
 * reported on failure too so a caller can explain that a partial file may be
 * completed by the one it extends.
 */
export type ContractParseResult =
  | { ok: true; contract: Contract; extendsFrom?: string }
  | { ok: false; errors: ContractError[]; extendsFrom?: string };

/** Parses the contract file's text; a file with `_extends` is validated as it stands, without what it inherits. */
export function parseContract(text: string): ContractParseResult {
  const read = readYaml(text);
  if (!read.ok) return { ok: false, errors: finish(read.errors) };
  return validate(read.value, read.positionOf);
}

/**
 * Validates an already-loaded object (e.g. the result of Probot's config
 * loader after `_extends` merging); `locate` maps a path to a position when
 * the caller has one (else line 1 col 1).
 */
export function validateContract(
  value: unknown,
  locate?: (path: (string | number)[]) => Position | undefined,
): ContractParseResult {
  return validate(value, callbackPositions(locate));
}

/** `file:line:col: path: message`, the form compilers use, so editors and terminals can jump to it. */
export function formatContractError(error: ContractError, file: string): string {
  const path = error.path === '' ? '' : `${error.path}: `;
  return `${file}:${error.line}:${error.column}: ${path}${error.message}`;
}

function validate(value: unknown, positionOf: PositionOf): ContractParseResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const message = `the top level must be a mapping of keys (version, scope, …); got ${kindOf(value)}`;
    return { ok: false, errors: locate([{ path: [], message }], positionOf) };
  }
  const { [EXTENDS_KEY]: extendsValue, ...body } = value as Record<string, unknown>;
  const hasExtends = Object.hasOwn(value, EXTENDS_KEY);
  const extendsFrom = typeof extendsValue === 'string' && extendsValue.trim() !== '' ? extendsValue : undefined;
  const issues: ContractIssue[] = [];
  if (hasExtends && extendsFrom === undefined) {
    issues.push({
      path: [EXTENDS_KEY],
      message: `must name the repository to inherit the contract from, e.g. '.github' or 'other-repo'; got ${show(extendsValue)}`,
    });
  }
  const withExtends = extendsFrom === undefined ? {} : { extendsFrom };
  const parsed = contractSchema.safeParse(body);
  if (!parsed.success) {
    issues.push(...describeZodIssues(parsed.error.issues, body));
    return { ok: false, errors: locate(issues, positionOf), ...withExtends };
  }
  issues.push(...semanticIssues(parsed.data));
  if (issues.length > 0) return { ok: false, errors: locate(issues, positionOf), ...withExtends };
  return { ok: true, contract: parsed.data, ...withExtends };
}

function locate(issues: ContractIssue[], positionOf: PositionOf): ContractError[] {
  return finish(
    issues.map((issue) => ({ path: formatPath(issue.path), ...positionOf(issue.path, issue.at ?? 'value'), message: issue.message })),
  );
}

/** A reader fixes the first errors first; thousands (from a generated or mangled file) would bury them. */
export const MAX_REPORTED_ERRORS = 100;

/** Deduplicated, in file order, and cut to a readable number with a final note of what was left out. */
function finish(errors: ContractError[]): ContractError[] {
  const unique = new Map<string, ContractError>();
  for (const error of errors) unique.set(JSON.stringify([error.line, error.column, error.path, error.message]), error);
  const sorted = [...unique.values()].sort(byPosition);
  const firstLeftOut = sorted[MAX_REPORTED_ERRORS];
  if (firstLeftOut === undefined) return sorted;
  const leftOut = sorted.length - MAX_REPORTED_ERRORS;
  return [
    ...sorted.slice(0, MAX_REPORTED_ERRORS),
    {
      path: '',
      line: firstLeftOut.line,
      column: firstLeftOut.column,
      message: `${leftOut} more error${leftOut === 1 ? '' : 's'} from here on are not shown; fix the ones above first`,
    },
  ];
}

function byPosition(a: ContractError, b: ContractError): number {
  return a.line - b.line || a.column - b.column || compare(a.path, b.path) || compare(a.message, b.message);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
