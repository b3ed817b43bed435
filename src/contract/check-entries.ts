/**
 * A `checks:` entry read one way: the plain name (`model-eval`) and the named
 * source (`{ name, app, workflow, status_from }`) become the same record, so
 * the facts layer, the judge and the texts never tell the two forms apart.
 */
import type { CheckEntry } from './schema.js';

/** The GitHub App that runs GitHub Actions workflows (its slug is the same on GHES). */
export const ACTIONS_APP = 'github-actions';
/** The login under which every GitHub Actions workflow, one a pull request adds included, posts commit statuses. */
export const ACTIONS_BOT = `${ACTIONS_APP}[bot]`;

export interface CheckRequirement {
  name: string;
  /** Only check runs of this app count (a `workflow` implies GitHub Actions). */
  app?: string;
  /** Only Actions runs of this repository-relative workflow file count. */
  workflow?: string;
  /** Only commit statuses created by these logins count (lower-cased: GitHub logins ignore case). */
  statusFrom?: string[];
}

export function checkRequirement(entry: CheckEntry): CheckRequirement {
  if (typeof entry === 'string') return { name: entry };
  const requirement: CheckRequirement = { name: entry.name };
  const app = entry.app ?? (entry.workflow !== undefined ? ACTIONS_APP : undefined);
  if (app !== undefined) requirement.app = app;
  if (entry.workflow !== undefined) requirement.workflow = entry.workflow;
  if (entry.status_from !== undefined) requirement.statusFrom = entry.status_from.map((login) => login.toLowerCase());
  return requirement;
}

/** How the checklist and gap issues name the entry: its name, and the source when one is named. */
export function describeCheck(requirement: CheckRequirement): string {
  const from: string[] = [];
  if (requirement.workflow !== undefined) from.push(`workflow ${requirement.workflow}`);
  else if (requirement.app !== undefined) from.push(`app ${requirement.app}`);
  if (requirement.statusFrom !== undefined) from.push(`statuses from ${requirement.statusFrom.join(', ')}`);
  return from.length === 0 ? requirement.name : `${requirement.name} (${from.join(' or ')})`;
}
