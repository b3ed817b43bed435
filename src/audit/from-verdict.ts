/**
 * The audit record of an evaluation, from the verdict and the contract that
 * judged it (pure). It holds the same facts as the human-readable audit record
 * (render/audit-record.ts) in the schema of record-schema.ts.
 */
import type { ContractError } from '../contract/contract-issue.js';
import type { SignerRecord, SignoffResult, Verdict } from '../evaluate/verdict.js';
import type { AuditContext } from '../render/audit-record.js';
import { AUDIT_RECORD_VERSION, type AuditRecord, type AuditSignoff } from './record-schema.js';

function signerOf(signer: SignerRecord, counts: boolean): AuditSignoff['signers'][number] {
  return {
    login: signer.login,
    commitSha: signer.commitSha,
    at: signer.at,
    entryKey: signer.entryKey,
    counts,
    ...(signer.staleSince ? { staleSince: signer.staleSince } : {}),
    ...(signer.expiredAt ? { expiredAt: signer.expiredAt } : {}),
  };
}

function signoffOf(signoff: SignoffResult): AuditSignoff {
  return {
    role: signoff.role,
    status: signoff.status,
    required: signoff.required,
    trigger: signoff.trigger,
    signers: [...signoff.signers.map((s) => signerOf(s, true)), ...signoff.staleSigners.map((s) => signerOf(s, false))],
    ...(signoff.blockedBy ? { blockedBy: { ...signoff.blockedBy } } : {}),
  };
}

function contractOf(audit: AuditContext): AuditRecord['contract'] {
  const files = audit.contractFiles?.map((file) => ({ source: file.source, sha: file.sha })) ?? [{ source: audit.contractPath, sha: audit.contractSha }];
  return { path: audit.contractPath, files };
}

export function recordOfVerdict(verdict: Verdict, audit: AuditContext): AuditRecord {
  return {
    v: AUDIT_RECORD_VERSION,
    pull: audit.pull ?? null,
    headSha: verdict.headSha,
    evaluatedAt: verdict.evaluatedAt,
    inScope: verdict.inScope,
    enforcement: verdict.enforcement,
    conclusion: verdict.conclusion,
    contractChanged: verdict.contractChanged,
    contract: contractOf(audit),
    signoffs: verdict.signoffs.map(signoffOf),
    evidence: verdict.evidence.map((item) => ({
      id: item.id,
      title: item.title,
      owner: item.owner,
      status: item.status,
      ...(item.file ? { file: item.file } : {}),
      problems: item.problems.map((p) => ({ message: p.message, ...(p.file ? { file: p.file } : {}), ...(p.line !== undefined ? { line: p.line } : {}) })),
    })),
    waivers: verdict.evidence.flatMap((item) => (item.waiver ? [{ ...item.waiver }] : [])),
  };
}

/** A contract that could not be used judged nothing: the record says so, with the errors. */
export function recordOfContractErrors(errors: readonly ContractError[], contractPath: string): AuditRecord {
  return {
    v: AUDIT_RECORD_VERSION,
    pull: null,
    headSha: null,
    evaluatedAt: null,
    inScope: true,
    enforcement: null,
    conclusion: 'failure',
    contractChanged: false,
    contract: { path: contractPath, files: [], errors: errors.map((e) => ({ message: e.message, line: e.line, column: e.column, path: e.path })) },
    signoffs: [],
    evidence: [],
    waivers: [],
  };
}
