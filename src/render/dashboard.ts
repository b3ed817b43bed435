/**
 * The dashboard issue's text (templates/dashboard.md): the default branch's
 * evidence, the open pull requests with the verdict the app last published on
 * them, and the open gap issues. Times are shown to the day and no evaluation
 * time is printed, so an unchanged verdict renders the same text and the issue
 * is not edited.
 */
import type { BranchVerdict, Freshness } from '../evaluate/branch-head.js';
import { DAY_MS } from '../evaluate/time-rules.js';
import type { EvidenceResult } from '../evaluate/verdict.js';
import type { OpenPullVerdict, OpenPullVerdicts } from '../facts/github/open-pull-verdicts.js';
import { evidenceStatusText, issueLink, problemsText } from './checklist.js';
import { OUT_OF_SCOPE_TITLE } from './counts.js';
import { shorten, utf8Length } from './limits.js';
import { code, formatDate, inline, shortSha, table } from './markdown.js';
import { renderTemplate } from './templates.js';

/** GitHub refuses longer issue titles. */
const TITLE_LIMIT = 256;

export interface OpenGapIssue {
  number: number;
  title: string;
}

export interface DashboardView {
  verdict: BranchVerdict;
  /** Evidence id → web address of the branch gap issue of each current gap that has one. */
  issueLinks: Record<string, string>;
  pulls: OpenPullVerdicts;
  /** The app's open gap issues (pull requests' and the branch's), by number. */
  gapIssues: OpenGapIssue[];
  now: Date;
}

export function dashboardTitle(branch: string): string {
  const title = `Readiness of \`${branch.replace(/\s+/g, ' ')}\``;
  return utf8Length(title) <= TITLE_LIMIT ? title : shorten(title, TITLE_LIMIT);
}

function days(count: number): string {
  return `${count} ${count === 1 ? 'day' : 'days'}`;
}

/** "last changed 83 days ago; stale in 7 days", in whole days. */
export function freshnessText(freshness: Freshness | undefined, now: Date): string {
  if (!freshness) return '—';
  const { state, lastChangedAt, ageDays, staleAt, maxAgeDays } = freshness;
  if (state === 'unknown' || lastChangedAt === null || ageDays === null) return `last change unknown; at most ${days(maxAgeDays)} allowed`;
  if (state === 'future') return `last change dated ${formatDate(lastChangedAt)}, in the future`;
  const changed = ageDays === 0 ? 'last changed today' : `last changed ${days(ageDays)} ago`;
  if (state === 'stale') return `${changed}; stale (at most ${days(maxAgeDays)} allowed)`;
  const left = staleAt === null ? null : Math.ceil((Date.parse(staleAt) - now.getTime()) / DAY_MS);
  return left === null ? changed : `${changed}; stale in ${days(Math.max(left, 1))}`;
}

function evidenceBlock(view: DashboardView): string {
  const judged = view.verdict.evidence.filter((item) => item.status !== 'not_applicable');
  if (judged.length === 0) return 'The contract names no evidence that can be judged on a branch.';
  const linkOf = (item: EvidenceResult) => (Object.hasOwn(view.issueLinks, item.id) ? view.issueLinks[item.id] : undefined);
  const rows = judged.map((item) => [
    `${inline(item.title)} (${code(item.id)})`,
    code(item.owner),
    evidenceStatusText(item),
    freshnessText(view.verdict.freshness[item.id], view.now),
    problemsText(item),
    issueLink(linkOf(item)),
  ]);
  return table(['Item', 'Owner', 'Status', 'Freshness', 'What is missing', 'Gap issue'], rows);
}

function notJudgedBlock(verdict: BranchVerdict): string {
  const skipped = verdict.evidence.filter((item) => item.status === 'not_applicable');
  if (skipped.length === 0) return '';
  return `Not judged on the branch (their \`when\` names only labels, which only pull requests have): ${skipped.map((item) => code(item.id)).join(', ')}.`;
}

/** The verdict the app's own check on the head says, in words. */
function pullVerdict(pull: OpenPullVerdict): string {
  const check = pull.check;
  if (!check) return '⏳ not evaluated yet';
  if (check.status !== 'completed') return '⏳ being evaluated';
  if (check.conclusion === 'success') return '✅ ready';
  if (check.conclusion === 'neutral') return '⚠️ not ready (advisory)';
  return '❌ not ready';
}

function pullsBlock(pulls: OpenPullVerdicts): string {
  // A pull request the contract does not judge needs nothing; one not yet judged may.
  const judged = pulls.pulls.filter((pull) => pull.check?.title !== OUT_OF_SCOPE_TITLE);
  if (judged.length === 0) return 'No open pull request into this branch changes what the contract covers.';
  const rows = judged.map((pull) => [`#${pull.number} ${inline(pull.title)}`, shortSha(pull.headSha), pullVerdict(pull), pull.check?.title ? inline(pull.check.title) : '—']);
  const more = pulls.more ? '\n\nOnly the most recently updated pull requests are shown.' : '';
  return `${table(['Pull request', 'Head', 'Verdict', 'Where it stands'], rows)}${more}`;
}

function gapIssuesBlock(issues: readonly OpenGapIssue[]): string {
  if (issues.length === 0) return 'None.';
  return [...issues]
    .sort((a, b) => a.number - b.number)
    .map((issue) => `- #${issue.number} ${inline(issue.title)}`)
    .join('\n');
}

function status(verdict: BranchVerdict): { status: string; overview: string } {
  const judged = verdict.evidence.filter((item) => item.status !== 'not_applicable');
  const missing = judged.filter((item) => item.status === 'missing').length;
  const warnings = judged.filter((item) => item.status === 'warning').length;
  const met = judged.filter((item) => item.status === 'met').length;
  const at = `at commit ${shortSha(verdict.headSha)}`;
  if (missing > 0) return { status: '❌ not ready', overview: `${met} of ${judged.length} evidence items hold ${at}; ${missing} missing or stale.` };
  const warned = warnings > 0 ? `; ${warnings} only a warning until enforced` : '';
  return { status: warnings > 0 ? '⚠️ ready, with warnings' : '✅ ready', overview: `${met} of ${judged.length} evidence items hold ${at}${warned}.` };
}

/** Blank placeholders leave runs of empty lines behind; Markdown needs at most one. */
function tidy(markdown: string): string {
  return markdown.replace(/\n{3,}/g, '\n\n').trim();
}

export function renderDashboard(view: DashboardView, env: NodeJS.ProcessEnv = process.env): string {
  const { verdict } = view;
  const summary = status(verdict);
  return tidy(
    renderTemplate(
      'dashboard.md',
      {
        branch: code(verdict.branch),
        status: summary.status,
        overview: summary.overview,
        evidence: evidenceBlock(view),
        not_judged: notJudgedBlock(verdict),
        pulls: pullsBlock(view.pulls),
        gap_issues: gapIssuesBlock(view.gapIssues),
      },
      env,
    ),
  );
}
