/**
 * Builds snapshots and contracts for tests: say only what matters to the test,
 * everything else gets a plain default (an open pull request by @author with
 * no files, labels, evidence, checks or conversation).
 */
import { contractSchema } from '../../src/contract/schema.js';
import type { Contract, ContractInput } from '../../src/contract/schema.js';
import type {
  ChangedFile,
  ChangesSince,
  CheckConclusion,
  CheckFact,
  CheckObservation,
  ConversationEntry,
  EvidenceFileFact,
  Snapshot,
  TeamMembershipFact,
} from '../../src/facts/snapshot.js';

export interface SnapshotSpec {
  /** A bare path is a modified file. */
  files?: (string | ChangedFile)[];
  truncated?: boolean;
  labels?: string[];
  author?: string;
  headSha?: string;
  /** A string is the content of a present file. */
  evidence?: Record<string, string | EvidenceFileFact>;
  /** A bare conclusion is one check run of the app `ci-app` (not GitHub Actions, so no workflow to judge). */
  checks?: Record<string, CheckConclusion | CheckObservation[]>;
  /** Templates at the base branch; a string is the content of a present file. */
  templates?: Record<string, string | EvidenceFileFact>;
  /** The head's `.github/readiness.yml`; a string is the content of a present file. */
  proposedContract?: string | EvidenceFileFact;
  conversation?: ConversationEntry[];
  teamMemberships?: TeamMembershipFact[];
  changesSince?: ChangesSince[];
}

export const CI_APP = 'ci-app';

export const HEAD_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

export function buildSnapshot(spec: SnapshotSpec = {}): Snapshot {
  const evidence: Record<string, EvidenceFileFact> = {};
  for (const [path, fact] of Object.entries(spec.evidence ?? {})) {
    evidence[path] = typeof fact === 'string' ? { state: 'present', content: fact } : fact;
  }
  const templates: Record<string, EvidenceFileFact> = {};
  for (const [path, fact] of Object.entries(spec.templates ?? {})) {
    templates[path] = typeof fact === 'string' ? { state: 'present', content: fact } : fact;
  }
  const checks: Record<string, CheckFact> = {};
  for (const [name, given] of Object.entries(spec.checks ?? {})) {
    checks[name] = { name, observations: typeof given === 'string' ? [{ kind: 'check_run', app: CI_APP, conclusion: given }] : given };
  }
  return {
    pull: {
      number: 7,
      author: { login: spec.author ?? 'author', type: 'User' },
      headSha: spec.headSha ?? HEAD_SHA,
      baseRef: 'main',
      labels: spec.labels ?? [],
      state: 'open',
      merged: false,
    },
    changedFiles: (spec.files ?? []).map((file) => (typeof file === 'string' ? { path: file, status: 'modified' } : file)),
    changedFilesTruncated: spec.truncated ?? false,
    evidence,
    ...(spec.templates ? { templates } : {}),
    ...(spec.proposedContract === undefined
      ? {}
      : { proposedContract: typeof spec.proposedContract === 'string' ? { state: 'present', content: spec.proposedContract } : spec.proposedContract }),
    checks,
    conversation: spec.conversation ?? [],
    teamMemberships: spec.teamMemberships ?? [],
    changesSince: spec.changesSince ?? [],
  };
}

/** A pull request comment; `at` is an ISO time. */
export function comment(key: number, login: string, body: string, at: string, commitSha: string | null = HEAD_SHA): ConversationEntry {
  return {
    key: `comment:${key}`,
    source: 'comment',
    author: { login, type: 'User' },
    body,
    createdAt: at,
    edited: false,
    commitSha,
  };
}

/** A contract as the parser would return it, with defaults filled in. */
export function buildContract(input: Omit<ContractInput, 'version'> & { version?: 1 }): Contract {
  return contractSchema.parse({ version: 1, ...input });
}
