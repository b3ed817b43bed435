/**
 * Keeps exactly one dashboard issue per repository (SPEC §3.6, Renovate's
 * Dependency Dashboard as the model): found by its hidden marker AND the app's
 * own login (anyone can paste a marker into an issue of their own), edited in
 * place and only when its text changes, never a second one. Its last line is
 * the signed state of the default branch's gap issues, as a pull request's
 * checklist comment keeps the state of its own.
 */
import type { GitHubClient, RepoRef } from '../github/client.js';
import { BRANCH_GAP_PREFIX, DASHBOARD_MARKER, GAP_PREFIX } from '../github/markers.js';
import type { OpenGapIssue } from '../render/dashboard.js';
import { cutMarkdown, GITHUB_TEXT_LIMIT, utf8Length } from '../render/limits.js';
import { writePublicationState, type PublicationState } from './publication-state.js';
import { stateSeal, type StateSeal } from './state-seal.js';

/** Hidden in the dashboard's body; an issue counts as the dashboard only with this marker and the app's login. */

/** The hidden keys of gap issues (gap-issue-plan.ts): a pull request's, and the default branch's. */
const GAP_KEY_PREFIXES = [GAP_PREFIX, BRANCH_GAP_PREFIX];

export interface ExistingDashboard {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
}

export interface OwnIssues {
  dashboard: ExistingDashboard | null;
  /** The app's open gap issues, of pull requests and of the branch. */
  openGapIssues: OpenGapIssue[];
}

/**
 * The seal of the dashboard's state: bound to the repository and to number 0,
 * which no pull request has, so a checklist's state pasted here (or this one
 * into a checklist) does not verify.
 */
export function dashboardSeal(key: Buffer, repo: RepoRef): StateSeal {
  return stateSeal(key, { owner: repo.owner, repo: repo.repo, number: 0 });
}

interface ListedIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  user: { login: string } | null;
  pull_request?: unknown;
}

function ownIssue(issue: ListedIssue, appLogin: string): boolean {
  return !issue.pull_request && issue.user?.login.toLowerCase() === appLogin.toLowerCase();
}

function asDashboard(issue: ListedIssue): ExistingDashboard {
  return { number: issue.number, title: issue.title, body: issue.body ?? '', state: issue.state === 'closed' ? 'closed' : 'open' };
}

/**
 * The app's open issues, listed once: the dashboard and the open gap issues.
 * Only when no open dashboard exists are its closed issues searched, oldest
 * first, for a dashboard someone closed: it is edited there rather than a
 * second one opened (to stop the dashboard, set `dashboard: false`). A reader
 * that only shows the dashboard (the overview page) passes `openOnly`: a closed
 * dashboard is not shown, and the search could page through every closed issue.
 */
export async function readOwnIssues(github: GitHubClient, repo: RepoRef, appLogin: string, options: { openOnly?: boolean } = {}): Promise<OwnIssues> {
  const target = { owner: repo.owner, repo: repo.repo };
  const open = (await github.paginate(github.rest.issues.listForRepo, { ...target, creator: appLogin, state: 'open', per_page: 100 })) as ListedIssue[];
  const own = open.filter((issue) => ownIssue(issue, appLogin));
  // Should two ever exist (say, made by hand), the oldest is the one kept.
  const dashboards = own.filter((issue) => issue.body?.includes(DASHBOARD_MARKER)).sort((a, b) => a.number - b.number);
  const openGapIssues = own
    .filter((issue) => !issue.body?.includes(DASHBOARD_MARKER) && GAP_KEY_PREFIXES.some((prefix) => issue.body?.includes(prefix)))
    .map((issue) => ({ number: issue.number, title: issue.title }));
  const first = dashboards[0];
  if (first || options.openOnly) return { dashboard: first ? asDashboard(first) : null, openGapIssues };
  const pages = github.paginate.iterator(github.rest.issues.listForRepo, {
    ...target,
    creator: appLogin,
    state: 'closed',
    sort: 'created',
    direction: 'asc',
    per_page: 100,
  });
  for await (const { data } of pages) {
    const found = (data as ListedIssue[]).find((issue) => ownIssue(issue, appLogin) && issue.body?.includes(DASHBOARD_MARKER));
    if (found) return { dashboard: asDashboard(found), openGapIssues };
  }
  return { dashboard: null, openGapIssues };
}

/** Marker, dashboard (cut to fit) and the signed state: the whole body. */
export function dashboardBody(dashboard: string, state: PublicationState, seal: StateSeal): string {
  const stateLine = writePublicationState(state, seal);
  const room = GITHUB_TEXT_LIMIT - utf8Length(DASHBOARD_MARKER) - utf8Length(stateLine) - 2;
  const notice = '_The dashboard was cut here to fit GitHub’s issue size limit._';
  return `${DASHBOARD_MARKER}\n${cutMarkdown(dashboard, room, notice).trimEnd()}\n${stateLine}`;
}

/** Creates the dashboard, or edits it in place only when its title or text would change. */
export async function ensureDashboardIssue(
  github: GitHubClient,
  repo: RepoRef,
  desired: { title: string; body: string },
  existing: ExistingDashboard | null,
): Promise<'created' | 'updated' | 'unchanged'> {
  const target = { owner: repo.owner, repo: repo.repo };
  if (existing) {
    if (existing.body === desired.body && existing.title === desired.title) return 'unchanged';
    await github.rest.issues.update({ ...target, issue_number: existing.number, title: desired.title, body: desired.body });
    return 'updated';
  }
  await github.rest.issues.create({ ...target, title: desired.title, body: desired.body });
  return 'created';
}
