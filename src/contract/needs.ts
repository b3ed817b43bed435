/**
 * The facts a contract needs fetched before it can be judged. Every evidence
 * file is listed whatever its `when`: deciding what applies is the
 * evaluator's job, and the facts layer must not guess at it.
 */
import { checkRequirement } from './check-entries.js';
import type { Contract } from './schema.js';

export interface ContractNeeds {
  /** Distinct evidence files; `lastChange` asks for the time of the last commit touching the file. */
  evidenceFiles: { path: string; lastChange: boolean }[];
  /** Distinct files that `digest_of` binds a field to, whose digests are needed at the head. */
  artifacts: string[];
  /** Distinct `template:` paths, read from the base branch (where the contract comes from), never from the head. */
  templates: string[];
  /** Distinct check-run or commit-status names. */
  checks: string[];
  /** Distinct teams from `roles`, as `org/slug` (no `@`, lower-cased), for membership look-ups. */
  teams: string[];
}

export function contractNeeds(contract: Contract): ContractNeeds {
  const files = new Map<string, boolean>();
  const checks = new Set<string>();
  const artifacts = new Set<string>();
  const templates = new Set<string>();
  for (const item of contract.evidence) {
    if (item.template !== undefined) templates.add(item.template);
    if (item.file !== undefined) files.set(item.file, (files.get(item.file) ?? false) || item.max_age_days !== undefined);
    for (const field of item.fields ?? []) if (field.digest_of !== undefined) artifacts.add(field.digest_of);
    for (const check of item.checks ?? []) checks.add(checkRequirement(check).name);
  }
  const teams = new Set<string>();
  for (const members of Object.values(contract.roles)) {
    for (const member of members) if (member.includes('/')) teams.add(member.slice(1).toLowerCase());
  }
  return {
    evidenceFiles: [...files.keys()].sort(byCodeUnit).map((path) => ({ path, lastChange: files.get(path) === true })),
    artifacts: [...artifacts].sort(byCodeUnit),
    templates: [...templates].sort(byCodeUnit),
    checks: [...checks].sort(byCodeUnit),
    teams: [...teams].sort(byCodeUnit),
  };
}

/** Locale-independent, so the order is the same on every machine. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
