/**
 * The audit record in the check run's details (SPEC §3, readiness item 25): who
 * signed which role at which commit and when, what each evidence item showed,
 * which waivers were granted, and which contract judged it. Unlike the
 * checklist it gives full SHAs and exact times, because it is a record.
 */
import type { CommandOutcome, EvidenceResult, SignerRecord, SignoffResult, Verdict, WaiverRecord } from '../evaluate/verdict.js';
import { code, inline, mention } from './markdown.js';
import { evidenceStatusLabel, signoffStatusLabel } from './status-labels.js';
import { notesText } from './notes.js';
import { isRecordLine, recordLineWithoutTime } from '../audit/record-line.js';

export interface AuditContext {
  contractPath: string;
  /** Blob SHA of the contract that judged the pull request; null when unknown. */
  contractSha: string | null;
  /**
   * Every file the contract was read from with its blob SHA (null when unknown),
   * the repository's own first; an inherited contract is merged from several.
   */
  contractFiles?: readonly { source: string; sha: string | null }[];
  /** The pull request judged, for the machine-readable record (src/audit/). */
  pull?: number;
}

const exact = (value: string | null | undefined) => (value ? code(value) : 'unknown');

function signerLine(prefix: string, signer: SignerRecord): string {
  const why = signer.staleSince
    ? `; stale since ${exact(signer.staleSince)}`
    : signer.expiredAt
      ? `; expired at ${exact(signer.expiredAt)}`
      : '';
  return `  - ${prefix}: ${mention(signer.login)} at commit ${exact(signer.commitSha)}, ${exact(signer.at)} (${code(signer.entryKey)})${why}`;
}

function signoffLines(signoff: SignoffResult): string[] {
  const lines = [
    `- ${code(signoff.role)}: ${signoffStatusLabel(signoff.status)} (needs ${signoff.required}; ${inline(signoff.trigger || 'trigger unknown')})`,
    ...signoff.signers.map((signer) => signerLine('counts', signer)),
    ...signoff.staleSigners.map((signer) => signerLine('does not count', signer)),
  ];
  if (signoff.blockedBy) {
    const { login, at, entryKey } = signoff.blockedBy;
    lines.push(`  - blocked: changes requested by ${mention(login)}, ${exact(at)} (${code(entryKey)})`);
  }
  lines.push(...signoff.reasons.map((reason) => `  - ${inline(reason)}`));
  return lines;
}

function evidenceLines(item: EvidenceResult): string[] {
  const enforce = item.enforceFrom ? `; enforced from ${inline(item.enforceFrom)}` : '';
  const file = item.file ? `; file ${code(item.file)}` : '';
  return [
    `- ${code(item.id)} ${inline(item.title)}: ${evidenceStatusLabel(item.status)} (owner ${code(item.owner)}; ${inline(item.trigger || 'trigger unknown')}${file}${enforce})`,
    ...item.problems.map((problem) => {
      const where = problem.file ? ` (${code(problem.line ? `${problem.file}:${problem.line}` : problem.file)})` : '';
      return `  - ${inline(problem.message)}${where}`;
    }),
  ];
}

function waiverLine(waiver: WaiverRecord): string {
  const state = waiver.expired ? 'expired' : 'in force';
  return `- ${code(waiver.evidenceId)}: waived by ${mention(waiver.approver)} for ${waiver.days} days, granted ${exact(waiver.grantedAt)}, expires ${exact(waiver.expiresAt)} (${state}; ${code(waiver.entryKey)}). Reason: ${inline(waiver.reason)}`;
}

function commandLine(command: CommandOutcome): string {
  const outcome = command.accepted ? 'accepted' : `refused: ${inline(command.reason)}`;
  return `- ${mention(command.author)} ${code(command.text)} (${code(command.entryKey)}): ${outcome}`;
}

const blob = (sha: string | null | undefined) => (sha ? `blob ${code(sha)}` : 'blob SHA unknown');

function contractLines(audit: AuditContext): string[] {
  const files = audit.contractFiles ?? [];
  if (files.length <= 1) return [`- Contract: ${code(audit.contractPath)}, ${blob(files[0]?.sha ?? audit.contractSha)}`];
  return [
    `- Contract: merged from ${files.length} files, each top-level key from the first that sets it:`,
    ...files.map((file) => `  - ${code(file.source)}, ${blob(file.sha)}`),
  ];
}

function section(heading: string, lines: string[]): string {
  return lines.length === 0 ? '' : `\n#### ${heading}\n\n${lines.join('\n')}\n`;
}

const EVALUATED_AT_LABEL = '- Evaluated at: ';

/**
 * A check's text without the moment it was evaluated: two verdicts that differ
 * only there are the same verdict, and re-writing it on every scheduled
 * re-evaluation, sweep or redelivery would cost a write each time for nothing.
 */
export function withoutEvaluationTime(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith(EVALUATED_AT_LABEL))
    .map((line) => (isRecordLine(line) ? recordLineWithoutTime(line) : line))
    .join('\n');
}

export function renderAuditRecord(verdict: Verdict, audit: AuditContext): string {
  const header = [
    '### Audit record',
    '',
    ...contractLines(audit),
    `- Head commit: ${exact(verdict.headSha)}`,
    `${EVALUATED_AT_LABEL}${exact(verdict.evaluatedAt)}`,
    `- In scope: ${verdict.inScope ? 'yes' : 'no'}`,
    `- Enforcement: ${inline(verdict.enforcement)}; conclusion: ${inline(verdict.conclusion)}`,
    ...(verdict.contractChanged ? ['- The pull request changes the contract file.'] : []),
  ].join('\n');
  const waivers = verdict.evidence.flatMap((item) => (item.waiver ? [item.waiver] : []));
  return [
    `${header}\n`,
    section('Sign-offs', verdict.signoffs.flatMap(signoffLines)),
    section('Evidence', verdict.evidence.flatMap(evidenceLines)),
    section('Waivers', waivers.map(waiverLine)),
    section('Commands', verdict.commands.map(commandLine)),
    section('Notes', notesText(verdict.notes).map((note) => `- ${inline(note)}`)),
  ].join('');
}
