/**
 * The texts of a gap issue: the issue itself (from `templates/gap-issue.md`),
 * the short comments that close and re-open it, and its label's description. Problems quote values from
 * the pull request's own files, so they are escaped like everywhere else.
 */
import { checkRequirement, describeCheck } from '../contract/check-entries.js';
import type { Contract, EvidenceRequirement, FieldConstraint } from '../contract/schema.js';
import { MEMBER } from '../contract/schema.js';
import type { EvidenceResult } from '../evaluate/verdict.js';
import { GITHUB_TEXT_LIMIT, cutMarkdown, shorten, utf8Length } from './limits.js';
import { code, formatDate, inline, shortSha } from './markdown.js';
import { renderTemplate } from './templates.js';

/** GitHub refuses longer issue titles. */
const TITLE_LIMIT = 256;

/** How a gap label the app creates looks in GitHub's label list. */
export const GAP_LABEL = { color: 'd93f0b', description: 'Evidence a pull request still needs before it is ready for production' } as const;

/**
 * What a gap belongs to: a pull request, or the default branch (the
 * dashboard's gaps). Each has its own title, hidden key and wording, so the
 * two kinds of issue are never confused.
 */
export type GapSubject = { kind: 'pull'; number: number } | { kind: 'branch'; branch: string };

/** How a text names the subject: `#2`, or `` `main` ``. */
export function subjectName(subject: GapSubject): string {
  return subject.kind === 'pull' ? `#${subject.number}` : code(subject.branch);
}

export interface GapIssueContent {
  evidence: EvidenceResult;
  /** The item as the contract states it; it says how to fix the gap. Undefined when the contract no longer has it. */
  requirement: EvidenceRequirement | undefined;
  waivers: Contract['waivers'];
  subject: GapSubject;
  ownerRole: string;
  /** The owner role's members as the contract writes them (`@alice`, `@acme/ml-leads`). */
  ownerMembers: string[];
  /** People and teams notified in the body: the role's teams and users who cannot be assigned. */
  mentioned: string[];
  /** Hidden marker that finds this issue again; always the body's last line, whatever the template says. */
  hiddenKey: string;
}

export interface RenderedIssue {
  title: string;
  body: string;
}

/** A contract member that notifies when written: `@login` or `@org/team`. Anything else is shown inert. */
function mentionMember(member: string): string {
  return MEMBER.test(member) ? member : code(member);
}

function list(lines: string[]): string {
  return lines.map((line) => `- ${line}`).join('\n');
}

function problemLines(evidence: EvidenceResult): string[] {
  const lines = evidence.problems.map((problem) => {
    const where = problem.file ? ` (${code(problem.line ? `${problem.file}:${problem.line}` : problem.file)})` : '';
    return `${inline(problem.message)}${where}`;
  });
  return lines.length > 0 ? lines : ['The evidence does not meet the contract yet.'];
}

function valueCode(value: string | number | boolean | null): string {
  return code(JSON.stringify(value));
}

function constraintText(constraint: FieldConstraint): string {
  const parts: string[] = [];
  if (constraint.exists === true) parts.push('is present');
  if (constraint.exists === false) parts.push('is absent');
  if (constraint.min !== undefined) parts.push(`≥ ${constraint.min}`);
  if (constraint.max !== undefined) parts.push(`≤ ${constraint.max}`);
  if (constraint.equals !== undefined) parts.push(`equals ${valueCode(constraint.equals)}`);
  if (constraint.pattern !== undefined) parts.push(`matches ${code(constraint.pattern)}`);
  if (constraint.one_of !== undefined) parts.push(`is one of ${constraint.one_of.map(valueCode).join(', ')}`);
  if (constraint.digest_of !== undefined) parts.push(`is the SHA-256 of ${code(constraint.digest_of)} as committed (for a Git LFS pointer, its oid)`);
  return `${code(constraint.path)} ${parts.join(', ')}`;
}

/**
 * What the contract asks of the item, as steps; evidence is read from the pull
 * request's head commit, or for a branch gap from the branch's head (changed
 * through a pull request, like any change).
 */
function fixSteps(requirement: EvidenceRequirement | undefined, subject: GapSubject): string[] {
  const where = subject.kind === 'pull' ? 'on the pull request’s branch' : `on ${code(subject.branch)} (through a pull request)`;
  const recheck =
    subject.kind === 'pull'
      ? `The check runs again by itself when #${subject.number} changes; comment ${code('/readiness')} on it to check again now.`
      : `The dashboard checks ${code(subject.branch)} again on every push to it, and when the file’s age changes the verdict.`;
  if (!requirement) return [`Update the evidence ${where} so that the problems above are gone.`, recheck];
  const file = requirement.file ? code(requirement.file) : 'the evidence file';
  const steps: string[] = [];
  if (requirement.file && !requirement.sections && !requirement.fields) steps.push(`Add or update ${file} ${where}.`);
  if (requirement.sections) {
    steps.push(
      `Fill in these sections of ${file} ${where} with real content (a placeholder such as TODO, TBD or N/A does not count): ${requirement.sections.map(code).join(', ')}.`,
    );
  }
  if (requirement.fields) {
    steps.push(`Make these fields of ${file} hold ${where}:\n${requirement.fields.map((c) => `  - ${constraintText(c)}`).join('\n')}`);
  }
  if (requirement.checks) {
    const head = subject.kind === 'pull' ? 'the pull request’s head commit' : `the head commit of ${code(subject.branch)}`;
    steps.push(`Make these checks succeed on ${head} (re-run them if they failed for an unrelated reason): ${requirement.checks.map((entry) => code(describeCheck(checkRequirement(entry)))).join(', ')}.`);
  }
  // A branch has no change set: `changed_with` is a pull request's rule only.
  if (requirement.changed_with && subject.kind === 'pull') {
    steps.push(`Update ${file} in this pull request: it must change whenever files matching ${requirement.changed_with.map(code).join(', ')} change.`);
  }
  if (requirement.max_age_days !== undefined) {
    steps.push(`Review ${file} and commit an update: its last change must be at most ${requirement.max_age_days} days old.`);
  }
  steps.push(recheck);
  return steps;
}

function waiveText(evidence: EvidenceResult, waivers: Contract['waivers'], subject: GapSubject): string {
  // Waivers are given in a pull request's conversation; a branch has none.
  if (!waivers || subject.kind !== 'pull') return '';
  const pullNumber = subject.number;
  const approvers = waivers.approvers.map(code).join(' or ');
  return `If the gap is acceptable for now, a member of ${approvers} who is not the pull request’s author can waive it on #${pullNumber} for at most ${waivers.max_days} days: ${code(`/waive ${evidence.id} <days>d <reason>`)}`;
}

function ownersText(content: GapIssueContent): string {
  const members = content.ownerMembers.map(code).join(', ');
  const owned = `Owned by the ${code(content.ownerRole)} role${members ? `: ${members}` : ''}.`;
  const mentioned = content.mentioned;
  return mentioned.length > 0 ? `${owned}\n\ncc ${mentioned.map(mentionMember).join(' ')}` : owned;
}

/** Blank placeholders leave runs of empty lines behind; Markdown needs at most one. */
function tidy(markdown: string): string {
  return markdown.replace(/\n{3,}/g, '\n\n').trim();
}

export function gapIssueTitle(evidence: EvidenceResult, subject: GapSubject): string {
  const suffix = subject.kind === 'pull' ? ` (PR #${subject.number})` : '';
  const prefix = subject.kind === 'pull' ? 'Readiness gap: ' : `Readiness gap on ${subject.branch.replace(/\s+/g, ' ')}: `;
  const title = evidence.title.replace(/\s+/g, ' ').trim() || evidence.id;
  return `${prefix}${shorten(title, TITLE_LIMIT - utf8Length(prefix) - utf8Length(suffix))}${suffix}`;
}

export function renderGapIssue(content: GapIssueContent, env: NodeJS.ProcessEnv = process.env): RenderedIssue {
  const { evidence, subject } = content;
  const filled = tidy(
    renderTemplate(
      // The branch's gaps have their own text: no pull request, no waiver.
      subject.kind === 'pull' ? 'gap-issue.md' : 'dashboard-gap-issue.md',
      {
        pull: subject.kind === 'pull' ? `#${subject.number}` : '',
        branch: subject.kind === 'branch' ? code(subject.branch) : '',
        title: inline(evidence.title),
        id: code(evidence.id),
        owners: ownersText(content),
        missing: list(problemLines(evidence)),
        fix: list(fixSteps(content.requirement, subject)),
        waive: waiveText(evidence, content.waivers, subject),
      },
      env,
    ),
  );
  const key = `\n\n${content.hiddenKey}\n`;
  const where = subject.kind === 'pull' ? `the checklist on #${subject.number}` : `the dashboard of ${code(subject.branch)}`;
  const notice = `The rest of this text was cut to fit GitHub’s limit; ${where} lists every problem.`;
  const body = cutMarkdown(filled, GITHUB_TEXT_LIMIT - utf8Length(key), notice).trimEnd() + key;
  return { title: gapIssueTitle(evidence, subject), body };
}

/** Why a gap issue is being closed. */
export type GapClosure =
  | { kind: 'met'; headSha: string }
  | { kind: 'waived'; expiresAt: string | undefined; reason: string | undefined }
  | { kind: 'not-enforced'; enforceFrom: string | undefined }
  | { kind: 'not-applicable' }
  | { kind: 'removed' }
  | { kind: 'out-of-scope' }
  | { kind: 'merged' }
  | { kind: 'closed' };

export function renderGapClosed(closure: GapClosure, subject: GapSubject): string {
  const pull = subjectName(subject);
  switch (closure.kind) {
    case 'met':
      return `The gap is closed: the evidence is met on ${pull} at commit ${shortSha(closure.headSha)}.`;
    case 'waived': {
      const until = closure.expiresAt ? ` until ${formatDate(closure.expiresAt)}` : '';
      const reason = closure.reason ? `: ${inline(closure.reason)}` : '';
      return `The gap is waived on ${pull}${until}${reason}. This issue is re-opened if the gap is still there when the waiver expires.`;
    }
    case 'not-enforced': {
      const from = closure.enforceFrom ? ` until it is enforced from ${inline(closure.enforceFrom)}` : '';
      return `This item is only a warning on ${pull}${from}.`;
    }
    case 'not-applicable':
      return `This item no longer applies to ${pull}.`;
    case 'removed':
      return 'This item is no longer part of the readiness contract.';
    case 'out-of-scope':
      return `${pull} no longer changes files that the readiness contract covers.`;
    case 'merged':
      return `${pull} was merged.`;
    case 'closed':
      return `${pull} was closed without being merged.`;
  }
}

export function renderGapReopened(evidence: EvidenceResult, subject: GapSubject, headSha: string): string {
  const name = subjectName(subject);
  const comment = `The gap is back on ${name} at commit ${shortSha(headSha)}:\n\n${list(problemLines(evidence))}`;
  const where = subject.kind === 'pull' ? `the checklist on ${name}` : `the dashboard of ${name}`;
  return cutMarkdown(comment, GITHUB_TEXT_LIMIT, `The rest was cut; ${where} lists every problem.`);
}
