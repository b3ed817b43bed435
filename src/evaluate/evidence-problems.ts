/**
 * What is wrong with one evidence item at the pull request head: every kind it
 * names (file, sections, fields, checks, changed_with, max_age_days) is judged
 * and every problem collected, so the checklist shows all that is left to fix.
 */
import type { Snapshot } from '../facts/snapshot.js';
import { firstTriggeredGlob, INCOMPLETE_LIST_ASSUMPTION } from './applicability.js';
import type { PullRequestTriggers } from './applicability.js';
import type { CompiledEvidence } from './compile.js';
import { checkField } from './field-constraints.js';
import { judgeSections, readSections } from './markdown-sections.js';
import type { MarkdownSection } from './markdown-sections.js';
import { checkProblem } from './check-sources.js';
import { readArtifact, readCheckObservations, readEvidenceFile, readTemplateFile } from './snapshot-view.js';
import type { ChangeSet } from './snapshot-view.js';
import { parseStructured } from './structured-document.js';
import { ageWindow } from './time-rules.js';
import type { ParseResult } from './structured-document.js';
import type { Problem } from './verdict.js';

export { COMMIT_CLOCK_SKEW_MS } from './time-rules.js';

export interface EvidenceContext {
  snapshot: Snapshot;
  changes: ChangeSet;
  triggers: PullRequestTriggers;
  now: Date;
  /** Parsed evidence files, shared by the items of one evaluation that name the same file. */
  parsed: { sections: Map<string, MarkdownSection[]>; documents: Map<string, ParseResult> };
}

function problem(message: string, file?: string, line?: number): Problem {
  const result: Problem = { message };
  if (file !== undefined) result.file = file;
  if (line !== undefined) result.line = line;
  return result;
}

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const made = make();
  cache.set(key, made);
  return made;
}

function sectionProblems(item: CompiledEvidence, file: string, content: string, context: EvidenceContext): Problem[] {
  if (item.sections.length === 0) return [];
  const sections = cached(context.parsed.sections, `head:${file}`, () => readSections(content));
  const template = templateSections(item.requirement.template, context);
  const problems: Problem[] = template.problem ? [template.problem] : [];
  for (const wanted of item.sections) {
    const found = sections.filter((s) => s.key === wanted.key);
    const first = found[0];
    if (!first) {
      problems.push(problem(`section '${wanted.title}' is missing (no heading with that text)`, file));
      continue;
    }
    const state = judgeSections(found, template.sections.filter((s) => s.key === wanted.key));
    if (state === 'placeholder') {
      problems.push(problem(`section '${wanted.title}' (line ${first.line}) is empty or only a placeholder`, file, first.line));
    } else if (state === 'template') {
      problems.push(problem(`section '${wanted.title}' (line ${first.line}) is still the template's text (${item.requirement.template ?? ''})`, file, first.line));
    }
  }
  return problems;
}

/**
 * The template's sections, read from the base branch. A template that cannot
 * be read is a fault of the contract, and it must never quietly turn the
 * comparison off: the item gets a problem that says so.
 */
function templateSections(path: string | undefined, context: EvidenceContext): { sections: MarkdownSection[]; problem?: Problem } {
  if (path === undefined) return { sections: [] };
  const fact = readTemplateFile(context.snapshot, path);
  if (fact.state === 'present') return { sections: cached(context.parsed.sections, `base:${path}`, () => readSections(fact.content)) };
  const why = fact.state === 'absent' ? 'it does not exist on the base branch' : fact.reason;
  return {
    sections: [],
    problem: problem(`template ${path} could not be read (${why}); this is a problem in the contract: commit the template to the base branch or correct \`template:\``),
  };
}

function fieldProblems(item: CompiledEvidence, file: string, content: string, context: EvidenceContext): Problem[] {
  if (item.fields.length === 0) return [];
  const parsed = cached(context.parsed.documents, file, () => parseStructured(file, content));
  if (!parsed.ok) return [problem(`${file} is ${parsed.message}`, file, parsed.line)];
  const problems: Problem[] = [];
  const artifacts = (path: string) => readArtifact(context.snapshot, path);
  for (const field of item.fields) {
    const failure = checkField(field, parsed.document, artifacts);
    if (failure) problems.push(problem(failure.message, file, failure.line));
  }
  return problems;
}

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** At most one problem: next-change.ts counts on that to tell whether the age alone decides the item. */
function ageProblems(maxAgeDays: number, file: string, lastChangedAt: string | undefined, now: Date): Problem[] {
  const age = ageWindow(lastChangedAt, maxAgeDays, now);
  switch (age.state) {
    case 'fresh':
      return [];
    case 'unknown':
      return [problem(`the date ${file} was last changed is unknown, so it cannot be shown to be at most ${maxAgeDays} days old`, file)];
    case 'future':
      return [
        problem(
          `${file}'s last change is dated ${isoDay(age.changedAt)}, in the future; commit dates are set by the author, so it cannot show the file is at most ${maxAgeDays} days old`,
          file,
        ),
      ];
    case 'stale':
      return [problem(`${file} was last changed ${isoDay(age.changedAt)}, ${age.ageDays} days ago; at most ${maxAgeDays} allowed`, file)];
  }
}

function fileProblems(item: CompiledEvidence, file: string, context: EvidenceContext): Problem[] {
  const fact = readEvidenceFile(context.snapshot, file);
  if (fact.state === 'absent') return [problem(`${file} does not exist at the head commit`, file)];
  if (fact.state === 'unreadable') return [problem(`${file} could not be read: ${fact.reason}`, file)];
  const maxAge = item.requirement.max_age_days;
  return [
    ...sectionProblems(item, file, fact.content, context),
    ...fieldProblems(item, file, fact.content, context),
    ...(maxAge === undefined ? [] : ageProblems(maxAge, file, fact.lastChangedAt, context.now)),
  ];
}

function checkProblems(item: CompiledEvidence, context: EvidenceContext): Problem[] {
  return item.checks.flatMap((requirement) => {
    const message = checkProblem(requirement, readCheckObservations(context.snapshot, requirement.name), context.changes);
    return message === undefined ? [] : [problem(message)];
  });
}

function changedWithProblems(item: CompiledEvidence, file: string, context: EvidenceContext): Problem[] {
  const list = item.changedWith;
  if (!list) return [];
  const glob = firstTriggeredGlob(list, context.triggers);
  if (context.changes.updated.has(file)) return [];
  if (glob !== undefined) {
    const what = context.changes.removed.has(file) ? 'was deleted' : 'was not updated';
    return [problem(`${glob} changed but ${file} ${what} in this pull request`, file)];
  }
  if (context.triggers.incomplete) {
    return [problem(`${list.globs.join(', ')} may have changed (${INCOMPLETE_LIST_ASSUMPTION}) and ${file} is not among the listed changes`, file)];
  }
  return [];
}

/** The kinds an item names that need a file to be judged. */
function fileKinds(item: CompiledEvidence): string[] {
  const r = item.requirement;
  const kinds: string[] = [];
  if (r.sections) kinds.push('sections');
  if (r.fields) kinds.push('fields');
  if (r.changed_with) kinds.push('changed_with');
  if (r.max_age_days !== undefined) kinds.push('max_age_days');
  return kinds;
}

export function findEvidenceProblems(item: CompiledEvidence, context: EvidenceContext): Problem[] {
  const { file, checks } = item.requirement;
  const problems: Problem[] = [];
  if (file !== undefined) {
    problems.push(...fileProblems(item, file, context), ...changedWithProblems(item, file, context));
  } else {
    const kinds = fileKinds(item);
    if (kinds.length > 0) problems.push(problem(`${kinds.join(', ')} need a file, and this item names none`));
    // An item that names nothing to look at could otherwise never fail.
    else if (!checks) problems.push(problem('this item names neither a file nor checks, so nothing can show it is met'));
  }
  if (checks) problems.push(...checkProblems(item, context));
  return problems;
}
