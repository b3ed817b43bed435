import { describe, expect, it } from '@jest/globals';
import type { ContractInput } from '../../src/contract/schema.js';
import { compileContract } from '../../src/evaluate/compile.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { notesText } from '../../src/render/notes.js';
import type { Verdict } from '../../src/evaluate/verdict.js';
import { buildContract, buildSnapshot, comment, HEAD_SHA } from '../support/snapshot-builder.js';
import type { SnapshotSpec } from '../support/snapshot-builder.js';

const NOW = new Date('2026-06-01T12:00:00Z');

/** The contract of SPEC §1. */
const SPEC_CONTRACT: Omit<ContractInput, 'version'> = {
  enforcement: 'blocking',
  scope: { paths: ['models/**', 'serving/**', 'deploy/**', 'data/**'], ignore: ['**/*.md'] },
  roles: { 'ml-lead': ['@alice', '@acme/ml-leads'], sre: ['@bob', '@acme/sre-oncall'], privacy: ['@carol'] },
  signoffs: [
    { role: 'ml-lead' },
    { role: 'sre', when: { paths: ['serving/**', 'deploy/**'] } },
    { role: 'privacy', when: { paths: ['data/**'], labels: ['impact:high'] }, count: 1 },
  ],
  evidence: [
    {
      id: 'model-card',
      title: 'Intended use, limits and known failure modes',
      owner: 'ml-lead',
      file: 'docs/model-card.md',
      sections: ['Intended use', 'Limitations', 'Failure modes'],
    },
    {
      id: 'evaluation',
      title: 'Evaluation on production-like data',
      owner: 'ml-lead',
      file: 'reports/eval.json',
      fields: [
        { path: 'metrics.auc', min: 0.8 },
        { path: 'dataset.source', exists: true },
      ],
      changed_with: ['models/**'],
    },
    {
      id: 'monitoring',
      title: 'Monitoring with alert thresholds',
      owner: 'sre',
      file: 'ops/monitoring.yml',
      fields: [
        { path: 'alerts.latency_p99_ms', max: 500 },
        { path: 'alerts.owner', pattern: '^@' },
      ],
    },
    {
      id: 'rollback',
      title: 'Tested rollback plan and escalation path',
      area: 'ownership-and-oversight',
      owner: 'sre',
      file: 'ops/runbook.md',
      sections: ['Rollback', 'Escalation'],
      max_age_days: 90,
      when: { labels: ['impact:high'] },
    },
    {
      id: 'eval-gate',
      title: 'Automated evaluation gate passed on this commit',
      owner: 'ml-lead',
      checks: ['model-eval'],
      enforce_from: '2027-01-15',
    },
  ],
  waivers: { approvers: ['ml-lead', 'sre'], max_days: 30 },
};

const MODEL_CARD = ['# Model card', '## Intended use', 'Scoring loans.', '## Limitations', 'Not for minors.', '## Failure modes', 'Drift.'].join('\n');
const EVAL_JSON = '{\n  "metrics": { "auc": 0.91 },\n  "dataset": { "source": "prod-sample-2026" }\n}\n';
const MONITORING = 'alerts:\n  latency_p99_ms: 300\n  owner: "@acme/sre-oncall"\n';
const RUNBOOK = '# Runbook\n## Rollback\nhelm rollback serving\n## Escalation\nPage SRE.\n';

/** Evidence that meets every item of the SPEC contract. */
const GOOD_EVIDENCE: SnapshotSpec['evidence'] = {
  'docs/model-card.md': MODEL_CARD,
  'reports/eval.json': EVAL_JSON,
  'ops/monitoring.yml': MONITORING,
  'ops/runbook.md': { state: 'present', content: RUNBOOK, lastChangedAt: '2026-05-20T08:00:00Z' },
};

function run(contract: Omit<ContractInput, 'version'>, spec: SnapshotSpec, now = NOW): Verdict {
  return evaluate(compileContract(buildContract(contract)), buildSnapshot(spec), now);
}

function signoffRows(verdict: Verdict): [string, string, number, string][] {
  return verdict.signoffs.map((s) => [s.role, s.status, s.required, s.trigger]);
}

function evidenceRows(verdict: Verdict): [string, string, string][] {
  return verdict.evidence.map((e) => [e.id, e.status, e.trigger]);
}

/** A contract with one evidence item, judged on a pull request that changes models/train.py. */
function judgeItem(item: Record<string, unknown>, spec: SnapshotSpec = {}, extra: Partial<ContractInput> = {}): Verdict {
  const contract = {
    scope: { paths: ['models/**', 'serving/**'] },
    roles: { 'ml-lead': ['@alice'] },
    evidence: [{ id: 'item', title: 'The item', owner: 'ml-lead', ...item }],
    ...extra,
  } as Omit<ContractInput, 'version'>;
  return run(contract, { files: ['models/train.py'], ...spec });
}

function onlyEvidence(verdict: Verdict) {
  const [item] = verdict.evidence;
  return { status: item?.status, problems: item?.problems };
}

describe('scope', () => {
  it('passes a pull request that changes nothing in scope, with every requirement not applicable', () => {
    const verdict = run(SPEC_CONTRACT, { files: ['src/app.ts', 'models/README.md'], evidence: {} });
    expect(verdict).toMatchObject({
      inScope: false,
      conclusion: 'success',
      enforcement: 'blocking',
      counts: { signoffs: { met: 0, required: 0 }, evidence: { met: 0, required: 0 }, waived: 0, warnings: 0 },
      areas: [],
      commands: [],
      notes: [],
      contractChanged: false,
      headSha: HEAD_SHA,
      evaluatedAt: '2026-06-01T12:00:00.000Z',
    });
    expect(signoffRows(verdict)).toEqual([
      ['ml-lead', 'not_applicable', 1, 'always'],
      ['sre', 'not_applicable', 1, 'when paths: serving/**, deploy/**'],
      ['privacy', 'not_applicable', 1, 'when paths: data/** or label: impact:high'],
    ]);
    expect(verdict.signoffs[0]?.reasons).toEqual(['the pull request changes no file in the contract scope']);
    expect(verdict.evidence.every((e) => e.status === 'not_applicable' && e.problems.length === 0)).toBe(true);
  });

  it('does not let an ignored file hide a file that counts', () => {
    expect(run(SPEC_CONTRACT, { files: ['models/README.md'] }).inScope).toBe(false);
    expect(run(SPEC_CONTRACT, { files: ['models/README.md', 'models/train.py'] }).inScope).toBe(true);
  });

  it('counts a renamed file under its previous path too', () => {
    const verdict = run(SPEC_CONTRACT, { files: [{ path: 'archive/old.py', previousPath: 'serving/old.py', status: 'renamed' }] });
    expect(verdict.inScope).toBe(true);
    expect(signoffRows(verdict)[1]).toEqual(['sre', 'missing', 1, 'paths: serving/**']);
  });

  it('brings a change to the contract itself in scope and asks every role to sign off', () => {
    const verdict = run(SPEC_CONTRACT, { files: ['.github/readiness.yml'] });
    expect(verdict.inScope).toBe(true);
    expect(verdict.contractChanged).toBe(true);
    expect(signoffRows(verdict)).toEqual([
      ['ml-lead', 'missing', 1, 'always'],
      ['sre', 'missing', 1, 'contract change'],
      ['privacy', 'missing', 1, 'contract change'],
    ]);
    expect(verdict.conclusion).toBe('failure');
  });

  it('adds a role that no signoffs entry names when the contract changes', () => {
    const contract = { ...SPEC_CONTRACT, roles: { ...SPEC_CONTRACT.roles, auditor: ['@dave'] } };
    expect(signoffRows(run(contract, { files: ['.github/readiness.yml'] }))[3]).toEqual(['auditor', 'missing', 1, 'contract change']);
  });

  it('treats a cut file list as in scope with every path condition met, and says so', () => {
    const verdict = run(SPEC_CONTRACT, { files: ['src/app.ts'], truncated: true, evidence: GOOD_EVIDENCE, checks: { 'model-eval': 'success' } });
    const assumed = 'assumed: the list of changed files is incomplete';
    expect(verdict.inScope).toBe(true);
    expect(verdict.notes).toEqual([{ kind: 'incomplete-file-list' }]);
    expect(signoffRows(verdict)).toEqual([
      ['ml-lead', 'missing', 1, 'always'],
      ['sre', 'missing', 1, `paths (${assumed})`],
      ['privacy', 'missing', 1, `paths (${assumed})`],
    ]);
    expect(verdict.evidence[1]).toMatchObject({
      id: 'evaluation',
      status: 'missing',
      problems: [{ message: `models/** may have changed (${assumed}) and reports/eval.json is not among the listed changes`, file: 'reports/eval.json' }],
    });
    expect(verdict.conclusion).toBe('failure');
  });

  // A file list GitHub did not give is marked cut where it is read (test/facts/github-boundaries.test.ts); then:
  it('treats an empty file list marked cut as in scope', () => {
    const snapshot = { ...buildSnapshot({}), changedFiles: [], changedFilesTruncated: true };
    const verdict = evaluate(compileContract(buildContract(SPEC_CONTRACT)), snapshot, NOW);
    expect(verdict.inScope).toBe(true);
    expect(verdict.notes).toEqual([{ kind: 'incomplete-file-list' }]);
    expect(verdict.conclusion).toBe('failure');
  });
});

describe('when', () => {
  it('applies a requirement when a changed file matches its paths, naming the first matching glob', () => {
    const verdict = run(SPEC_CONTRACT, { files: ['deploy/prod.yaml', 'serving/api.py'] });
    expect(signoffRows(verdict)).toEqual([
      ['ml-lead', 'missing', 1, 'always'],
      ['sre', 'missing', 1, 'paths: serving/**'],
      ['privacy', 'not_applicable', 1, 'when paths: data/** or label: impact:high'],
    ]);
    expect(verdict.signoffs[2]?.reasons).toEqual(['does not apply: none of its conditions holds (when paths: data/** or label: impact:high)']);
  });

  it('applies a requirement when the pull request has one of its labels', () => {
    const verdict = run(SPEC_CONTRACT, { files: ['models/train.py'], labels: ['impact:high'] });
    expect(signoffRows(verdict)[2]).toEqual(['privacy', 'missing', 1, 'label: impact:high']);
    expect(evidenceRows(verdict)[3]).toEqual(['rollback', 'missing', 'label: impact:high']);
  });

  it('leaves an item out when none of its conditions holds', () => {
    const verdict = run(SPEC_CONTRACT, { files: ['models/train.py'] });
    expect(verdict.evidence[3]).toEqual({
      id: 'rollback',
      title: 'Tested rollback plan and escalation path',
      area: 'ownership-and-oversight',
      owner: 'sre',
      file: 'ops/runbook.md',
      status: 'not_applicable',
      problems: [],
      trigger: 'when label: impact:high',
    });
  });
});

describe('the SPEC example', () => {
  it('judges every kind of evidence and collects every problem', () => {
    const verdict = run(SPEC_CONTRACT, {
      files: ['models/train.py', 'serving/api.py'],
      labels: ['impact:high'],
      evidence: {
        'docs/model-card.md': '# Model card\n## Intended use\nScoring loans.\n\n## Limitations\nTODO\n',
        'reports/eval.json': '{\n  "metrics": {\n    "auc": 0.74\n  }\n}\n',
        'ops/monitoring.yml': 'alerts:\n  latency_p99_ms: 650\n  owner: bob\n',
        'ops/runbook.md': { state: 'present', content: RUNBOOK, lastChangedAt: '2025-11-01T00:00:00Z' },
      },
      checks: { 'model-eval': 'failure' },
    });
    expect(verdict.evidence).toEqual([
      {
        id: 'model-card',
        title: 'Intended use, limits and known failure modes',
        area: 'evidence',
        owner: 'ml-lead',
        file: 'docs/model-card.md',
        status: 'missing',
        problems: [
          { message: "section 'Limitations' (line 5) is empty or only a placeholder", file: 'docs/model-card.md', line: 5 },
          { message: "section 'Failure modes' is missing (no heading with that text)", file: 'docs/model-card.md' },
        ],
        trigger: 'always',
      },
      {
        id: 'evaluation',
        title: 'Evaluation on production-like data',
        area: 'evidence',
        owner: 'ml-lead',
        file: 'reports/eval.json',
        status: 'missing',
        problems: [
          { message: 'metrics.auc is 0.74, needs ≥ 0.8', file: 'reports/eval.json', line: 3 },
          { message: 'dataset.source is missing', file: 'reports/eval.json' },
          { message: 'models/** changed but reports/eval.json was not updated in this pull request', file: 'reports/eval.json' },
        ],
        trigger: 'always',
      },
      {
        id: 'monitoring',
        title: 'Monitoring with alert thresholds',
        area: 'evidence',
        owner: 'sre',
        file: 'ops/monitoring.yml',
        status: 'missing',
        problems: [
          { message: 'alerts.latency_p99_ms is 650, needs ≤ 500', file: 'ops/monitoring.yml', line: 2 },
          { message: 'alerts.owner is "bob", needs to match /^@/', file: 'ops/monitoring.yml', line: 3 },
        ],
        trigger: 'always',
      },
      {
        id: 'rollback',
        title: 'Tested rollback plan and escalation path',
        area: 'ownership-and-oversight',
        owner: 'sre',
        file: 'ops/runbook.md',
        status: 'missing',
        problems: [{ message: 'ops/runbook.md was last changed 2025-11-01, 212 days ago; at most 90 allowed', file: 'ops/runbook.md' }],
        trigger: 'label: impact:high',
      },
      {
        id: 'eval-gate',
        title: 'Automated evaluation gate passed on this commit',
        area: 'evidence',
        owner: 'ml-lead',
        status: 'warning',
        problems: [{ message: "check 'model-eval' concluded failure (check run of ci-app)" }],
        enforceFrom: '2027-01-15',
        trigger: 'always',
      },
    ]);
    expect(verdict.areas).toEqual([
      { name: 'evidence', status: 'gap', evidenceIds: ['model-card', 'evaluation', 'monitoring', 'eval-gate'] },
      { name: 'ownership-and-oversight', status: 'gap', evidenceIds: ['rollback'] },
    ]);
    expect(verdict.counts).toEqual({ signoffs: { met: 0, required: 3 }, evidence: { met: 0, required: 5 }, waived: 0, warnings: 1 });
    expect(verdict.conclusion).toBe('failure');
  });

  it('succeeds once every applicable requirement holds', () => {
    const verdict = run(SPEC_CONTRACT, {
      files: ['models/train.py', 'reports/eval.json'],
      evidence: GOOD_EVIDENCE,
      checks: { 'model-eval': 'success' },
      conversation: [comment(1, 'alice', '/signoff ml-lead looks good', '2026-06-01T10:00:00Z')],
    });
    expect(evidenceRows(verdict)).toEqual([
      ['model-card', 'met', 'always'],
      ['evaluation', 'met', 'always'],
      ['monitoring', 'met', 'always'],
      ['rollback', 'not_applicable', 'when label: impact:high'],
      ['eval-gate', 'met', 'always'],
    ]);
    expect(signoffRows(verdict)).toEqual([
      ['ml-lead', 'met', 1, 'always'],
      ['sre', 'not_applicable', 1, 'when paths: serving/**, deploy/**'],
      ['privacy', 'not_applicable', 1, 'when paths: data/** or label: impact:high'],
    ]);
    expect(verdict.signoffs[0]?.signers.map((s) => s.login)).toEqual(['alice']);
    expect(verdict.commands).toEqual([
      { entryKey: 'comment:1', author: 'alice', text: '/signoff ml-lead looks good', accepted: true },
    ]);
    expect(verdict.counts).toEqual({ signoffs: { met: 1, required: 1 }, evidence: { met: 4, required: 4 }, waived: 0, warnings: 0 });
    expect(verdict.areas).toEqual([{ name: 'evidence', status: 'pass', evidenceIds: ['model-card', 'evaluation', 'monitoring', 'eval-gate'] }]);
    expect(verdict.conclusion).toBe('success');
  });

  it('fails on a sign-off that later commits in its scope made stale, and not on commits outside it', () => {
    const spec = (changedSince: string[]): SnapshotSpec => ({
      files: ['models/train.py', 'reports/eval.json'],
      evidence: GOOD_EVIDENCE,
      checks: { 'model-eval': 'success' },
      conversation: [comment(1, 'alice', '/signoff ml-lead', '2026-06-01T10:00:00Z', 'old0000')],
      changesSince: [{ fromSha: 'old0000', commits: ['new1111'], files: changedSince }],
    });
    const stale = run(SPEC_CONTRACT, spec(['models/weights.bin']));
    expect(stale.signoffs[0]?.status).toBe('stale');
    expect(stale.counts.signoffs).toEqual({ met: 0, required: 1 });
    expect(stale.conclusion).toBe('failure');
    const fresh = run(SPEC_CONTRACT, spec(['models/NOTES.md', 'src/app.ts']));
    expect(fresh.signoffs[0]?.status).toBe('met');
    expect(fresh.conclusion).toBe('success');
  });
});

describe('evidence kinds', () => {
  const CARD = { file: 'docs/model-card.md' };

  it('file: met when present, a problem when absent or unreadable', () => {
    expect(onlyEvidence(judgeItem(CARD, { evidence: { 'docs/model-card.md': 'anything' } }))).toEqual({ status: 'met', problems: [] });
    expect(onlyEvidence(judgeItem(CARD))).toEqual({
      status: 'missing',
      problems: [{ message: 'docs/model-card.md does not exist at the head commit', file: 'docs/model-card.md' }],
    });
    const unreadable = judgeItem(CARD, { evidence: { 'docs/model-card.md': { state: 'unreadable', reason: 'it is larger than 1 MB' } } });
    expect(onlyEvidence(unreadable)).toEqual({
      status: 'missing',
      problems: [{ message: 'docs/model-card.md could not be read: it is larger than 1 MB', file: 'docs/model-card.md' }],
    });
  });

  it('sections: met when each heading has real content, in any case and level', () => {
    const item = { ...CARD, sections: ['Intended use', 'limitations'] };
    const content = 'Intended USE\n============\nScoring.\n\n#### Limitations ####\n- not for minors\n';
    expect(onlyEvidence(judgeItem(item, { evidence: { 'docs/model-card.md': content } }))).toEqual({ status: 'met', problems: [] });
  });

  it('sections: names a missing heading, and an empty one with its line', () => {
    const item = { ...CARD, sections: ['Intended use', 'Limitations'] };
    const content = '# Card\n```\n## Intended use\n```\n## Limitations\n<!-- fill in -->\n## Other\ntext\n';
    expect(onlyEvidence(judgeItem(item, { evidence: { 'docs/model-card.md': content } }))).toEqual({
      status: 'missing',
      problems: [
        { message: "section 'Intended use' is missing (no heading with that text)", file: 'docs/model-card.md' },
        { message: "section 'Limitations' (line 5) is empty or only a placeholder", file: 'docs/model-card.md', line: 5 },
      ],
    });
  });

  it('fields: met when every constraint holds, in JSON or YAML', () => {
    const item = { file: 'reports/eval.yaml', fields: [{ path: 'slices[1].auc', min: 0.8 }, { path: 'stage', one_of: ['canary', 'prod'] }] };
    const content = 'slices:\n  - auc: 0.7\n  - auc: 0.85\nstage: canary\n';
    expect(onlyEvidence(judgeItem(item, { evidence: { 'reports/eval.yaml': content } }))).toEqual({ status: 'met', problems: [] });
  });

  it('fields: a parse error is one problem with its line', () => {
    const item = { file: 'ops/monitoring.yml', fields: [{ path: 'alerts.owner', exists: true }] };
    const verdict = judgeItem(item, { evidence: { 'ops/monitoring.yml': 'alerts:\n  owner: [a,\nother: 1\n' } });
    expect(onlyEvidence(verdict)).toEqual({
      status: 'missing',
      problems: [
        {
          message: 'ops/monitoring.yml is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
          file: 'ops/monitoring.yml',
          line: 3,
        },
      ],
    });
  });

  it('checks: only success counts, and each other state is named', () => {
    const item = { checks: ['model-eval', 'lint', 'security', 'docs', 'unit'] };
    const verdict = judgeItem(item, { checks: { lint: 'pending', security: 'failure', docs: 'neutral', unit: 'success' } });
    expect(onlyEvidence(verdict)).toEqual({
      status: 'missing',
      problems: [
        { message: "check 'model-eval' has not run on the head commit" },
        { message: "check 'lint' is still running (check run of ci-app)" },
        { message: "check 'security' concluded failure (check run of ci-app)" },
        { message: "check 'docs' concluded neutral (check run of ci-app)" },
      ],
    });
    expect(onlyEvidence(judgeItem({ checks: ['unit'] }, { checks: { unit: 'success' } }))).toEqual({ status: 'met', problems: [] });
  });

  it('changed_with: the file must change with the paths it names', () => {
    const item = { file: 'reports/eval.json', changed_with: ['data/**', 'models/**'] };
    const evidence = { 'reports/eval.json': '{}' };
    expect(onlyEvidence(judgeItem(item, { evidence }))).toEqual({
      status: 'missing',
      problems: [{ message: 'models/** changed but reports/eval.json was not updated in this pull request', file: 'reports/eval.json' }],
    });
    const updated = judgeItem(item, { evidence, files: ['models/train.py', { path: 'reports/eval.json', status: 'added' }] });
    expect(onlyEvidence(updated)).toEqual({ status: 'met', problems: [] });
    const deleted = judgeItem(item, { evidence: {}, files: ['models/train.py', { path: 'reports/eval.json', status: 'removed' }] });
    expect(onlyEvidence(deleted).problems).toEqual([
      { message: 'reports/eval.json does not exist at the head commit', file: 'reports/eval.json' },
      { message: 'models/** changed but reports/eval.json was deleted in this pull request', file: 'reports/eval.json' },
    ]);
    const untouched = judgeItem(item, { evidence, files: ['serving/api.py'] });
    expect(onlyEvidence(untouched)).toEqual({ status: 'met', problems: [] });
  });

  it('max_age_days: the file must have changed recently, and its date must be known', () => {
    const item = { file: 'ops/runbook.md', max_age_days: 90 };
    const at = (lastChangedAt?: string) =>
      onlyEvidence(judgeItem(item, { evidence: { 'ops/runbook.md': { state: 'present', content: 'x', ...(lastChangedAt ? { lastChangedAt } : {}) } } }));
    expect(at('2026-03-03T11:00:00Z')).toEqual({ status: 'met', problems: [] });
    expect(at('2026-03-02T11:00:00Z')).toEqual({
      status: 'missing',
      problems: [{ message: 'ops/runbook.md was last changed 2026-03-02, 91 days ago; at most 90 allowed', file: 'ops/runbook.md' }],
    });
    expect(at(undefined)).toEqual({
      status: 'missing',
      problems: [{ message: 'the date ops/runbook.md was last changed is unknown, so it cannot be shown to be at most 90 days old', file: 'ops/runbook.md' }],
    });
  });

  it('max_age_days: a commit dated in the future is a gap, beyond five minutes of clock skew', () => {
    const item = { file: 'ops/runbook.md', max_age_days: 90 };
    const at = (lastChangedAt: string) =>
      onlyEvidence(judgeItem(item, { evidence: { 'ops/runbook.md': { state: 'present', content: 'x', lastChangedAt } } }));
    // The author's git set the date: a future one would keep the file "fresh" for ever.
    expect(at('2027-03-01T00:00:00Z')).toEqual({
      status: 'missing',
      problems: [
        {
          message:
            "ops/runbook.md's last change is dated 2027-03-01, in the future; commit dates are set by the author, so it cannot show the file is at most 90 days old",
          file: 'ops/runbook.md',
        },
      ],
    });
    expect(at('2026-06-01T12:05:01Z').status).toBe('missing');
    // A clock a few minutes ahead is ordinary drift, not a forged date.
    expect(at('2026-06-01T12:05:00Z')).toEqual({ status: 'met', problems: [] });
  });

  it('collects the problems of every kind an item combines', () => {
    const item = { file: 'docs/model-card.md', sections: ['Limits'], checks: ['model-eval'] };
    expect(onlyEvidence(judgeItem(item)).problems).toEqual([
      { message: 'docs/model-card.md does not exist at the head commit', file: 'docs/model-card.md' },
      { message: "check 'model-eval' has not run on the head commit" },
    ]);
  });

  it('never counts an item that names nothing to look at as met', () => {
    expect(onlyEvidence(judgeItem({}))).toEqual({
      status: 'missing',
      problems: [{ message: 'this item names neither a file nor checks, so nothing can show it is met' }],
    });
    expect(onlyEvidence(judgeItem({ sections: ['A'] })).problems).toEqual([{ message: 'sections need a file, and this item names none' }]);
  });
});

describe('enforce_from', () => {
  const item = { checks: ['model-eval'], enforce_from: '2026-06-02' };

  it('shows a gap before the date as a warning that does not fail', () => {
    const verdict = judgeItem(item);
    expect(verdict.evidence[0]).toMatchObject({ status: 'warning', enforceFrom: '2026-06-02', problems: [{ message: "check 'model-eval' has not run on the head commit" }] });
    expect(verdict.counts).toEqual({ signoffs: { met: 0, required: 0 }, evidence: { met: 0, required: 1 }, waived: 0, warnings: 1 });
    expect(verdict.areas).toEqual([{ name: 'evidence', status: 'warning', evidenceIds: ['item'] }]);
    expect(verdict.conclusion).toBe('success');
  });

  it('enforces from the start of that day (UTC)', () => {
    const verdict = judgeItem({ ...item, enforce_from: '2026-06-01' });
    expect(verdict.evidence[0]?.status).toBe('missing');
    expect(verdict.conclusion).toBe('failure');
  });
});

describe('waivers', () => {
  const contract: Partial<ContractInput> = { waivers: { approvers: ['ml-lead'], max_days: 30 } };
  const waive = (at: string) => [comment(1, 'alice', '/waive item 7d legal review pending', at)];

  it('waives an unmet item until the waiver expires', () => {
    const verdict = judgeItem({ file: 'docs/model-card.md' }, { conversation: waive('2026-05-30T00:00:00Z') }, contract);
    expect(verdict.evidence[0]).toMatchObject({
      status: 'waived',
      problems: [{ message: 'docs/model-card.md does not exist at the head commit', file: 'docs/model-card.md' }],
      waiver: { evidenceId: 'item', approver: 'alice', reason: 'legal review pending', days: 7, expiresAt: '2026-06-06T00:00:00.000Z', expired: false },
    });
    expect(verdict.counts).toMatchObject({ evidence: { met: 0, required: 1 }, waived: 1 });
    expect(verdict.areas).toEqual([{ name: 'evidence', status: 'waived', evidenceIds: ['item'] }]);
    expect(verdict.conclusion).toBe('success');
  });

  it('makes an expired waiver a gap again, and says when it expired', () => {
    const verdict = judgeItem({ file: 'docs/model-card.md' }, { conversation: waive('2026-05-01T00:00:00Z') }, contract);
    expect(verdict.evidence[0]).toMatchObject({
      status: 'missing',
      problems: [
        { message: 'docs/model-card.md does not exist at the head commit', file: 'docs/model-card.md' },
        { message: 'the waiver expired on 2026-05-08' },
      ],
      waiver: { expired: true },
    });
    expect(verdict.conclusion).toBe('failure');
  });
});

describe('contract problems', () => {
  it('fails, and says why, when a glob cannot be compiled', () => {
    const verdict = run({ scope: { paths: ['models/**', 'serving/{a,b'] }, evidence: [] }, { files: ['models/x.py'] });
    expect(verdict.conclusion).toBe('failure');
    expect(notesText(verdict.notes)).toEqual([expect.stringMatching(/^The contract could not be fully compiled, so the check fails: the glob 'serving\/\{a,b' could not be compiled: /)]);
  });

  it('fails closed, saying why, when the evaluation itself cannot be made', () => {
    const verdict = run(SPEC_CONTRACT, { files: ['models/x.py'], evidence: GOOD_EVIDENCE }, new Date(Number.NaN));
    expect(verdict).toMatchObject({ inScope: true, conclusion: 'failure', evaluatedAt: '', headSha: HEAD_SHA, signoffs: [], evidence: [] });
    expect(notesText(verdict.notes)).toEqual([expect.stringMatching(/^The evaluation failed, so the check fails: /)]);
  });

  it('applies a requirement whose when names no condition', () => {
    const verdict = judgeItem({ checks: ['x'], when: {} });
    expect(evidenceRows(verdict)).toEqual([['item', 'missing', 'always']]);
  });
});

describe('enforcement, areas and counts', () => {
  it('is neutral, not failing, on gaps under advisory enforcement', () => {
    const verdict = judgeItem({ file: 'docs/model-card.md' }, {}, { enforcement: 'advisory' });
    expect(verdict.enforcement).toBe('advisory');
    expect(verdict.conclusion).toBe('neutral');
  });

  it('groups applicable items by area in contract order, each with its worst status', () => {
    const contract = {
      scope: { paths: ['models/**'] },
      roles: { 'ml-lead': ['@alice'] },
      evidence: [
        { id: 'a', title: 'A', owner: 'ml-lead', area: 'oversight', checks: ['ok'] },
        { id: 'b', title: 'B', owner: 'ml-lead', checks: ['ok'] },
        { id: 'c', title: 'C', owner: 'ml-lead', area: 'oversight', checks: ['late'], enforce_from: '2030-01-01' },
        { id: 'd', title: 'D', owner: 'ml-lead', area: 'privacy', checks: ['ok'], when: { labels: ['never'] } },
        { id: 'e', title: 'E', owner: 'ml-lead', checks: ['missing'] },
        { id: 'f', title: 'F', owner: 'ml-lead', area: 'oversight', checks: ['ok'] },
      ],
    };
    const verdict = run(contract, { files: ['models/x.py'], checks: { ok: 'success' } });
    expect(verdict.areas).toEqual([
      { name: 'oversight', status: 'warning', evidenceIds: ['a', 'c', 'f'] },
      { name: 'evidence', status: 'gap', evidenceIds: ['b', 'e'] },
    ]);
    expect(verdict.counts).toEqual({ signoffs: { met: 0, required: 0 }, evidence: { met: 3, required: 5 }, waived: 0, warnings: 1 });
    expect(verdict.conclusion).toBe('failure');
  });
});
