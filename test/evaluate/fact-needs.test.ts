import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { contractNeeds, conversationNeeds, historyNeeds, pinNeeds } from '../../src/evaluate/fact-needs.js';
import type { ConversationEntry } from '../../src/facts/snapshot.js';
import { buildContract, buildSnapshot, HEAD_SHA } from '../support/snapshot-builder.js';
import { parseContract } from '../../src/contract/parse.js';
import type { Contract } from '../../src/contract/schema.js';
import { contractWith } from '../contract/contract-text.js';

function contractOf(text: string): Contract {
  const result = parseContract(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.contract;
}

describe('contractNeeds', () => {
  it('lists the facts the SPEC example needs, including evidence that applies only sometimes', () => {
    const spec = contractOf(readFileSync(new URL('../fixtures/contracts/spec-example.yml', import.meta.url), 'utf8'));
    expect(contractNeeds(spec)).toEqual({
      evidenceFiles: [
        { path: 'docs/model-card.md', lastChange: false },
        { path: 'ops/monitoring.yml', lastChange: false },
        { path: 'ops/runbook.md', lastChange: true },
        { path: 'reports/eval.json', lastChange: false },
      ],
      artifacts: [],
      templates: [],
      checks: ['model-eval'],
      teams: ['acme/ml-leads', 'acme/sre-oncall'],
    });
  });

  it('deduplicates and sorts, asking for the last change when any item with the file has max_age_days', () => {
    const contract = contractOf(
      contractWith(
        '  qa: ["@Acme/ML-Leads", "@carol", "@beta/Ops"]',
        'evidence:',
        '  - { id: a, title: A, owner: sre, file: z.md, checks: [lint, build] }',
        '  - { id: b, title: B, owner: sre, file: a.md, max_age_days: 30, checks: [build] }',
        '  - { id: c, title: C, owner: sre, file: z.md, max_age_days: 7 }',
        '  - { id: d, title: D, owner: sre, file: a.md }',
        '  - { id: e, title: E, owner: sre, checks: [Build] }',
      ),
    );
    expect(contractNeeds(contract)).toEqual({
      evidenceFiles: [
        { path: 'a.md', lastChange: true },
        { path: 'z.md', lastChange: true },
      ],
      artifacts: [],
      templates: [],
      checks: ['Build', 'build', 'lint'],
      teams: ['acme/ml-leads', 'beta/ops'],
    });
  });

  it('needs nothing for a contract with only sign-offs by users', () => {
    const contract = contractOf(['version: 1', 'scope: { paths: [a] }', 'roles: { sre: ["@bob"] }', 'signoffs: [{ role: sre }]'].join('\n'));
    expect(contractNeeds(contract)).toEqual({ evidenceFiles: [], artifacts: [], templates: [], checks: [], teams: [] });
  });

  it('lists each template once, sorted, apart from the evidence files (templates come from the base branch)', () => {
    const contract = contractOf(
      contractWith(
        'evidence:',
        '  - { id: a, title: A, owner: sre, file: cards/b.md, sections: [X], template: t/card.md }',
        '  - { id: b, title: B, owner: sre, file: cards/a.md, sections: [X], template: t/card.md }',
        '  - { id: c, title: C, owner: sre, file: sheet.md, sections: [Y], template: t/datasheet.md }',
      ),
    );
    expect(contractNeeds(contract)).toMatchObject({
      evidenceFiles: [
        { path: 'cards/a.md', lastChange: false },
        { path: 'cards/b.md', lastChange: false },
        { path: 'sheet.md', lastChange: false },
      ],
      templates: ['t/card.md', 't/datasheet.md'],
    });
  });
});

const OLD = '0'.repeat(40);
const PULL = buildSnapshot({ author: 'author' }).pull;
const TEAM_CONTRACT = buildContract({
  scope: { paths: ['models/**'] },
  roles: { 'ml-lead': ['@alice', '@acme/ml'], sre: ['@acme/sre'] },
  signoffs: [{ role: 'ml-lead' }, { role: 'sre' }],
  evidence: [{ id: 'card', title: 'Card', owner: 'ml-lead', file: 'docs/card.md' }],
  waivers: { approvers: ['sre'], max_days: 30 },
});

let nextKey = 1;
function said(login: string, body: string, extra: Partial<ConversationEntry> = {}): ConversationEntry {
  return {
    key: `review_comment:${nextKey++}`,
    source: 'review_comment',
    author: { login, type: 'User' },
    body,
    createdAt: '2026-03-01T10:00:00Z',
    edited: false,
    commitSha: OLD,
    ...extra,
  };
}

function needsOf(...conversation: ConversationEntry[]) {
  return conversationNeeds(TEAM_CONTRACT, PULL, conversation);
}

describe('conversationNeeds', () => {
  it('asks the teams of the roles a member names, and compares the commit the sign-off was given at', () => {
    expect(needsOf(said('Dave', '/signoff ml-lead sre'))).toEqual({
      memberships: [
        { team: 'acme/ml', login: 'dave' },
        { team: 'acme/sre', login: 'dave' },
      ],
      comparisons: [OLD],
    });
  });

  it('asks no team of a person the role lists by name, and no comparison for a sign-off at the head', () => {
    expect(needsOf(said('alice', '/signoff ml-lead', { commitSha: HEAD_SHA }))).toEqual({ memberships: [], comparisons: [] });
  });

  it('attack: commands the judge refuses before membership cost nothing (bots, edited, dismissed, unreadable time, the author, unknown roles)', () => {
    expect(
      needsOf(
        said('ci[bot]', '/signoff ml-lead'),
        said('deployer', '/signoff ml-lead', { author: { login: 'deployer', type: 'Bot' } }),
        said('dave', '/signoff ml-lead', { edited: true }),
        said('dave', '/signoff ml-lead', { source: 'review', reviewState: 'DISMISSED', dismissedState: 'APPROVED' }),
        said('dave', '/signoff ml-lead', { createdAt: 'nonsense' }),
        said('author', '/signoff ml-lead /waive card 3d'),
        said('author', '/waive card 3d mine'),
        said('erin', '/signoff ml-leads'),
        said('erin', '/waive nothing-such 3d'),
      ),
    ).toEqual({ memberships: [], comparisons: [] });
  });

  it('control: the same sign-off, unedited and by a person, is asked about', () => {
    expect(needsOf(said('dave', '/signoff ml-lead')).memberships).toEqual([{ team: 'acme/ml', login: 'dave' }]);
  });

  it('asks every team of a reviewer whose "changes requested" vetoes, the author included, but not of a dismissed approval', () => {
    const veto = said('author', 'no', { source: 'review', reviewState: 'CHANGES_REQUESTED' });
    const unknownDismissal = said('erin', 'no', { source: 'review', reviewState: 'DISMISSED' });
    const dismissedApproval = said('frank', 'ok', { source: 'review', reviewState: 'DISMISSED', dismissedState: 'APPROVED' });
    expect(needsOf(veto, unknownDismissal, dismissedApproval).memberships).toEqual([
      { team: 'acme/ml', login: 'author' },
      { team: 'acme/sre', login: 'author' },
      { team: 'acme/ml', login: 'erin' },
      { team: 'acme/sre', login: 'erin' },
    ]);
  });

  it('asks a waiver approver about the approver roles only', () => {
    expect(needsOf(said('dave', '/waive card 3d later'))).toEqual({ memberships: [{ team: 'acme/sre', login: 'dave' }], comparisons: [] });
  });

  it('compares nothing when pushes do not invalidate sign-offs', () => {
    const keep = buildContract({ ...TEAM_CONTRACT, signoff_policy: { ...TEAM_CONTRACT.signoff_policy, invalidate_on_push: false } });
    expect(conversationNeeds(keep, PULL, [said('dave', '/signoff ml-lead')]).comparisons).toEqual([]);
  });
});

describe('historyNeeds and pinNeeds', () => {
  it('asks the edit history of entries with commands from people only, and dismissed states only for people’s reviews', () => {
    const person = said('dave', '/readiness');
    const bot = said('ci[bot]', '/signoff ml-lead');
    const plain = said('dave', 'no command');
    const knownEdited = said('dave', '/signoff ml-lead', { edited: true });
    const botDismissed = said('ci[bot]', '', { source: 'review', reviewState: 'DISMISSED' });
    expect(historyNeeds([person, bot, plain, knownEdited, botDismissed])).toEqual({ editsOf: [person.key], dismissedStates: false });
    expect(historyNeeds([said('erin', '', { source: 'review', reviewState: 'DISMISSED' })]).dismissedStates).toBe(true);
  });

  it('pins plain comments whose sign-off the judge may record, and no other', () => {
    const signoff = said('dave', '/signoff ml-lead', { source: 'comment', commitSha: null });
    const refused = said('author', '/signoff ml-lead', { source: 'comment', commitSha: null });
    const waiver = said('dave', '/waive card 3d', { source: 'comment', commitSha: null });
    const reviewComment = said('dave', '/signoff ml-lead');
    expect([...pinNeeds(TEAM_CONTRACT, PULL, [signoff, refused, waiver, reviewComment])]).toEqual([signoff.key]);
  });
});
