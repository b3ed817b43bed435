/**
 * The machine-readable audit record of one evaluation, version 1: what a
 * governance team must be able to prove months later (who signed which role
 * at which commit and when, what each evidence item showed, which waivers were
 * granted, which contract judged it). The app writes it into its own
 * `readiness` check run (record-line.ts); the history reader parses it back
 * with this schema, so a record that does not match is reported, never guessed at.
 * Fields are only ever added within a version; a change of meaning is a new version.
 */
import { z } from 'zod';

export const AUDIT_RECORD_VERSION = 1;

const sha = z.string().nullable();
const time = z.string();

const signer = z.object({
  login: z.string(),
  commitSha: sha,
  at: time,
  /** The conversation entry that carried it (`comment:123`, `review:456`). */
  entryKey: z.string(),
  /** Whether it counted for the role in this evaluation. */
  counts: z.boolean(),
  staleSince: z.string().optional(),
  expiredAt: z.string().optional(),
});

const signoff = z.object({
  role: z.string(),
  status: z.enum(['met', 'missing', 'stale', 'not_applicable']),
  required: z.number().int().nonnegative(),
  trigger: z.string(),
  signers: z.array(signer),
  blockedBy: z.object({ login: z.string(), entryKey: z.string(), at: time }).optional(),
});

const problem = z.object({ message: z.string(), file: z.string().optional(), line: z.number().int().optional() });

const evidence = z.object({
  id: z.string(),
  title: z.string(),
  owner: z.string(),
  status: z.enum(['met', 'missing', 'waived', 'warning', 'not_applicable']),
  file: z.string().optional(),
  problems: z.array(problem),
});

const waiver = z.object({
  evidenceId: z.string(),
  approver: z.string(),
  reason: z.string(),
  days: z.number().nonnegative(),
  grantedAt: time,
  expiresAt: time,
  expired: z.boolean(),
  entryKey: z.string(),
});

const contractError = z.object({ message: z.string(), line: z.number(), column: z.number(), path: z.string() });

const contract = z.object({
  /** Where it was read from (several when inherited with `_extends`). */
  path: z.string(),
  /** Every file it was read from with its blob SHA (null when unknown). */
  files: z.array(z.object({ source: z.string(), sha })),
  /** Set when the contract could not be used: the pull request was not judged. */
  errors: z.array(contractError).optional(),
});

export const auditRecordSchema = z.object({
  v: z.literal(AUDIT_RECORD_VERSION),
  /** The pull request judged; null when the check was written without one (never by this version for a pull request). */
  pull: z.number().int().positive().nullable(),
  /** The head commit judged (the check run may sit on another commit that carries the same check). */
  headSha: z.string().nullable(),
  /** Null for a contract error: the check run's completion time says when. */
  evaluatedAt: time.nullable(),
  inScope: z.boolean(),
  enforcement: z.enum(['blocking', 'advisory']).nullable(),
  conclusion: z.enum(['success', 'failure', 'neutral']),
  contractChanged: z.boolean(),
  contract,
  signoffs: z.array(signoff),
  evidence: z.array(evidence),
  waivers: z.array(waiver),
  /** Set when problem texts were shortened or dropped to fit GitHub's size limit. */
  truncated: z.boolean().optional(),
});

export type AuditRecord = z.infer<typeof auditRecordSchema>;
export type AuditSignoff = AuditRecord['signoffs'][number];
export type AuditEvidence = AuditRecord['evidence'][number];
export type AuditWaiver = AuditRecord['waivers'][number];
