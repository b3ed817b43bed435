/**
 * The checklist: the pull request comment, and the check run's summary. It shows
 * only what the verdict holds and no evaluation time, so re-rendering an
 * unchanged verdict gives the same text (the comment is edited only when it
 * changes).
 */
import type { AreaStatus, EvidenceResult, EvidenceStatus, SignerRecord, SignoffResult, SignoffStatus, Verdict } from '../evaluate/verdict.js';
import { OUT_OF_SCOPE_TITLE, countsLine } from './counts.js';
import { cutMarkdown } from './limits.js';
import { code, formatDate, formatTime, inline, mention, shortSha, table } from './markdown.js';
import { areaStatusLabel, conclusionLabel, evidenceStatusLabel, signoffStatusLabel } from './status-labels.js';
import { renderTemplate } from './templates.js';
import { notesText } from './notes.js';

const CUT_NOTICE = "_The checklist was cut here to fit GitHub's comment size limit; the readiness check's details list every requirement._";

/** The checklist cut to at most `room` bytes, saying where and why it was cut. */
export function fitChecklist(checklist: string, room: number): string {
  return cutMarkdown(checklist, room, CUT_NOTICE);
}

export interface ChecklistOptions {
  /** Evidence id → URL of its gap issue. */
  issueLinks?: Record<string, string>;
}

const applies = (item: { status: SignoffStatus | EvidenceStatus }) => item.status !== 'not_applicable';

function signerText(signer: SignerRecord): string {
  return `${mention(signer.login)} at ${shortSha(signer.commitSha)}`;
}

function staleSignerText(signer: SignerRecord): string {
  const why = signer.staleSince
    ? `stale since ${shortSha(signer.staleSince)}`
    : signer.expiredAt
      ? `expired ${formatDate(signer.expiredAt)}`
      : 'no longer counts';
  return `~~${signerText(signer)}~~ ${why}`;
}

function signoffRow(signoff: SignoffResult): string[] {
  const needed = signoff.required > 1 ? ` (${signoff.required} needed)` : '';
  const trigger = signoff.trigger && signoff.trigger !== 'always' ? `<br><sub>${inline(signoff.trigger)}</sub>` : '';
  const eligible = signoff.eligible.map(code).join(', ') || 'nobody: the role has no members';
  const signed = [...signoff.signers.map(signerText), ...signoff.staleSigners.map(staleSignerText)];
  const notes = signoff.reasons.map(inline);
  if (signoff.blockedBy) {
    notes.unshift(`changes requested by ${mention(signoff.blockedBy.login)} (${formatDate(signoff.blockedBy.at)})`);
  }
  return [
    `${code(signoff.role)}${needed}${trigger}`,
    eligible,
    signoffStatusLabel(signoff.status),
    signed.join('<br>') || '—',
    notes.join('<br>') || '—',
  ];
}

function signoffsBlock(verdict: Verdict): string {
  const rows = verdict.signoffs.filter(applies).map(signoffRow);
  if (rows.length === 0) return 'No sign-offs are needed for this pull request.';
  return table(['Role', 'Who may sign', 'Status', 'Signed by', 'Notes'], rows);
}

export function evidenceStatusText(item: EvidenceResult): string {
  const label = evidenceStatusLabel(item.status);
  if (item.status === 'warning' && item.enforceFrom) return `${label} (enforced from ${inline(item.enforceFrom)})`;
  if (item.status === 'waived' && item.waiver) return `${label} until ${formatDate(item.waiver.expiresAt)}`;
  return label;
}

export function problemsText(item: EvidenceResult): string {
  const problems = item.problems.map((problem) => {
    const where = problem.file && problem.line ? ` (${code(`${problem.file}:${problem.line}`)})` : '';
    return `${inline(problem.message)}${where}`;
  });
  return problems.join('<br>') || '—';
}

/** Only a web link becomes one: the URL comes from GitHub, but a `javascript:` link must never render. */
export function issueLink(url: string | undefined): string {
  if (url === undefined || !/^https?:\/\//i.test(url)) return '—';
  const number = /\/issues\/(\d+)\/?$/.exec(url)?.[1];
  const target = url.replace(/[()<>\s]/g, (char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
  return number ? `[#${number}](${target})` : `[issue](${target})`;
}

interface AreaGroup {
  name: string;
  status?: AreaStatus;
  items: EvidenceResult[];
}

/** Applicable evidence by area: areas in the verdict's order, then any the verdict did not list. */
function groupByArea(verdict: Verdict): AreaGroup[] {
  const groups = new Map<string, AreaGroup>();
  for (const area of verdict.areas) groups.set(area.name, { name: area.name, status: area.status, items: [] });
  for (const item of verdict.evidence.filter(applies)) {
    const group = groups.get(item.area) ?? { name: item.area, items: [] };
    group.items.push(item);
    groups.set(item.area, group);
  }
  return [...groups.values()].filter((group) => group.items.length > 0);
}

function evidenceBlock(verdict: Verdict, issueLinks: Record<string, string>): string {
  const groups = groupByArea(verdict);
  if (groups.length === 0) return 'No evidence is needed for this pull request.';
  const linkOf = (item: EvidenceResult) => (Object.hasOwn(issueLinks, item.id) ? issueLinks[item.id] : undefined);
  const withIssues = verdict.evidence.some((item) => linkOf(item) !== undefined);
  const headers = ['Item', 'Owner', 'Status', 'What is missing', ...(withIssues ? ['Gap issue'] : [])];
  return groups
    .map((group) => {
      const status = group.status ? `: ${areaStatusLabel(group.status)}` : '';
      const rows = group.items.map((item) => [
        `${inline(item.title)} (${code(item.id)})`,
        code(item.owner),
        evidenceStatusText(item),
        problemsText(item),
        ...(withIssues ? [issueLink(linkOf(item))] : []),
      ]);
      return `#### ${inline(group.name)}${status}\n\n${table(headers, rows)}`;
    })
    .join('\n\n');
}

function waiversBlock(verdict: Verdict): string {
  const rows = verdict.evidence
    .filter(applies)
    .flatMap((item) => (item.waiver ? [{ item, waiver: item.waiver }] : []))
    .map(({ item, waiver }) => [
      code(item.id),
      mention(waiver.approver),
      inline(waiver.reason),
      formatTime(waiver.grantedAt),
      `${formatTime(waiver.expiresAt)}${waiver.expired ? ' (expired: a gap again)' : ''}`,
    ]);
  if (rows.length === 0) return '';
  return `### Waivers\n\n${table(['Item', 'Approved by', 'Reason', 'Granted', 'Expires'], rows)}`;
}

function notesBlock(verdict: Verdict): string {
  const notes = notesText(verdict.notes);
  if (notes.length === 0) return '';
  return `### Notes\n\n${notes.map((note) => `- ${inline(note)}`).join('\n')}`;
}

function notApplicableBlock(verdict: Verdict): string {
  const condition = (trigger: string) => (trigger ? ` (${inline(trigger)})` : '');
  const lines = [
    ...verdict.signoffs
      .filter((signoff) => !applies(signoff))
      .map((signoff) => `- Sign-off ${code(signoff.role)}${condition(signoff.trigger)}`),
    ...verdict.evidence
      .filter((item) => !applies(item))
      .map((item) => `- Evidence ${code(item.id)}: ${inline(item.title)}${condition(item.trigger)}`),
  ];
  if (lines.length === 0) return '';
  const what = lines.length === 1 ? '1 requirement does' : `${lines.length} requirements do`;
  return `<details>\n<summary>${what} not apply to this pull request</summary>\n\n${lines.join('\n')}\n\n</details>`;
}

function overview(verdict: Verdict): string {
  const lines = [`**${countsLine(verdict)}** at commit ${shortSha(verdict.headSha)}.`];
  if (verdict.contractChanged) {
    lines.push(
      'This pull request changes the readiness contract itself. It is judged by the contract on the base branch, and every role that contract names must sign off.',
    );
  }
  if (verdict.enforcement === 'advisory') lines.push('The contract is advisory: gaps are reported but do not block merging.');
  return lines.join('\n\n');
}

/** Blank placeholders leave runs of empty lines behind; Markdown needs at most one. */
function tidy(markdown: string): string {
  return `${markdown.replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

export function renderOutOfScope(): string {
  return `## Production readiness: ✅ not needed\n\n${OUT_OF_SCOPE_TITLE}, so the readiness contract does not apply to this pull request.\n`;
}

export function renderChecklist(verdict: Verdict, options: ChecklistOptions = {}): string {
  if (!verdict.inScope) return renderOutOfScope();
  return tidy(
    renderTemplate('checklist.md', {
      status: conclusionLabel(verdict.conclusion),
      overview: overview(verdict),
      signoffs: signoffsBlock(verdict),
      evidence: evidenceBlock(verdict, options.issueLinks ?? {}),
      waivers: waiversBlock(verdict),
      notes: notesBlock(verdict),
      not_applicable: notApplicableBlock(verdict),
    }),
  );
}
