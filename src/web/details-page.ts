/** The details page laid out: a DetailsView (page-model.ts) as semantic HTML, every text escaped by `html`. */
import { html, safeHref, type Html } from './html.js';
import type { DetailsView, LinkedText, SignoffView, EvidenceView, Tone } from './page-model.js';

function link(value: LinkedText | null): Html | string {
  if (!value) return '';
  return value.url ? html`<a href="${safeHref(value.url)}"><code>${value.text}</code></a>` : html`<code>${value.text}</code>`;
}

const status = (text: string, tone: Tone) => html`<span class="${tone}">${text}</span>`;

function signoffRows(signoff: SignoffView): Html {
  const signers = signoff.signers.map(
    (s) => html`<li>${s.login} at ${s.commit ? link(s.commit) : 'an unknown commit'}, <time datetime="${s.at}">${s.at}</time>${
      s.counts ? '' : s.why?.kind === 'stale' ? html` — <strong>stale</strong> since ${link(s.why.since)}` : s.why?.kind === 'expired' ? html` — <strong>expired</strong> at ${s.why.at}` : html` — does not count`
    }</li>`,
  );
  const blocked = signoff.blockedBy ? html`<li>Blocked: changes requested by ${signoff.blockedBy.login}, ${signoff.blockedBy.at}</li>` : '';
  return html`<tr>
<th scope="row"><code>${signoff.role}</code></th>
<td>${status(signoff.status, signoff.tone)}</td>
<td>${signoff.required}</td>
<td>${signoff.eligible.join(', ')}</td>
<td>${signoff.trigger}</td>
<td>${signers.length || blocked ? html`<ul class="plain">${signers}${blocked}</ul>` : 'nobody yet'}${
    signoff.reasons.length ? html`<ul class="plain">${signoff.reasons.map((r) => html`<li>${r}</li>`)}</ul>` : ''
  }</td>
</tr>`;
}

function evidenceRows(item: EvidenceView): Html {
  const problems = item.problems.map((p) => html`<li>${p.message}${p.location ? html` (${link(p.location)})` : ''}</li>`);
  return html`<tr>
<th scope="row"><code>${item.id}</code><br>${item.title}</th>
<td>${status(item.status, item.tone)}${item.enforceFrom ? html`<br><span class="meta">enforced from ${item.enforceFrom}</span>` : ''}</td>
<td><code>${item.owner}</code></td>
<td>${item.area}</td>
<td>${item.trigger}</td>
<td>${item.file ? link(item.file) : ''}${problems.length ? html`<ul class="plain">${problems}</ul>` : ''}</td>
</tr>`;
}

function outcome(view: DetailsView): Html {
  const o = view.outcome;
  switch (o.kind) {
    case 'no-contract':
      return html`<p class="summary">This repository has no readiness contract (<code>.github/readiness.yml</code>) on <code>${view.pull.base}</code>: the app does not judge its pull requests.</p>`;
    case 'refused':
      return html`<div class="summary"><p><strong class="bad">${o.conclusion}</strong> — ${o.title}</p><p>${o.summary}</p></div>`;
    case 'contract-unavailable':
      return html`<p class="summary bad">The contract could not be loaded: ${o.message}</p>`;
    case 'contract-errors':
      return html`<div class="summary"><p class="bad">The contract has errors; the check fails until they are fixed.</p><ul>${o.errors.map((e) => html`<li>${link(e.location)}: ${e.message}</li>`)}</ul></div>`;
    case 'judged':
      return html`<p class="summary"><strong>${status(o.conclusion, o.tone)}</strong> — ${o.counts}. <span class="meta">Judged now, read-only, at <time datetime="${o.evaluatedAt}">${o.evaluatedAt}</time>.</span></p>`;
  }
}

export function detailsPageBody(view: DetailsView): Html {
  const pull = view.pull;
  const state = pull.merged ? 'merged' : pull.state;
  return html`<h1>${view.heading}</h1>
<p class="meta">${pull.htmlUrl ? html`<a href="${safeHref(pull.htmlUrl)}">${pull.title}</a>` : pull.title} · by ${pull.author} · ${state} · into <code>${pull.base}</code> · head ${link(view.head)}</p>
${outcome(view)}
${view.notes.length ? html`<section aria-labelledby="notes"><h2 id="notes">Notes</h2><ul>${view.notes.map((n) => html`<li>${n}</li>`)}</ul></section>` : ''}
${
  view.signoffs.length
    ? html`<section aria-labelledby="signoffs"><h2 id="signoffs">Sign-offs</h2><div class="table-wrap"><table>
<caption class="meta">Each role, who may sign, and the history of its sign-offs</caption>
<thead><tr><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Needs</th><th scope="col">Who may sign</th><th scope="col">Applies because</th><th scope="col">Sign-offs and why</th></tr></thead>
<tbody>${view.signoffs.map(signoffRows)}</tbody></table></div></section>`
    : ''
}
${
  view.evidence.length
    ? html`<section aria-labelledby="evidence"><h2 id="evidence">Evidence</h2><div class="table-wrap"><table>
<caption class="meta">Files link to the judged commit</caption>
<thead><tr><th scope="col">Item</th><th scope="col">Status</th><th scope="col">Owner</th><th scope="col">Area</th><th scope="col">Applies because</th><th scope="col">File and problems</th></tr></thead>
<tbody>${view.evidence.map(evidenceRows)}</tbody></table></div></section>`
    : ''
}
${
  view.waivers.length
    ? html`<section aria-labelledby="waivers"><h2 id="waivers">Waivers</h2><div class="table-wrap"><table>
<thead><tr><th scope="col">Item</th><th scope="col">Reason</th><th scope="col">Approver</th><th scope="col">Granted</th><th scope="col">Expires</th><th scope="col">State</th></tr></thead>
<tbody>${view.waivers.map((w) => html`<tr><th scope="row"><code>${w.evidenceId}</code></th><td>${w.reason}</td><td>${w.approver}</td><td>${w.grantedAt}</td><td>${w.expiresAt} (${w.days} days)</td><td>${w.state}</td></tr>`)}</tbody></table></div></section>`
    : ''
}
<section aria-labelledby="contract"><h2 id="contract">Contract</h2>${
    view.contract.length
      ? html`<ul>${view.contract.map((c) => html`<li><code>${c.source}</code>, blob <code>${c.sha ?? 'unknown'}</code></li>`)}</ul>`
      : html`<p>No contract was read.</p>`
  }</section>
<section aria-labelledby="history"><h2 id="history">Earlier evaluations</h2>${
    view.history.length
      ? html`<div class="table-wrap"><table><caption class="meta">The app's own check on each head commit, newest first</caption>
<thead><tr><th scope="col">Head commit</th><th scope="col">Conclusion</th><th scope="col">Title</th><th scope="col">Evaluated at</th></tr></thead>
<tbody>${view.history.map(
          (h) => html`<tr><th scope="row">${link(h.commit)}${h.current ? ' (current head)' : ''}</th><td>${h.checkUrl ? html`<a href="${safeHref(h.checkUrl)}">${status(h.conclusion, h.tone)}</a>` : status(h.conclusion, h.tone)}</td><td>${h.title}</td><td>${h.evaluatedAt}</td></tr>`,
        )}</tbody></table></div>`
      : html`<p>The app has not checked any commit of this pull request yet.</p>`
  }</section>`;
}
