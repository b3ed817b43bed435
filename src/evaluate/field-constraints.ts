/**
 * Field constraints of an evidence item (`exists`, `min`, `max`, `equals`,
 * `pattern`, `one_of`, `digest_of`), compiled once per contract and checked
 * against a parsed evidence file. A failure names the actual value beside what
 * was needed ("metrics.auc is 0.74, needs ≥ 0.8").
 */
import { RE2JS } from 're2js';
import type { FieldConstraint, Scalar } from '../contract/schema.js';
import type { ArtifactFact } from '../facts/snapshot.js';
import { failed, succeeded, type Outcome } from '../outcome.js';
import { parseFieldPath } from './structured-document.js';
import type { FieldPath, FieldValue, StructuredDocument } from './structured-document.js';

export interface CompiledField {
  constraint: FieldConstraint;
  /** Undefined when the path is not of the dotted `a.b[0]` form. */
  path: FieldPath | undefined;
  pattern: Outcome<RE2JS> | undefined;
}

export interface FieldFailure {
  message: string;
  line?: number;
}

/** The digest facts of the files `digest_of` names, as gathered at the head. */
export type ArtifactLookup = (path: string) => ArtifactFact;

/** The value a `digest_of` field must hold, and how to say where it comes from. */
interface DigestTarget {
  expected: string;
  source: string;
}

/**
 * A pointer's own bytes are not the model: the oid is the SHA-256 of the
 * content it stands for, and is what `sha256sum` gives in a checkout where Git
 * LFS has fetched the file. So for a pointer only the oid counts, and a
 * report reads the same whether or not LFS was installed where it was written.
 */
function digestTarget(artifact: string, fact: ArtifactFact): Outcome<DigestTarget> {
  if (fact.state === 'absent') return failed(`${artifact} does not exist at the head commit`);
  if (fact.state === 'unreadable') return failed(`${artifact} could not be read: ${fact.reason}`);
  if (fact.lfsPointer) {
    return succeeded({ expected: fact.lfsPointer.oid, source: `the oid in the Git LFS pointer ${artifact}, line ${fact.lfsPointer.line}` });
  }
  return succeeded({ expected: fact.sha256, source: `the SHA-256 of ${artifact}` });
}

export function compileField(constraint: FieldConstraint): CompiledField {
  let pattern: CompiledField['pattern'];
  if (constraint.pattern !== undefined) {
    try {
      pattern = succeeded(RE2JS.compile(constraint.pattern));
    } catch (error) {
      pattern = failed(error instanceof Error ? error.message : String(error));
    }
  }
  return { constraint, path: parseFieldPath(constraint.path), pattern };
}

const MAX_SHOWN_STRING = 80;

function showScalar(value: Scalar): string {
  if (typeof value !== 'string') return String(value);
  const cut = value.length > MAX_SHOWN_STRING ? `${value.slice(0, MAX_SHOWN_STRING)}…` : value;
  return JSON.stringify(cut);
}

function showValue(value: FieldValue): string {
  if (value === null || typeof value !== 'object') return showScalar(value);
  if (value.kind === 'mapping') return 'a mapping';
  if (value.kind === 'list') return 'a list';
  return 'a value of an unsupported type';
}

function isFiniteNumber(value: FieldValue): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * What the value still needs, phrase by phrase; every requirement when the
 * field is absent (`value` undefined), only the failed ones otherwise.
 */
function unmetNeeds(field: CompiledField, value: FieldValue | undefined, digest: DigestTarget | undefined): string[] {
  const { min, max, equals, one_of: oneOf, pattern } = field.constraint;
  const needs: string[] = [];
  if (value === null && field.constraint.exists === true) needs.push('a value');

  const bounds: string[] = [];
  const number = value !== undefined && isFiniteNumber(value) ? value : undefined;
  if (min !== undefined && (number === undefined || number < min)) bounds.push(`≥ ${min}`);
  if (max !== undefined && (number === undefined || number > max)) bounds.push(`≤ ${max}`);
  if (bounds.length > 0) needs.push(number === undefined ? `a number ${bounds.join(' and ')}` : bounds.join(' and '));

  if (equals !== undefined && value !== equals) needs.push(showScalar(equals));
  if (oneOf !== undefined && !oneOf.some((option) => option === value)) {
    needs.push(`one of ${oneOf.map(showScalar).join(', ')}`);
  }
  if (pattern !== undefined && field.pattern?.ok) {
    if (typeof value !== 'string') needs.push(`a string matching /${pattern}/`);
    else if (!field.pattern.value.test(value)) needs.push(`to match /${pattern}/`);
  }
  if (digest && value !== digest.expected) {
    // Digests are compared as written: the same hex in upper case is still refused, but the message says why.
    const caseOnly = typeof value === 'string' && value.toLowerCase() === digest.expected ? ', in lower case' : '';
    const kind = typeof value === 'string' || value === undefined ? '' : 'a string, ';
    needs.push(`${kind}${showScalar(digest.expected)} (${digest.source}${caseOnly})`);
  }
  return needs;
}

function failure(message: string, line: number | undefined): FieldFailure {
  return line === undefined ? { message } : { message, line };
}

/** Checks one field constraint; undefined when it holds. */
export function checkField(field: CompiledField, document: StructuredDocument, artifacts: ArtifactLookup): FieldFailure | undefined {
  const name = field.constraint.path;
  if (!field.path) return { message: `field path '${name}' is not valid; write keys with dots and indices as [n]` };
  if (field.pattern && !field.pattern.ok) {
    return { message: `the pattern for ${name} is not a valid RE2 regular expression: ${field.pattern.reason}` };
  }
  const found = document.lookup(field.path);
  let digest: DigestTarget | undefined;
  const artifact = field.constraint.digest_of;
  if (artifact !== undefined) {
    const target = digestTarget(artifact, artifacts(artifact));
    // Without the artifact's digest nothing can show that the field speaks of it.
    if (!target.ok) return failure(`${name} cannot be checked: ${target.reason}`, found.present ? document.lineOf(field.path) : undefined);
    digest = target.value;
  }
  if (!found.present) {
    if (field.constraint.exists === false) return undefined;
    const needs = unmetNeeds(field, undefined, digest);
    return { message: needs.length > 0 ? `${name} is missing, needs ${needs.join(' and ')}` : `${name} is missing` };
  }
  if (field.constraint.exists === false) {
    return failure(`${name} is present (${showValue(found.value)}), must be absent`, document.lineOf(field.path));
  }
  const needs = unmetNeeds(field, found.value, digest);
  if (needs.length === 0) return undefined;
  return failure(`${name} is ${showValue(found.value)}, needs ${needs.join(' and ')}`, document.lineOf(field.path));
}
