/**
 * The organisation overview: (what overview.ts read, the filters) → a view →
 * escaped HTML. The view is pure, so which pull request shows under which
 * filter is unit-tested without GitHub. A pull request "waits on" a role whose
 * sign-off its record says is missing or stale; it "needs" the evidence its
 * record says is missing (a waiver or a warning is not a need).
 */
import type { AuditRecord } from '../audit/record-schema.js';
import { conclusionLabel } from '../render/status-labels.js';
import { html, safeHref, type Html } from './html.js';
import type { OverviewRepo } from './overview.js';

export interface OverviewFilters {
  role: string | null;
  repo: string | null;
}

export interface OverviewRow {
  repository: string;
  number: number;
  title: string;
  author: string;
  detailsPath: string;
  htmlUrl: string | null;
  conclusion: string;
  tone: 'good' | 'bad' | 'caution';
  waitingOn: string[];
  missingEvidence: string[];
  checkUrl: string | null;
}

export interface OverviewView {
  owner: string;
  filters: OverviewFilters;
  repositories: string[];
  roles: string[];
  rows: OverviewRow[];
  unjudged: number;
  /** Readable repositories left unread to bound the page's requests (filter by repository to see one). */
  notRead: number;
  dashboards: { repository: string; title: string; htmlUrl: string; openGapIssues: number }[];
}

export function waitingOn(record: AuditRecord): string[] {
  return record.signoffs.filter((s) => s.status === 'missing' || s.status === 'stale').map((s) => s.role);
}

export function missingEvidence(record: AuditRecord): string[] {
  return record.evidence.filter((e) => e.status === 'missing').map((e) => e.id);
}

/** `readable`: every repository the user may read here (the filter's choices); `repos`: those read, at most `limit`. */
export function overviewView(owner: string, readable: readonly string[], repos: readonly OverviewRepo[], filters: OverviewFilters): OverviewView {
  const shown = repos.filter((r) => filters.repo === null || r.repo.repo === filters.repo);
  const rows = shown.flatMap((r) =>
    r.pulls.map((pull): OverviewRow => {
      const { conclusion } = pull.record;
      return {
        repository: `${r.repo.owner}/${r.repo.repo}`,
        number: pull.number,
        title: pull.title,
        author: pull.author,
        detailsPath: `/readiness/${encodeURIComponent(r.repo.owner)}/${encodeURIComponent(r.repo.repo)}/pull/${pull.number}`,
        htmlUrl: pull.htmlUrl,
        conclusion: conclusionLabel(conclusion),
        tone: conclusion === 'success' ? 'good' : conclusion === 'failure' ? 'bad' : 'caution',
        waitingOn: waitingOn(pull.record),
        missingEvidence: missingEvidence(pull.record),
        checkUrl: pull.checkUrl,
      };
    }),
  );
  const roles = [...new Set(repos.flatMap((r) => r.pulls.flatMap((p) => p.record.signoffs.map((s) => s.role))))].sort();
  return {
    owner,
    filters,
    repositories: [...readable].sort(),
    notRead: Math.max(0, (filters.repo === null ? readable.length : 1) - shown.length),
    roles,
    rows: filters.role === null ? rows : rows.filter((row) => row.waitingOn.includes(filters.role!)),
    unjudged: shown.reduce((sum, r) => sum + r.unjudged, 0),
    dashboards: shown.flatMap((r) =>
      r.dashboard ? [{ repository: `${r.repo.owner}/${r.repo.repo}`, title: r.dashboard.title, htmlUrl: r.dashboard.htmlUrl, openGapIssues: r.openGapIssues }] : [],
    ),
  };
}

function options(values: readonly string[], selected: string | null, all: string): Html {
  return html`<option value=""${selected === null ? html` selected` : ''}>${all}</option>${values.map(
    (v) => html`<option value="${v}"${v === selected ? html` selected` : ''}>${v}</option>`,
  )}`;
}

const list = (items: readonly string[]) => (items.length ? html`<ul class="plain">${items.map((i) => html`<li><code>${i}</code></li>`)}</ul>` : '');

export function overviewPageBody(view: OverviewView): Html {
  const roles = view.filters.role && !view.roles.includes(view.filters.role) ? [...view.roles, view.filters.role] : view.roles;
  return html`<h1>Readiness across ${view.owner}</h1>
<p class="meta">Open pull requests the app judged in scope, in the repositories GitHub lets you read, as the app's own <code>readiness</code> check on each head says.</p>
<form class="filters" method="get" action="/readiness/${encodeURIComponent(view.owner)}">
<div><label for="repo">Repository</label><select id="repo" name="repo">${options(view.repositories, view.filters.repo, 'All repositories')}</select></div>
<div><label for="role">Waiting on role</label><select id="role" name="role">${options(roles, view.filters.role, 'Any role')}</select></div>
<div><button type="submit">Filter</button></div>
</form>
${view.notRead ? html`<p class="caution">${view.notRead} more repositor${view.notRead === 1 ? 'y was' : 'ies were'} not read, to keep this page quick: choose a repository to see it.</p>` : ''}
<section aria-labelledby="pulls"><h2 id="pulls">Pull requests</h2>${
    view.rows.length
      ? html`<div class="table-wrap"><table>
<thead><tr><th scope="col">Pull request</th><th scope="col">Verdict</th><th scope="col">Waiting on</th><th scope="col">Missing evidence</th></tr></thead>
<tbody>${view.rows.map(
          (r) => html`<tr><th scope="row"><a href="${safeHref(r.detailsPath)}">${r.repository}#${r.number}</a> ${r.title}<br><span class="meta">by ${r.author}</span></th>
<td>${r.checkUrl ? html`<a href="${safeHref(r.checkUrl)}"><span class="${r.tone}">${r.conclusion}</span></a>` : html`<span class="${r.tone}">${r.conclusion}</span>`}</td>
<td>${list(r.waitingOn)}</td><td>${list(r.missingEvidence)}</td></tr>`,
        )}</tbody></table></div>`
      : html`<p>No open pull request matches.</p>`
  }${view.unjudged ? html`<p class="meta">${view.unjudged} open pull request${view.unjudged === 1 ? ' has' : 's have'} no readable check from the app on ${view.unjudged === 1 ? 'its' : 'their'} head yet.</p>` : ''}</section>
<section aria-labelledby="dashboards"><h2 id="dashboards">Default-branch dashboards</h2>${
    view.dashboards.length
      ? html`<ul>${view.dashboards.map(
          (d) => html`<li>${d.repository}: <a href="${safeHref(d.htmlUrl)}">${d.title}</a> · ${d.openGapIssues} open gap issue${d.openGapIssues === 1 ? '' : 's'}</li>`,
        )}</ul>`
      : html`<p>No repository shown here has a dashboard.</p>`
  }</section>`;
}
