/**
 * The details page as plain data: (pull request, judgement, history) → what
 * the page shows, with every link already made. Pure, so each rule of what the
 * page says is unit-tested without HTML or GitHub; details-page.ts only lays it out.
 */
import type { ContractError } from '../contract/parse.js';
import type { Conclusion, EvidenceStatus, Problem, SignerRecord, SignoffStatus, Verdict } from '../evaluate/verdict.js';
import type { RepoRef } from '../github/client.js';
import { conclusionLabel, evidenceStatusLabel, signoffStatusLabel } from '../render/status-labels.js';
import { notesText } from '../render/notes.js';
import { sharedHeadCheck } from '../render/not-judged.js';
import type { EvaluationEntry } from '../audit/history.js';
import type { AuditRecord } from '../audit/record-schema.js';
import type { ContractSource, PageJudgement, PullSummary } from './read-verdict.js';

/** How a status is coloured: good, bad, caution, or neither. */
export type Tone = 'good' | 'bad' | 'caution' | 'quiet';

export interface LinkedText {
  text: string;
  url: string | null;
}

export interface SignerView {
  login: string;
  commit: LinkedText | null;
  at: string;
  counts: boolean;
  /** Why it no longer counts: "stale since <commit>" or "expired at <time>". */
  why: { kind: 'stale'; since: LinkedText } | { kind: 'expired'; at: string } | null;
}

export interface SignoffView {
  role: string;
  status: string;
  tone: Tone;
  required: number;
  eligible: string[];
  trigger: string;
  reasons: string[];
  signers: SignerView[];
  blockedBy: { login: string; at: string } | null;
}

export interface EvidenceView {
  id: string;
  title: string;
  area: string;
  owner: string;
  status: string;
  tone: Tone;
  trigger: string;
  file: LinkedText | null;
  problems: { message: string; location: LinkedText | null }[];
  enforceFrom: string | null;
}

export interface WaiverView {
  evidenceId: string;
  approver: string;
  reason: string;
  days: number;
  grantedAt: string;
  expiresAt: string;
  state: 'in force' | 'expired';
}

export interface HistoryView {
  commit: LinkedText;
  conclusion: string;
  tone: Tone;
  title: string;
  evaluatedAt: string;
  checkUrl: string | null;
  current: boolean;
}

export interface DetailsView {
  heading: string;
  pull: PullSummary & { repository: string; htmlUrl: string | null };
  head: LinkedText;
  outcome:
    | { kind: 'judged'; conclusion: string; tone: Tone; inScope: boolean; counts: string; evaluatedAt: string }
    | { kind: 'no-contract' }
    /** The check's own refusal (render/not-judged.ts), word for word: the page judges no more than the check does. */
    | { kind: 'refused'; conclusion: string; title: string; summary: string }
    | { kind: 'contract-unavailable'; message: string }
    | { kind: 'contract-errors'; errors: { message: string; location: LinkedText }[] };
  signoffs: SignoffView[];
  evidence: EvidenceView[];
  waivers: WaiverView[];
  contract: { source: string; sha: string | null }[];
  notes: string[];
  history: HistoryView[];
}

export interface PageInput {
  repo: RepoRef;
  pull: PullSummary;
  judgement: PageJudgement;
  /** The app's own evaluations of this pull request (audit/history.ts), in any order. */
  history: readonly EvaluationEntry[];
  /** github.com or the GHE host, for blob and commit links. */
  webBase: string;
}

const CONCLUSION_TONE: Record<Conclusion, Tone> = { success: 'good', failure: 'bad', neutral: 'caution' };
const SIGNOFF_TONE: Record<SignoffStatus, Tone> = { met: 'good', missing: 'bad', stale: 'bad', not_applicable: 'quiet' };
const EVIDENCE_TONE: Record<EvidenceStatus, Tone> = { met: 'good', missing: 'bad', waived: 'caution', warning: 'caution', not_applicable: 'quiet' };

const segment = (part: string) => encodeURIComponent(part);
const filePath = (path: string) => path.split('/').map(segment).join('/');

export function commitLink(webBase: string, repo: RepoRef, sha: string): LinkedText {
  const valid = /^[0-9a-f]{7,64}$/i.test(sha);
  return { text: valid ? sha.slice(0, 7) : sha, url: valid ? `${webBase}/${segment(repo.owner)}/${segment(repo.repo)}/commit/${sha}` : null };
}

/** The file (and line) at the judged commit: a blob link pinned to that SHA, so it shows what was judged even after later pushes. */
export function blobLink(webBase: string, repo: RepoRef, sha: string, path: string, line?: number): LinkedText {
  const anchor = line ? `#L${line}` : '';
  return { text: line ? `${path}:${line}` : path, url: `${webBase}/${segment(repo.owner)}/${segment(repo.repo)}/blob/${sha}/${filePath(path)}${anchor}` };
}

function signerView(input: PageInput, signer: SignerRecord, counts: boolean): SignerView {
  const why: SignerView['why'] = signer.staleSince
    ? { kind: 'stale', since: commitLink(input.webBase, input.repo, signer.staleSince) }
    : signer.expiredAt
      ? { kind: 'expired', at: signer.expiredAt }
      : null;
  return { login: signer.login, commit: signer.commitSha ? commitLink(input.webBase, input.repo, signer.commitSha) : null, at: signer.at, counts, why };
}

function problemView(input: PageInput, sha: string, problem: Problem): EvidenceView['problems'][number] {
  return { message: problem.message, location: problem.file ? blobLink(input.webBase, input.repo, sha, problem.file, problem.line) : null };
}

function countsText(verdict: Verdict): string {
  const { signoffs, evidence, waived, warnings } = verdict.counts;
  const extra = [waived ? `${waived} waived` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean);
  return [`${signoffs.met} of ${signoffs.required} sign-offs`, `${evidence.met} of ${evidence.required} evidence`, ...extra].join(' · ');
}

function contractErrorView(input: PageInput, error: ContractError, contract: readonly ContractSource[]): { message: string; location: LinkedText } {
  const where = `.github/readiness.yml:${error.line}:${error.column}`;
  // The contract is read from the base branch, so the link points there.
  const url = contract.length > 0 ? blobLink(input.webBase, input.repo, input.pull.base, '.github/readiness.yml', error.line).url : null;
  return { message: error.path ? `${error.path}: ${error.message}` : error.message, location: { text: where, url } };
}

/** One line per head commit: its latest evaluation, newest first (a re-run or a rewrite on the same commit replaces the older one). */
function historyView(input: PageInput): HistoryView[] {
  const latest = new Map<string, EvaluationEntry>();
  for (const entry of [...input.history].sort((a, b) => compareTimes(timeOf(a), timeOf(b)) || a.checkRun.id - b.checkRun.id)) {
    latest.set(entry.record.headSha ?? entry.checkRun.headSha, entry);
  }
  return [...latest.entries()].reverse().map(([headSha, entry]) => ({
    commit: commitLink(input.webBase, input.repo, headSha),
    conclusion: entry.record.conclusion,
    tone: entry.record.conclusion === 'success' ? 'good' : entry.record.conclusion === 'failure' ? 'bad' : 'caution',
    title: recordSummary(entry.record),
    evaluatedAt: timeOf(entry) ?? 'unknown',
    checkUrl: entry.checkRun.url,
    current: headSha === input.pull.headSha,
  }));
}

function timeOf(entry: EvaluationEntry): string | null {
  return entry.record.evaluatedAt ?? entry.checkRun.completedAt;
}

function compareTimes(a: string | null, b: string | null): number {
  const left = a ? Date.parse(a) : 0;
  const right = b ? Date.parse(b) : 0;
  return left - right;
}

/** What the record says in a few words: the counts a check's title gives. */
export function recordSummary(record: AuditRecord): string {
  if (record.contract.errors?.length) return 'the contract had errors';
  if (!record.inScope) return 'not in scope';
  const applies = <T extends { status: string }>(items: readonly T[]) => items.filter((i) => i.status !== 'not_applicable');
  const signoffs = applies(record.signoffs);
  const evidence = applies(record.evidence);
  const met = (items: readonly { status: string }[]) => items.filter((i) => i.status === 'met').length;
  return `${met(signoffs)} of ${signoffs.length} sign-offs · ${met(evidence)} of ${evidence.length} evidence`;
}

export function detailsPageModel(input: PageInput): DetailsView {
  const { repo, pull, judgement } = input;
  const base = {
    heading: `Readiness of ${repo.owner}/${repo.repo}#${pull.number}`,
    pull: { ...pull, repository: `${repo.owner}/${repo.repo}` },
    head: commitLink(input.webBase, repo, pull.headSha),
    signoffs: [],
    evidence: [],
    waivers: [],
    contract: 'contract' in judgement ? judgement.contract.map((c) => ({ ...c })) : [],
    notes: [],
    history: historyView(input),
  };
  if (judgement.kind === 'no-contract') return { ...base, outcome: { kind: 'no-contract' } };
  if (judgement.kind === 'contract-unavailable') return { ...base, outcome: { kind: 'contract-unavailable', message: judgement.message } };
  if (judgement.kind === 'contract-errors') {
    return { ...base, outcome: { kind: 'contract-errors', errors: judgement.errors.map((e) => contractErrorView(input, e, judgement.contract)) } };
  }
  if (judgement.kind === 'shared-head') {
    const refusal = sharedHeadCheck(judgement.pulls, judgement.base);
    return { ...base, outcome: { kind: 'refused', conclusion: conclusionLabel(refusal.conclusion), title: refusal.output.title, summary: refusal.output.summary } };
  }
  const { verdict } = judgement;
  return {
    ...base,
    outcome: {
      kind: 'judged',
      conclusion: conclusionLabel(verdict.conclusion),
      tone: CONCLUSION_TONE[verdict.conclusion],
      inScope: verdict.inScope,
      counts: verdict.inScope ? countsText(verdict) : 'No model or deployment paths changed',
      evaluatedAt: verdict.evaluatedAt,
    },
    signoffs: verdict.signoffs.map((s) => ({
      role: s.role,
      status: signoffStatusLabel(s.status),
      tone: SIGNOFF_TONE[s.status],
      required: s.required,
      eligible: [...s.eligible],
      trigger: s.trigger,
      reasons: [...s.reasons],
      signers: [...s.signers.map((x) => signerView(input, x, true)), ...s.staleSigners.map((x) => signerView(input, x, false))],
      blockedBy: s.blockedBy ? { login: s.blockedBy.login, at: s.blockedBy.at } : null,
    })),
    evidence: verdict.evidence.map((e) => ({
      id: e.id,
      title: e.title,
      area: e.area,
      owner: e.owner,
      status: evidenceStatusLabel(e.status),
      tone: EVIDENCE_TONE[e.status],
      trigger: e.trigger,
      file: e.file ? blobLink(input.webBase, repo, verdict.headSha, e.file) : null,
      problems: e.problems.map((p) => problemView(input, verdict.headSha, p)),
      enforceFrom: e.enforceFrom ?? null,
    })),
    waivers: verdict.evidence.flatMap((e) =>
      e.waiver
        ? [{ evidenceId: e.waiver.evidenceId, approver: e.waiver.approver, reason: e.waiver.reason, days: e.waiver.days, grantedAt: e.waiver.grantedAt, expiresAt: e.waiver.expiresAt, state: e.waiver.expired ? ('expired' as const) : ('in force' as const) }]
        : [],
    ),
    notes: notesText(verdict.notes),
  };
}
