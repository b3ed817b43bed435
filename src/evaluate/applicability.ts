/**
 * Whether a requirement's `when` holds for a pull request, and the words that
 * say why (SPEC §1: any one condition makes it apply; no `when` means always).
 */
import type { CompiledGlobList, CompiledWhen } from './compile.js';

export interface PullRequestTriggers {
  /** For each glob of the contract's trigger set, whether a changed file matches it. */
  triggered: readonly boolean[];
  labels: ReadonlySet<string>;
  /** The changed-file list is incomplete: every path condition counts as met. */
  incomplete: boolean;
}

export type Applicability =
  | { applies: true; trigger: string }
  | { applies: false; /** The conditions that were not met, in words. */ condition: string };

/** The first glob of the list (in contract order) that a changed file matches. */
export function firstTriggeredGlob(list: CompiledGlobList, triggers: PullRequestTriggers): string | undefined {
  const position = list.triggerIndices.findIndex((index) => triggers.triggered[index] === true);
  return position === -1 ? undefined : list.globs[position];
}

export const INCOMPLETE_LIST_ASSUMPTION = 'assumed: the list of changed files is incomplete';

/** The conditions of a `when`, in words: `always`, or `when paths: a/**, b/** or label: x`. */
export function describeWhen(when: CompiledWhen | undefined): string {
  const conditions: string[] = [];
  if (when?.paths) conditions.push(`paths: ${when.paths.globs.join(', ')}`);
  if (when?.labels) conditions.push(`label: ${when.labels.join(', ')}`);
  return conditions.length === 0 ? 'always' : `when ${conditions.join(' or ')}`;
}

export function judgeWhen(when: CompiledWhen | undefined, triggers: PullRequestTriggers): Applicability {
  const paths = when?.paths;
  const labels = when?.labels;
  // Without conditions there is nothing that could fail to hold.
  if (!paths && !labels) return { applies: true, trigger: 'always' };
  const glob = paths && firstTriggeredGlob(paths, triggers);
  if (glob !== undefined) return { applies: true, trigger: `paths: ${glob}` };
  const label = labels?.find((l) => triggers.labels.has(l));
  if (label !== undefined) return { applies: true, trigger: `label: ${label}` };
  if (paths && triggers.incomplete) return { applies: true, trigger: `paths (${INCOMPLETE_LIST_ASSUMPTION})` };
  return { applies: false, condition: describeWhen(when) };
}
