/** Hand-built verdicts for render tests: a full one, and helpers to vary it. */
import type { EvidenceResult, SignoffResult, Verdict } from '../../src/evaluate/verdict.js';

export const HEAD = '0123456789abcdef0123456789abcdef01234567';

export function signoff(overrides: Partial<SignoffResult> = {}): SignoffResult {
  return {
    role: 'ml-lead',
    required: 1,
    status: 'missing',
    eligible: ['@alice', '@acme/ml-leads'],
    signers: [],
    staleSigners: [],
    trigger: 'always',
    reasons: [],
    ...overrides,
  };
}

export function evidence(overrides: Partial<EvidenceResult> = {}): EvidenceResult {
  return {
    id: 'model-card',
    title: 'Intended use and limits',
    area: 'evidence',
    owner: 'ml-lead',
    status: 'met',
    problems: [],
    file: 'docs/model-card.md',
    trigger: 'always',
    ...overrides,
  };
}

export function verdict(overrides: Partial<Verdict> = {}): Verdict {
  return {
    inScope: true,
    conclusion: 'failure',
    enforcement: 'blocking',
    counts: { signoffs: { met: 1, required: 2 }, evidence: { met: 1, required: 3 }, waived: 1, warnings: 0 },
    signoffs: [
      signoff({
        status: 'met',
        signers: [{ login: 'alice', role: 'ml-lead', commitSha: HEAD, at: '2025-03-01T10:00:00Z', entryKey: 'comment:1' }],
      }),
      signoff({
        role: 'sre',
        eligible: ['@bob'],
        status: 'stale',
        trigger: 'paths: serving/**',
        staleSigners: [
          {
            login: 'bob',
            role: 'sre',
            commitSha: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
            at: '2025-02-28T09:00:00Z',
            entryKey: 'comment:2',
            staleSince: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
          },
        ],
        blockedBy: { login: 'carol', entryKey: 'review:7', at: '2025-03-01T11:00:00Z' },
        reasons: ['needs 1 more sign-off'],
      }),
      signoff({ role: 'privacy', eligible: ['@carol'], status: 'not_applicable', trigger: 'when label: impact:high' }),
    ],
    evidence: [
      evidence(),
      evidence({
        id: 'evaluation',
        title: 'Evaluation on production-like data',
        status: 'missing',
        file: 'reports/eval.json',
        problems: [
          { message: 'metrics.auc is 0.74, needs ≥ 0.80', file: 'reports/eval.json', line: 3 },
          { message: 'dataset.source | is missing\nsee docs', file: 'reports/eval.json' },
        ],
      }),
      evidence({
        id: 'runbook',
        title: 'Runbook',
        area: 'operations',
        owner: 'sre',
        status: 'waived',
        file: 'ops/runbook.md',
        problems: [{ message: 'section "Escalation" is missing', file: 'ops/runbook.md', line: 1 }],
        waiver: {
          evidenceId: 'runbook',
          approver: 'bob',
          reason: 'escalation is being rewritten',
          days: 7,
          grantedAt: '2025-03-01T12:00:00Z',
          expiresAt: '2025-03-08T12:00:00Z',
          expired: false,
          entryKey: 'comment:3',
        },
      }),
      evidence({ id: 'rollback', title: 'Tested rollback', area: 'operations', owner: 'sre', status: 'not_applicable', trigger: 'when label: impact:high' }),
    ],
    areas: [
      { name: 'evidence', status: 'gap', evidenceIds: ['model-card', 'evaluation'] },
      { name: 'operations', status: 'waived', evidenceIds: ['runbook'] },
    ],
    commands: [
      { entryKey: 'comment:1', author: 'alice', text: '/signoff ml-lead', accepted: true },
      { entryKey: 'comment:9', author: 'mallory', text: '/signoff sre', accepted: false, reason: 'mallory is not a member of sre' },
    ],
    notes: [],
    contractChanged: false,
    headSha: HEAD,
    evaluatedAt: '2025-03-02T00:00:00.000Z',
    nextChangeAt: null,
    ...overrides,
  };
}
