import { afterEach, describe, expect, it } from '@jest/globals';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonReport } from '../../src/cli/json-report.js';
import { runCli } from '../../src/cli/run.js';
import { captureIo } from './io.js';
import { TestRepo } from './test-repo.js';

const CONTRACT = `version: 1
scope:
  paths: ["models/**", "serving/**"]
roles:
  ml-lead: ["@alice"]
evidence:
  - id: card
    title: Model card
    owner: ml-lead
    file: docs/card.md
    sections: ["Intended use"]
  - id: eval
    title: Evaluation
    owner: ml-lead
    file: reports/eval.json
    fields: [{ path: auc, min: 0.8 }]
  - id: drill
    title: Rollback drill
    owner: ml-lead
    file: ops/drill.md
    max_age_days: 30
    when: { labels: ["impact:high"] }
`;

const GOOD_CARD = '# Card\n\n## Intended use\n\nScoring churn for the retention team.\n';
const NOW = '2025-03-01T00:00:00Z';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.remove();
});

/** A repository whose main branch holds the contract, checked out on a feature branch. */
async function featureRepo(contract = CONTRACT, base = 'main'): Promise<TestRepo> {
  const repo = await TestRepo.create();
  repos.push(repo);
  if (base !== 'main') await repo.git('checkout', '--quiet', '-b', base);
  repo.write({ '.github/readiness.yml': contract, 'README.md': 'readme\n' });
  await repo.commit('contract');
  await repo.git('checkout', '--quiet', '-b', 'feature');
  return repo;
}

async function check(repo: TestRepo, ...args: string[]) {
  const io = captureIo(repo.dir);
  const code = await runCli(['check', '--now', NOW, ...args], io);
  return { code, out: io.out(), err: io.err() };
}

async function checkJson(repo: TestRepo, ...args: string[]) {
  const result = await check(repo, '--json', ...args);
  return { ...result, report: JSON.parse(result.out) as JsonReport };
}

const statusOf = (report: JsonReport, id: string) => report.evidence.find((item) => item.id === id)?.status;

describe('readiness-gate check', () => {
  it('reports gaps with exit code 1 and prints the checklist', async () => {
    const repo = await featureRepo();
    repo.write({ 'models/a.py': 'x = 1\n', 'docs/card.md': '# Card\n\n## Intended use\n\nTBD\n', 'reports/eval.json': '{"auc": 0.7}' });
    await repo.commit('model');
    const { code, out, err } = await check(repo);
    expect(code).toBe(1);
    expect(out).toContain('## Production readiness: ❌ not ready');
    expect(out).toContain('auc is 0.7');
    expect(err).toContain('Contract from the merge base of HEAD and main');
  });

  it('exits 0 when every applicable requirement holds, with stable JSON keys', async () => {
    const repo = await featureRepo();
    repo.write({ 'models/a.py': 'x = 1\n', 'docs/card.md': GOOD_CARD, 'reports/eval.json': '{"auc": 0.9}' });
    await repo.commit('model');
    const { code, report } = await checkJson(repo);
    expect(code).toBe(0);
    expect(Object.keys(report)).toEqual(['conclusion', 'in_scope', 'head_sha', 'evaluated_at', 'signoffs', 'evidence', 'errors']);
    expect(report.conclusion).toBe('success');
    expect(report.in_scope).toBe(true);
    expect(report.evaluated_at).toBe('2025-03-01T00:00:00.000Z');
    expect(report.evidence.map((item) => [item.id, item.status])).toEqual([
      ['card', 'met'],
      ['eval', 'met'],
      ['drill', 'not_applicable'],
    ]);
    expect(report.errors).toEqual([]);
  });

  it('counts uncommitted and untracked files as part of the change', async () => {
    const repo = await featureRepo();
    const before = await checkJson(repo);
    expect(before.report.in_scope).toBe(false);
    expect(before.code).toBe(0);
    repo.write({ 'serving/app.py': 'app = 1\n', 'docs/card.md': GOOD_CARD, 'reports/eval.json': '{"auc": 0.85}' });
    const after = await checkJson(repo);
    expect(after.report.in_scope).toBe(true);
    expect(statusOf(after.report, 'card')).toBe('met');
    expect(after.code).toBe(0);
  });

  it('adds requirements for --label and dates evidence by its last commit, or now when it is uncommitted', async () => {
    const repo = await featureRepo();
    repo.write({ 'models/a.py': 'x = 1\n', 'docs/card.md': GOOD_CARD, 'reports/eval.json': '{"auc": 0.9}', 'ops/drill.md': 'drill\n' });
    await repo.commit('old drill', '2024-11-01T00:00:00Z');
    const stale = await checkJson(repo, '--label', 'impact:high', '--label', 'other');
    expect(statusOf(stale.report, 'drill')).toBe('missing');
    expect(stale.report.evidence.find((item) => item.id === 'drill')?.problems[0]?.message).toContain('2024-11-01');
    expect(stale.code).toBe(1);
    repo.write({ 'ops/drill.md': 'drill again\n' });
    const fresh = await checkJson(repo, '--label', 'impact:high');
    expect(statusOf(fresh.report, 'drill')).toBe('met');
  });

  it('reads the contract from the base, not from the working tree', async () => {
    const repo = await featureRepo();
    repo.write({ 'models/a.py': 'x = 1\n', '.github/readiness.yml': 'version: 1\nscope: { paths: ["nothing/**"] }\n' });
    const { report } = await checkJson(repo);
    expect(report.in_scope).toBe(true);
    expect(statusOf(report, 'card')).toBe('missing');
  });

  it('uses the merge base with master when there is no main', async () => {
    const repo = await featureRepo(CONTRACT, 'master');
    await repo.git('branch', '--quiet', '-D', 'main').catch(() => undefined);
    repo.write({ 'models/a.py': 'x = 1\n' });
    const { code, err } = await check(repo);
    expect(code).toBe(1);
    expect(err).toContain('the merge base of HEAD and master');
  });

  it('asks for --base when neither main nor master exists', async () => {
    const repo = await featureRepo(CONTRACT, 'trunk');
    await repo.git('branch', '--quiet', '-D', 'main').catch(() => undefined);
    const { code, err } = await check(repo);
    expect(code).toBe(2);
    expect(err).toContain('pass --base <ref>');
    expect((await check(repo, '--base', 'trunk')).code).toBe(0);
  });

  it('explains a missing contract or base, and a directory outside git', async () => {
    const repo = await TestRepo.create();
    repos.push(repo);
    repo.write({ 'README.md': 'x\n' });
    await repo.commit('first');
    const noContract = await check(repo);
    expect(noContract.code).toBe(2);
    expect(noContract.err).toMatch(/there is no \.github\/readiness\.yml at the merge base of HEAD and main/);
    const unknown = await check(repo, '--base', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown base 'nope'");
    const dashed = await check(repo, '--base=--output=x');
    expect(dashed.code).toBe(2);
    expect(dashed.err).toContain("unknown base '--output=x'");
  });

  it('prints contract errors from the base with line and column, exit code 2', async () => {
    const repo = await featureRepo('version: 1\nscope:\n  paths: ["models/**"]\nsurprise: true\n');
    const text = await check(repo);
    expect(text.code).toBe(2);
    expect(text.err).toMatch(/^\.github\/readiness\.yml:4:1: /m);
    const { code, report } = await checkJson(repo);
    expect(code).toBe(2);
    expect(report.conclusion).toBe('failure');
    expect(report.in_scope).toBeNull();
    expect(report.errors[0]).toMatchObject({ line: 4, column: 1 });
  });

  it('treats evidence that leads out of the repository, or is binary, as unreadable', async () => {
    const repo = await featureRepo();
    const outside = await TestRepo.create();
    repos.push(outside);
    outside.write({ 'secret.md': GOOD_CARD });
    repo.write({ 'models/a.py': 'x = 1\n', 'reports/eval.json': Buffer.from([0x7b, 0x00, 0x7d]) });
    symlinkSync(outside.dir, join(repo.dir, 'docs'));
    symlinkSync(join(outside.dir, 'secret.md'), join(outside.dir, 'card.md'));
    const { report } = await checkJson(repo);
    const problems = (id: string) => report.evidence.find((item) => item.id === id)?.problems.map((p) => p.message).join(' ');
    expect(problems('card')).toContain('outside the repository');
    expect(problems('eval')).toContain('binary');
  });

  it('refuses a --now that is not a date', async () => {
    const repo = await featureRepo();
    const { code, err } = await check(repo, '--now', 'yesterday');
    expect(code).toBe(2);
    expect(err).toContain('--now needs an ISO date');
  });

  it('reads a template from the base, so editing it on the branch cannot make an untouched card pass', async () => {
    const templated = CONTRACT.replace('    sections: ["Intended use"]\n', '    sections: ["Intended use"]\n    template: docs/card-template.md\n');
    const template = '# Card\n\n## Intended use\n\nSay who uses the scores and for what.\n';
    const repo = await TestRepo.create();
    repos.push(repo);
    repo.write({ '.github/readiness.yml': templated, 'docs/card-template.md': template });
    await repo.commit('contract and template');
    await repo.git('checkout', '--quiet', '-b', 'feature');
    // The attack: the card is the template, and the branch rewrites the template so the two differ.
    repo.write({ 'models/a.py': 'x = 1\n', 'docs/card.md': template, 'docs/card-template.md': '# Card\n\n## Intended use\n\nSomething else.\n' });
    await repo.commit('card');
    const attack = await checkJson(repo);
    const card = attack.report.evidence.find((item) => item.id === 'card');
    expect(card?.status).toBe('missing');
    expect(card?.problems).toEqual([
      { message: "section 'Intended use' (line 3) is still the template's text (docs/card-template.md)", file: 'docs/card.md', line: 3 },
    ]);

    // The control: a card written for real passes against the same base template.
    repo.write({ 'docs/card.md': GOOD_CARD });
    const control = await checkJson(repo);
    expect(statusOf(control.report, 'card')).toBe('met');
  });

  it('makes a template missing from the base a gap that names it as a contract problem', async () => {
    const repo = await featureRepo(CONTRACT.replace('    sections: ["Intended use"]\n', '    sections: ["Intended use"]\n    template: docs/card-template.md\n'));
    repo.write({ 'models/a.py': 'x = 1\n', 'docs/card.md': GOOD_CARD, 'docs/card-template.md': GOOD_CARD });
    const { report } = await checkJson(repo);
    const card = report.evidence.find((item) => item.id === 'card');
    expect(card?.status).toBe('missing');
    expect(card?.problems.map((p) => p.message)).toEqual([
      'template docs/card-template.md could not be read (it does not exist on the base branch); this is a problem in the contract: commit the template to the base branch or correct `template:`',
    ]);
  });
});

describe('readiness-gate check on a working tree that changes the contract', () => {
  // A base contract with no roles and no evidence: a change to it needs nothing, so only the proposed contract can fail it.
  const OPEN_CONTRACT = 'version: 1\nscope:\n  paths: ["models/**"]\n';
  const PROPOSED = 'version: 1\nscope:\n  paths: ["models/**"]\nroles:\n  ml-lead: ["@alice"]\nsignoffs:\n  - role: ml-leed\n';

  it("reports the proposed contract's errors with line and column and fails, as the app does", async () => {
    const repo = await featureRepo(OPEN_CONTRACT);
    repo.write({ '.github/readiness.yml': PROPOSED });
    const text = await check(repo);
    expect(text.code).toBe(1);
    expect(text.out).toContain('The proposed .github/readiness.yml has an error to fix before merging:');
    expect(text.out).toContain(".github/readiness.yml:7:11: signoffs[0].role: 'ml-leed' is not defined under roles (did you mean 'ml-lead'?)");
    const { code, report } = await checkJson(repo);
    expect(code).toBe(1);
    expect(report.conclusion).toBe('failure');
    expect(report.in_scope).toBe(true);
    expect(report.errors).toEqual([expect.objectContaining({ path: 'signoffs[0].role', line: 7, column: 11 })]);
    expect(report.errors[0]?.message).toContain("'ml-leed' is not defined under roles");
  });

  it('control: a valid proposed contract passes and says it applies once merged', async () => {
    const repo = await featureRepo(OPEN_CONTRACT);
    repo.write({ '.github/readiness.yml': PROPOSED.replace('ml-leed', 'ml-lead') });
    const text = await check(repo);
    expect(text.out).toContain('The proposed .github/readiness.yml is valid; it applies once this pull request is merged.');
    const { code, report } = await checkJson(repo);
    expect(report.errors).toEqual([]);
    // Still judged by the base contract: the proposed one's ml-lead sign-off is not asked for.
    expect(report.signoffs).toEqual([]);
    expect(code).toBe(0);
  });

  it('never lets a proposed contract that cannot be read pass: a link out of the repository is an error', async () => {
    const repo = await featureRepo(OPEN_CONTRACT);
    const outside = await TestRepo.create();
    repos.push(outside);
    outside.write({ 'readiness.yml': PROPOSED.replace('ml-leed', 'ml-lead') });
    rmSync(join(repo.dir, '.github/readiness.yml'));
    symlinkSync(join(outside.dir, 'readiness.yml'), join(repo.dir, '.github/readiness.yml'));
    const { code, report } = await checkJson(repo);
    expect(code).toBe(1);
    expect(report.errors.map((e) => e.message)).toEqual(['.github/readiness.yml is outside the repository']);
  });

  it('does not judge a contract the working tree removes: the base contract still judges', async () => {
    const repo = await featureRepo(OPEN_CONTRACT);
    await repo.git('rm', '--quiet', '.github/readiness.yml');
    const { code, report } = await checkJson(repo);
    expect(report.in_scope).toBe(true);
    expect(report.errors).toEqual([]);
    expect(code).toBe(0);
  });
});
