import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { contractSchema, type Contract, type ContractInput } from '../../src/contract/schema.js';
import { describePeople } from '../../src/evaluate/conversation-people.js';
import { judgeConversation, type RoleRequirement } from '../../src/evaluate/conversation.js';
import type { CommandOutcome } from '../../src/evaluate/verdict.js';
import type { ActorType, ChangesSince, ConversationEntry, Snapshot, TeamMembershipFact } from '../../src/facts/snapshot.js';

/** Why a command was refused; undefined for an accepted one (which has no reason). */
const reasonOf = (command: CommandOutcome | undefined): string | undefined => (command && !command.accepted ? command.reason : undefined);

const HEAD = 'c0ffee0000000000000000000000000000000000';
const OLD = 'abc1234000000000000000000000000000000000';
const NEXT = 'def5678000000000000000000000000000000000';
const NOW = new Date('2025-03-20T12:00:00Z');

const baseContract: ContractInput = {
  version: 1,
  scope: { paths: ['models/**', 'serving/**'] },
  roles: { 'ml-lead': ['@alice', '@acme/ml-leads'], sre: ['@bob', '@acme/sre-oncall'], privacy: ['@carol'] },
  signoffs: [{ role: 'ml-lead' }, { role: 'sre', when: { paths: ['serving/**'] } }],
  evidence: [
    { id: 'model-card', title: 'Model card', owner: 'ml-lead', file: 'docs/model-card.md' },
    { id: 'monitoring', title: 'Monitoring', owner: 'sre', file: 'ops/monitoring.yml' },
  ],
  waivers: { approvers: ['ml-lead', 'sre'], max_days: 30 },
};

function contract(overrides: Partial<ContractInput> = {}): Contract {
  return contractSchema.parse({ ...baseContract, ...overrides });
}

const teams: TeamMembershipFact[] = [
  { team: 'acme/ml-leads', login: 'dan', active: true },
  { team: 'acme/ml-leads', login: 'pending-pat', active: false },
  { team: 'acme/sre-oncall', login: 'erin', active: true },
];

function requirement(role: string, scopePrefix: string, required = 1, trigger = 'always'): RoleRequirement {
  return { role, required, trigger, touches: (files) => files.some((file) => file.startsWith(scopePrefix)) };
}
const mlLead = requirement('ml-lead', 'models/');
const sre = requirement('sre', 'serving/', 1, 'paths: serving/**');

let nextId = 0;
function entry(login: string, body: string, at: string, extra: Partial<ConversationEntry> = {}): ConversationEntry {
  nextId += 1;
  return {
    key: `comment:${nextId}`,
    source: 'comment',
    author: { login, type: 'User' },
    body,
    createdAt: at,
    edited: false,
    commitSha: HEAD,
    ...extra,
  };
}
function review(login: string, state: NonNullable<ConversationEntry['reviewState']>, at: string, body = ''): ConversationEntry {
  nextId += 1;
  return { ...entry(login, body, at), key: `review:${nextId}`, source: 'review', reviewState: state };
}

function snapshot(conversation: ConversationEntry[], extra: Partial<Snapshot> = {}): Snapshot {
  return {
    pull: { number: 7, author: { login: 'paula', type: 'User' }, headSha: HEAD, baseRef: 'main', labels: [], state: 'open', merged: false },
    changedFiles: [{ path: 'models/a.py', status: 'modified' }],
    changedFilesTruncated: false,
    evidence: {},
    checks: {},
    conversation,
    teamMemberships: teams,
    changesSince: [],
    ...extra,
  };
}

function judge(conversation: ConversationEntry[], options: { contract?: Contract; extra?: Partial<Snapshot>; requirements?: RoleRequirement[]; now?: Date } = {}) {
  return judgeConversation(options.contract ?? contract(), snapshot(conversation, options.extra), options.requirements ?? [mlLead, sre], options.now ?? NOW);
}

describe('judgeConversation: who may sign', () => {
  it('counts a sign-off from a listed user', () => {
    const signoff = entry('alice', '/signoff ml-lead', '2025-03-20T10:00:00Z');
    const result = judge([signoff]);
    expect(result.signoffs[0]).toEqual({
      role: 'ml-lead',
      required: 1,
      status: 'met',
      eligible: ['@alice', '@acme/ml-leads'],
      signers: [{ login: 'alice', role: 'ml-lead', commitSha: HEAD, at: '2025-03-20T10:00:00Z', entryKey: signoff.key }],
      staleSigners: [],
      trigger: 'always',
      reasons: [],
    });
    expect(result.commands).toEqual([{ entryKey: signoff.key, author: 'alice', text: '/signoff ml-lead', accepted: true }]);
  });

  it('counts an active member of a listed team, comparing team and login case-insensitively', () => {
    const result = judge([entry('Dan', '/signoff ml-lead', '2025-03-20T10:00:00Z')], {
      extra: { teamMemberships: [{ team: 'ACME/ML-Leads', login: 'DAN', active: true }] },
    });
    expect(result.signoffs[0]?.status).toBe('met');
    expect(result.signoffs[0]?.signers.map((s) => s.login)).toEqual(['Dan']);
  });

  it('refuses a non-member and an inactive team member, naming the members', () => {
    const dave = entry('dave', '/signoff ml-lead', '2025-03-20T10:00:00Z');
    const pat = entry('pending-pat', '/signoff ml-lead', '2025-03-20T10:01:00Z');
    const result = judge([dave, pat]);
    expect(result.signoffs[0]).toMatchObject({ status: 'missing', signers: [], reasons: ['needs 1 sign-off, has 0'] });
    expect(result.commands).toEqual([
      { entryKey: dave.key, author: 'dave', text: '/signoff ml-lead', accepted: false, reason: '@dave is not a member of ml-lead (members: @alice, @acme/ml-leads)' },
      { entryKey: pat.key, author: 'pending-pat', text: '/signoff ml-lead', accepted: false, reason: '@pending-pat is not a member of ml-lead (members: @alice, @acme/ml-leads)' },
    ]);
  });

  it('does not take a membership in another team or role for this one', () => {
    const result = judge([entry('erin', '/signoff ml-lead', '2025-03-20T10:00:00Z')]);
    expect(result.signoffs[0]?.signers).toEqual([]);
    expect(reasonOf(result.commands[0])).toBe('@erin is not a member of ml-lead (members: @alice, @acme/ml-leads)');
  });

  it('refuses an unknown role, listing the defined roles, including names of Object.prototype members', () => {
    const result = judge([entry('alice', '/signoff typo-role', '2025-03-20T10:00:00Z'), entry('alice', '/signoff constructor', '2025-03-20T10:01:00Z')]);
    expect(result.commands.map((c) => reasonOf(c))).toEqual([
      'unknown role typo-role; the roles are ml-lead, sre, privacy',
      'unknown role constructor; the roles are ml-lead, sre, privacy',
    ]);
    expect(result.signoffs[0]?.signers).toEqual([]);
  });

  it('signs only the defined roles at the front; the rest is the note', () => {
    const result = judge([entry('alice', '/signoff ml-lead LGTM, eval looks fine', '2025-03-20T10:00:00Z')], {
      contract: contract({ roles: { ...baseContract.roles, sre: ['@alice'] }, signoff_policy: { distinct_people: false } }),
    });
    expect(result.commands).toHaveLength(1);
    expect(result.commands[0]?.accepted).toBe(true);
    expect(result.signoffs.map((s) => s.signers.length)).toEqual([1, 0]);

    const words = judge([entry('alice', '/signoff ml-lead looks good', '2025-03-20T10:00:00Z')]);
    expect(words.commands.map((c) => c.accepted)).toEqual([true]);
  });

  it('judges each role of a multi-role sign-off on its own', () => {
    const both = entry('alice', '/signoff ml-lead sre', '2025-03-20T10:00:00Z');
    const result = judge([both]);
    expect(result.commands).toEqual([
      { entryKey: both.key, author: 'alice', text: '/signoff ml-lead sre', accepted: true },
      { entryKey: both.key, author: 'alice', text: '/signoff ml-lead sre', accepted: false, reason: '@alice is not a member of sre (members: @bob, @acme/sre-oncall)' },
    ]);
    expect(result.signoffs.map((s) => s.status)).toEqual(['met', 'missing']);
  });

  it('refuses the pull request author unless allow_author is true', () => {
    const paula = entry('Paula', '/signoff ml-lead', '2025-03-20T10:00:00Z');
    const roles = { ...baseContract.roles, 'ml-lead': ['@paula'] };
    const refused = judge([paula], { contract: contract({ roles }) });
    expect(reasonOf(refused.commands[0])).toBe('@Paula opened this pull request, and the author cannot sign off (signoff_policy.allow_author is false)');
    expect(refused.signoffs[0]?.status).toBe('missing');

    const allowed = judge([paula], { contract: contract({ roles, signoff_policy: { allow_author: true } }) });
    expect(allowed.commands[0]?.accepted).toBe(true);
    expect(allowed.signoffs[0]?.status).toBe('met');
  });

  it('refuses bots, by type and by a [bot] login', () => {
    const typed = { ...entry('alice', '/signoff ml-lead', '2025-03-20T10:00:00Z'), author: { login: 'alice', type: 'Bot' as ActorType } };
    const named = entry('alice[bot]', '/signoff ml-lead', '2025-03-20T10:01:00Z');
    const result = judge([typed, named], { contract: contract({ roles: { ...baseContract.roles, 'ml-lead': ['@alice'] } }) });
    expect(result.commands.map((c) => reasonOf(c))).toEqual([
      '@alice is a bot, and commands from bots do not count',
      '@alice[bot] is a bot, and commands from bots do not count',
    ]);
    expect(result.signoffs[0]?.signers).toEqual([]);
  });

  it('never makes a bot a role member, even one the contract lists', () => {
    const people = describePeople(contract({ roles: { ...baseContract.roles, 'ml-lead': ['@alice'] } }), snapshot([]));
    expect(people.isMember('ml-lead', { login: 'alice', type: 'User' })).toBe(true);
    expect(people.isMember('ml-lead', { login: 'alice', type: 'Bot' })).toBe(false);
    expect(people.isMember('constructor', { login: 'alice', type: 'User' })).toBe(false);
  });

  it('refuses commands in an edited entry and in a pending review', () => {
    const edited = entry('alice', '/signoff ml-lead', '2025-03-20T10:00:00Z', { edited: true });
    const pending = review('alice', 'PENDING', '2025-03-20T10:01:00Z', '/signoff ml-lead');
    const result = judge([edited, pending]);
    expect(result.commands).toEqual([
      { entryKey: edited.key, author: 'alice', text: '/signoff ml-lead', accepted: false, reason: 'edited comments do not count; post a new comment' },
      { entryKey: pending.key, author: 'alice', text: '/signoff ml-lead', accepted: false, reason: 'this review is not submitted yet; submit it, or post a comment' },
    ]);
    expect(result.signoffs[0]?.status).toBe('missing');
  });

  it('accepts sign-offs in review bodies and review comments', () => {
    const inReview = review('alice', 'COMMENTED', '2025-03-20T10:00:00Z', 'Checked the eval.\n/signoff ml-lead');
    const inLine = { ...entry('bob', '/signoff sre', '2025-03-20T10:01:00Z'), key: 'review_comment:1', source: 'review_comment' as const };
    expect(judge([inReview, inLine]).signoffs.map((s) => s.status)).toEqual(['met', 'met']);
  });

  it('refuses commands of an entry whose time cannot be read', () => {
    const result = judge([entry('alice', '/signoff ml-lead', 'yesterday')]);
    expect(reasonOf(result.commands[0])).toBe('the time of this comment cannot be read, so its commands do not count');
    expect(result.signoffs[0]?.signers).toEqual([]);
  });

  it('records a sign-off for a role no requirement currently asks for', () => {
    const result = judge([entry('carol', '/signoff privacy', '2025-03-20T10:00:00Z')]);
    expect(result.commands[0]?.accepted).toBe(true);
    const later = judge([entry('carol', '/signoff privacy', '2025-03-20T10:00:00Z')], { requirements: [requirement('privacy', 'data/')] });
    expect(later.signoffs[0]?.status).toBe('met');
  });
});

describe('judgeConversation: staleness and expiry', () => {
  const signedAtOld = () => entry('alice', '/signoff ml-lead', '2025-03-19T10:00:00Z', { commitSha: OLD });
  const compare = (files: string[], extra: Partial<ChangesSince> = {}): ChangesSince[] => [{ fromSha: OLD, commits: [NEXT, HEAD], files, ...extra }];

  it('makes a sign-off stale when later commits touch the requirement scope, naming the commit and files', () => {
    const signoff = signedAtOld();
    const result = judge([signoff], { extra: { changesSince: compare(['models/a.py', 'README.md']) } });
    expect(result.signoffs[0]).toEqual({
      role: 'ml-lead',
      required: 1,
      status: 'stale',
      eligible: ['@alice', '@acme/ml-leads'],
      signers: [],
      staleSigners: [{ login: 'alice', role: 'ml-lead', commitSha: OLD, at: '2025-03-19T10:00:00Z', entryKey: signoff.key, staleSince: NEXT }],
      trigger: 'always',
      reasons: ['needs 1 sign-off, has 0', "@alice's sign-off at abc1234 is stale: commits since then (from def5678) changed models/a.py"],
    });
  });

  it('keeps a sign-off valid when later commits touch nothing in scope', () => {
    const result = judge([signedAtOld()], { extra: { changesSince: compare(['serving/app.py', 'README.md']) } });
    expect(result.signoffs[0]).toMatchObject({ status: 'met', staleSigners: [], reasons: [] });
    expect(result.signoffs[0]?.signers[0]?.staleSince).toBeUndefined();
  });

  it('makes a sign-off stale when the head does not descend from its commit, even with no file in scope changed', () => {
    for (const status of ['behind', 'diverged'] as const) {
      const result = judge([signedAtOld()], { extra: { changesSince: compare([], { status, commits: [] }) } });
      expect(result.signoffs[0]).toMatchObject({ status: 'stale', signers: [] });
      expect(result.signoffs[0]?.staleSigners[0]?.staleSince).toBe(OLD);
      expect(result.signoffs[0]?.reasons).toContain("@alice's sign-off at abc1234 is stale: the head c0ffee0 does not descend from abc1234");
    }
  });

  it('keeps a sign-off whose commit the head descends from when nothing in scope changed (control)', () => {
    for (const status of ['ahead', 'identical'] as const) {
      const result = judge([signedAtOld()], { extra: { changesSince: compare(['README.md'], { status }) } });
      expect(result.signoffs[0]).toMatchObject({ status: 'met', staleSigners: [] });
    }
  });

  it('treats an unknown or missing comparison as stale, since the sign-off commit', () => {
    for (const changesSince of [compare([], { unknown: true }), []]) {
      const result = judge([signedAtOld()], { extra: { changesSince } });
      expect(result.signoffs[0]?.status).toBe('stale');
      expect(result.signoffs[0]?.staleSigners[0]?.staleSince).toBe(OLD);
      expect(result.signoffs[0]?.reasons).toContain("@alice's sign-off at abc1234 is stale: what changed since abc1234 is unknown");
    }
  });

  it('treats an unknown sign-off commit as stale only under invalidate_on_push', () => {
    const unknown = entry('alice', '/signoff ml-lead', '2025-03-19T10:00:00Z', { commitSha: null });
    const stale = judge([unknown]);
    expect(stale.signoffs[0]?.staleSigners[0]?.staleSince).toBe('unknown');
    expect(stale.signoffs[0]?.status).toBe('stale');
    const kept = judge([unknown], { contract: contract({ signoff_policy: { invalidate_on_push: false } }) });
    expect(kept.signoffs[0]?.status).toBe('met');
  });

  it('keeps sign-offs across pushes when invalidate_on_push is false', () => {
    const result = judge([signedAtOld()], { contract: contract({ signoff_policy: { invalidate_on_push: false } }), extra: { changesSince: compare(['models/a.py']) } });
    expect(result.signoffs[0]?.status).toBe('met');
  });

  it('lets a new sign-off at the head replace a stale one', () => {
    const result = judge([signedAtOld(), entry('alice', '/signoff ml-lead', '2025-03-20T09:00:00Z')], { extra: { changesSince: compare(['models/a.py']) } });
    expect(result.signoffs[0]).toMatchObject({ status: 'met', staleSigners: [] });
    expect(result.signoffs[0]?.signers.map((s) => s.commitSha)).toEqual([HEAD]);
  });

  it('counts a scope test that throws as touching', () => {
    const throwing: RoleRequirement = { ...mlLead, touches: () => { throw new Error('bad glob'); } };
    const result = judge([signedAtOld()], { requirements: [throwing], extra: { changesSince: compare(['x']) } });
    expect(result.signoffs[0]?.status).toBe('stale');
  });

  it('expires a sign-off older than expires_after_days', () => {
    const signoff = entry('alice', '/signoff ml-lead', '2025-03-01T12:00:00Z');
    const expiring = contract({ signoff_policy: { expires_after_days: 14 } });
    const result = judge([signoff], { contract: expiring });
    expect(result.signoffs[0]).toMatchObject({
      status: 'stale',
      signers: [],
      staleSigners: [{ login: 'alice', expiredAt: '2025-03-15T12:00:00.000Z' }],
      reasons: ['needs 1 sign-off, has 0', "@alice's sign-off of 2025-03-01 expired on 2025-03-15 (sign-offs count for 14 days)"],
    });
    const fresh = judge([signoff], { contract: expiring, now: new Date('2025-03-15T11:59:59Z') });
    expect(fresh.signoffs[0]?.status).toBe('met');
    const invalidNow = judge([signoff], { contract: expiring, now: new Date(Number.NaN) });
    expect(invalidNow.signoffs[0]?.status).toBe('stale');
  });
});

describe('judgeConversation: changes requested', () => {
  const erinSigns = () => entry('erin', '/signoff sre', '2025-03-20T10:05:00Z');

  it('blocks the role even when another member signed', () => {
    const veto = review('bob', 'CHANGES_REQUESTED', '2025-03-20T10:00:00Z');
    const result = judge([veto, erinSigns()]);
    expect(result.signoffs[1]).toMatchObject({
      status: 'missing',
      blockedBy: { login: 'bob', entryKey: veto.key, at: '2025-03-20T10:00:00Z' },
      reasons: ['blocked: @bob requested changes; an approving review or /signoff sre from @bob lifts it'],
    });
    expect(result.signoffs[1]?.signers.map((s) => s.login)).toEqual(['erin']);
    expect(result.signoffs[0]?.blockedBy).toBeUndefined();
  });

  it.each([
    ['an approving review', () => review('bob', 'APPROVED', '2025-03-20T11:00:00Z')],
    ['a /signoff for the role', () => entry('bob', 'ok now\n/signoff sre', '2025-03-20T11:00:00Z')],
  ])('is lifted by the same member’s later %s', (_name, lift) => {
    const result = judge([review('bob', 'CHANGES_REQUESTED', '2025-03-20T10:00:00Z'), erinSigns(), lift()]);
    expect(result.signoffs[1]?.status).toBe('met');
    expect(result.signoffs[1]?.blockedBy).toBeUndefined();
  });

  it('is not lifted by someone else’s approval, an earlier approval, or an edited sign-off', () => {
    const result = judge([
      review('bob', 'APPROVED', '2025-03-20T09:00:00Z'),
      review('bob', 'CHANGES_REQUESTED', '2025-03-20T10:00:00Z'),
      erinSigns(),
      review('erin', 'APPROVED', '2025-03-20T11:00:00Z'),
      entry('bob', '/signoff sre', '2025-03-20T11:30:00Z', { edited: true }),
    ]);
    expect(result.signoffs[1]).toMatchObject({ status: 'missing', blockedBy: { login: 'bob' } });
  });

  it('stays when the "changes requested" review is dismissed, by anyone, and when the earlier state of a dismissed review is unknown', () => {
    const dismissedVeto = { ...review('bob', 'DISMISSED', '2025-03-20T10:00:00Z'), dismissedState: 'CHANGES_REQUESTED' as const };
    const unknown = review('bob', 'DISMISSED', '2025-03-20T10:00:00Z');
    for (const veto of [dismissedVeto, unknown]) {
      const result = judge([veto, erinSigns()]);
      expect(result.signoffs[1]).toMatchObject({ status: 'missing', blockedBy: { login: 'bob', entryKey: veto.key } });
    }
  });

  it('is not lifted by the member’s dismissed approval, but by a later approval or sign-off (control)', () => {
    const veto = review('bob', 'CHANGES_REQUESTED', '2025-03-20T10:00:00Z');
    const dismissedApproval = { ...review('bob', 'DISMISSED', '2025-03-20T11:00:00Z'), dismissedState: 'APPROVED' as const };
    expect(judge([veto, erinSigns(), dismissedApproval]).signoffs[1]).toMatchObject({ status: 'missing', blockedBy: { login: 'bob' } });
    const lifted = judge([veto, erinSigns(), dismissedApproval, review('bob', 'APPROVED', '2025-03-20T11:30:00Z')]);
    expect(lifted.signoffs[1]).toMatchObject({ status: 'met' });
  });

  it('never takes a sign-off from a dismissed review, and says why', () => {
    const dismissed = { ...review('alice', 'DISMISSED', '2025-03-20T10:00:00Z', '/signoff ml-lead'), dismissedState: 'APPROVED' as const };
    const result = judge([dismissed]);
    expect(result.signoffs[0]).toMatchObject({ status: 'missing', signers: [] });
    expect(result.commands).toEqual([
      { entryKey: dismissed.key, author: 'alice', text: '/signoff ml-lead', accepted: false, reason: 'this review was dismissed, so its commands do not count; post a new comment' },
    ]);
    // Control: the same review, not dismissed, signs off.
    expect(judge([review('alice', 'APPROVED', '2025-03-20T10:00:00Z', '/signoff ml-lead')]).signoffs[0]?.status).toBe('met');
  });

  it('blocks when a review requests changes and its body says /signoff', () => {
    const result = judge([review('bob', 'CHANGES_REQUESTED', '2025-03-20T10:00:00Z', '/signoff sre')]);
    expect(result.signoffs[1]).toMatchObject({ status: 'missing', blockedBy: { login: 'bob' } });
    expect(result.signoffs[1]?.signers.map((s) => s.login)).toEqual(['bob']);
  });

  it('is lifted by the member’s /signoff for the role even when distinct_people keeps it from counting', () => {
    const roles = { ...baseContract.roles, sre: ['@bob', '@alice'] };
    const result = judge(
      [
        entry('alice', '/signoff ml-lead', '2025-03-20T09:00:00Z'),
        review('alice', 'CHANGES_REQUESTED', '2025-03-20T10:00:00Z'),
        entry('bob', '/signoff sre', '2025-03-20T10:30:00Z'),
        entry('alice', '/signoff sre', '2025-03-20T11:00:00Z'),
      ],
      { contract: contract({ roles }) },
    );
    expect(result.commands[2]?.accepted).toBe(false);
    expect(result.signoffs[1]).toMatchObject({ status: 'met', signers: [{ login: 'bob' }] });
    expect(result.signoffs[0]).toMatchObject({ status: 'missing', blockedBy: { login: 'alice' } });
  });

  it('still blocks when the review’s time cannot be read, and an approval without a readable time lifts nothing', () => {
    const result = judge([review('bob', 'CHANGES_REQUESTED', 'unknown'), erinSigns()]);
    expect(result.signoffs[1]).toMatchObject({ status: 'missing', blockedBy: { login: 'bob' } });
    const unliftable = judge([review('bob', 'CHANGES_REQUESTED', '2025-03-20T10:00:00Z'), erinSigns(), review('bob', 'APPROVED', 'later')]);
    expect(unliftable.signoffs[1]).toMatchObject({ status: 'missing', blockedBy: { login: 'bob' } });
  });

  it('ignores changes requested by a non-member or a bot', () => {
    const result = judge([
      review('dave', 'CHANGES_REQUESTED', '2025-03-20T10:00:00Z'),
      { ...review('bob', 'CHANGES_REQUESTED', '2025-03-20T10:01:00Z'), author: { login: 'bob', type: 'Bot' as ActorType } },
      erinSigns(),
    ]);
    expect(result.signoffs[1]).toMatchObject({ status: 'met' });
  });

  it('does not let an approving review sign a role', () => {
    const result = judge([review('bob', 'APPROVED', '2025-03-20T10:00:00Z')]);
    expect(result.signoffs[1]).toMatchObject({ status: 'missing', signers: [], reasons: ['needs 1 sign-off, has 0'] });
    expect(result.commands).toEqual([]);
  });
});

describe('judgeConversation: revoke, distinct people, count', () => {
  it('withdraws the signer’s own sign-off, and refuses a revoke with nothing to withdraw', () => {
    const revoke = entry('alice', '/revoke ml-lead', '2025-03-20T11:00:00Z');
    const result = judge([revoke, entry('alice', '/signoff ml-lead', '2025-03-20T10:00:00Z'), entry('dan', '/revoke ml-lead', '2025-03-20T12:00:00Z')]);
    expect(result.signoffs[0]?.status).toBe('missing');
    expect(result.commands.map((c) => [c.text, c.accepted, reasonOf(c)])).toEqual([
      ['/signoff ml-lead', true, undefined],
      ['/revoke ml-lead', true, undefined],
      ['/revoke ml-lead', false, '@dan has no sign-off for ml-lead to revoke'],
    ]);
  });

  it('lets one person fill only one role under distinct_people: the earlier sign-off wins', () => {
    const roles = { ...baseContract.roles, sre: ['@bob', '@alice'] };
    const conversation = [entry('alice', '/signoff sre', '2025-03-20T10:00:00Z'), entry('alice', '/signoff ml-lead', '2025-03-20T10:05:00Z')];
    const distinct = judge(conversation, { contract: contract({ roles }) });
    expect(distinct.signoffs.map((s) => s.status)).toEqual(['missing', 'met']);
    expect(reasonOf(distinct.commands[1])).toBe(
      '@alice already signed off as sre, and one person fills at most one role (signoff_policy.distinct_people); /revoke sre first to sign off as ml-lead',
    );

    const switched = judge([...conversation, entry('alice', '/revoke sre', '2025-03-20T10:10:00Z'), entry('alice', '/signoff ml-lead', '2025-03-20T10:15:00Z')], {
      contract: contract({ roles }),
    });
    expect(switched.signoffs.map((s) => s.status)).toEqual(['met', 'missing']);

    const shared = judge(conversation, { contract: contract({ roles, signoff_policy: { distinct_people: false } }) });
    expect(shared.signoffs.map((s) => s.status)).toEqual(['met', 'met']);
  });

  it('needs `count` distinct members; one person signing twice counts once', () => {
    const two = requirement('ml-lead', 'models/', 2);
    const once = judge([entry('alice', '/signoff ml-lead', '2025-03-20T10:00:00Z'), entry('ALICE', '/signoff ml-lead', '2025-03-20T10:01:00Z')], { requirements: [two] });
    expect(once.signoffs[0]).toMatchObject({ status: 'missing', reasons: ['needs 2 sign-offs, has 1'] });
    expect(once.signoffs[0]?.signers.map((s) => s.login)).toEqual(['ALICE']);

    const twice = judge([entry('alice', '/signoff ml-lead', '2025-03-20T10:00:00Z'), entry('dan', '/signoff ml-lead', '2025-03-20T10:01:00Z')], { requirements: [two] });
    expect(twice.signoffs[0]).toMatchObject({ status: 'met', required: 2, reasons: [] });
    expect(twice.signoffs[0]?.signers.map((s) => s.login)).toEqual(['alice', 'dan']);
  });

  it('is stale, not missing, when the stale sign-offs would have met the count', () => {
    const two = requirement('ml-lead', 'models/', 2);
    const result = judge(
      [entry('alice', '/signoff ml-lead', '2025-03-20T10:00:00Z', { commitSha: OLD }), entry('dan', '/signoff ml-lead', '2025-03-20T10:01:00Z')],
      { requirements: [two], extra: { changesSince: [{ fromSha: OLD, commits: [HEAD], files: ['models/a.py'] }] } },
    );
    expect(result.signoffs[0]?.status).toBe('stale');
    const alone = judge([entry('alice', '/signoff ml-lead', '2025-03-20T10:00:00Z', { commitSha: OLD })], {
      requirements: [requirement('ml-lead', 'models/', 3)],
      extra: { changesSince: [{ fromSha: OLD, commits: [HEAD], files: ['models/a.py'] }] },
    });
    expect(alone.signoffs[0]?.status).toBe('missing');
  });

  it('replays entries by time, then by key, whatever order the snapshot lists them in', () => {
    const a = { ...entry('alice', '/signoff ml-lead', '2025-03-20T10:00:00Z'), key: 'comment:2' };
    const b = { ...entry('alice', '/revoke ml-lead', '2025-03-20T10:00:00Z'), key: 'comment:1' };
    expect(judge([a, b]).signoffs[0]?.status).toBe('met');
    expect(judge([b, a])).toEqual(judge([a, b]));
  });
});

describe('judgeConversation: waivers and other commands', () => {
  it('grants a waiver from an approver, with its expiry', () => {
    const waive = entry('bob', '/waive model-card 14d fairness review on 1 April', '2025-03-20T10:00:00Z');
    const result = judge([waive]);
    expect(result.waivers).toEqual(
      new Map([
        [
          'model-card',
          {
            evidenceId: 'model-card',
            approver: 'bob',
            reason: 'fairness review on 1 April',
            days: 14,
            grantedAt: '2025-03-20T10:00:00Z',
            expiresAt: '2025-04-03T10:00:00.000Z',
            expired: false,
            entryKey: waive.key,
          },
        ],
      ]),
    );
    expect(result.commands).toEqual([{ entryKey: waive.key, author: 'bob', text: waive.body, accepted: true }]);
  });

  it('grants a waiver from a team member of an approver role, and refuses one from a bot', () => {
    const result = judge([entry('erin', '/waive monitoring 3d dashboards next sprint', '2025-03-20T10:00:00Z'), { ...entry('bob', '/waive model-card 3d x', '2025-03-20T10:01:00Z'), author: { login: 'bob', type: 'Bot' as ActorType } }]);
    expect([...result.waivers.keys()]).toEqual(['monitoring']);
    expect(result.commands.map((c) => reasonOf(c))).toEqual([undefined, '@bob is a bot, and commands from bots do not count']);
  });

  it('marks an expired waiver, and keeps the latest accepted one per item', () => {
    const result = judge(
      [entry('bob', '/waive model-card 1d first', '2025-03-01T00:00:00Z'), entry('alice', '/waive model-card 2d second', '2025-03-10T00:00:00Z'), entry('dave', '/waive model-card 30d third', '2025-03-11T00:00:00Z')],
    );
    expect(result.waivers.get('model-card')).toMatchObject({ approver: 'alice', reason: 'second', expiresAt: '2025-03-12T00:00:00.000Z', expired: true });
  });

  it.each([
    ['/waive model-card 31d too long', 'bob', 'a waiver lasts at most 30 days; asked for 31d'],
    ['/waive model-card 3d x', 'carol', '@carol may not waive evidence: only members of ml-lead, sre may'],
    ['/waive model-card 3d x', 'paula', '@paula opened this pull request, and the author cannot waive evidence'],
    ['/waive fairness 3d x', 'bob', 'unknown evidence id fairness; the evidence ids are model-card, monitoring'],
    ['/waive model-card 3d', 'bob', 'give a reason after the days: /waive <evidence-id> <days>d <reason>, e.g. /waive model-card 14d fairness review scheduled'],
  ])('refuses %j from @%s', (body, login, reason) => {
    const roles = { ...baseContract.roles, sre: ['@bob', '@paula'] };
    const result = judge([entry(login, body, '2025-03-20T10:00:00Z')], { contract: contract({ roles, signoff_policy: { allow_author: true } }) });
    expect(result.commands[0]).toMatchObject({ accepted: false, reason });
    expect(result.waivers.size).toBe(0);
  });

  it('refuses every waiver when the contract has no waivers section', () => {
    const result = judge([entry('bob', '/waive model-card 3d x', '2025-03-20T10:00:00Z')], { contract: contract({ waivers: undefined }) });
    expect(reasonOf(result.commands[0])).toBe('this contract has no waivers section, so evidence cannot be waived');
    expect(result.waivers.size).toBe(0);
  });

  it('accepts /readiness and refuses a malformed command with its problem', () => {
    const result = judge([entry('dave', '/readiness\n/signoff', '2025-03-20T10:00:00Z')]);
    expect(result.commands.map((c) => [c.text, c.accepted, reasonOf(c)])).toEqual([
      ['/readiness', true, undefined],
      ['/signoff', false, 'name the role, e.g. /signoff ml-lead'],
    ]);
  });

  it('ignores commands that are quoted or in code', () => {
    const result = judge([entry('alice', '> /signoff ml-lead\n\n```\n/signoff ml-lead\n```', '2025-03-20T10:00:00Z')]);
    expect(result.commands).toEqual([]);
    expect(result.signoffs[0]?.signers).toEqual([]);
  });
});

describe('judgeConversation: properties', () => {
  const people = ['alice', 'ALICE', 'bob', 'carol', 'dan', 'erin', 'pending-pat', 'dave', 'paula', 'alice[bot]', 'ci'];
  const bodies = [
    '/signoff ml-lead', '/signoff sre', '/signoff ml-lead sre', '/signoff privacy', '/revoke ml-lead', '/revoke sre',
    '/waive model-card 5d reason', '/waive monitoring 40d reason', '/readiness', '> /signoff ml-lead', '/signoff typo', 'hi',
  ];
  const entryArbitrary = fc.record({
    login: fc.constantFrom(...people),
    type: fc.constantFrom<ActorType>('User', 'User', 'User', 'Bot'),
    body: fc.array(fc.constantFrom(...bodies), { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n')),
    minute: fc.integer({ min: 0, max: 50 }),
    edited: fc.boolean(),
    commitSha: fc.constantFrom<string | null>(HEAD, OLD, null),
    state: fc.constantFrom<ConversationEntry['reviewState'] | undefined>(undefined, 'APPROVED', 'CHANGES_REQUESTED', 'DISMISSED', 'PENDING', 'COMMENTED'),
  });
  const conversationArbitrary = fc.array(entryArbitrary, { maxLength: 25 }).map((drawn) =>
    drawn.map((d, index): ConversationEntry => ({
      key: `${d.state ? 'review' : 'comment'}:${index}`,
      source: d.state ? 'review' : 'comment',
      author: { login: d.login, type: d.type },
      body: d.body,
      createdAt: new Date(Date.UTC(2025, 2, 20, 10, d.minute)).toISOString(),
      edited: d.edited,
      commitSha: d.commitSha,
      ...(d.state ? { reviewState: d.state } : {}),
    })),
  );
  const policyArbitrary = fc.record({ allow_author: fc.boolean(), distinct_people: fc.boolean(), invalidate_on_push: fc.boolean() });

  it('never counts a sign-off from a non-member, the author (unless allowed), a bot, an edited entry or a dismissed review', () => {
    fc.assert(
      fc.property(conversationArbitrary, policyArbitrary, (conversation, policy) => {
        const roles = { ...baseContract.roles, sre: ['@bob', '@acme/sre-oncall', '@paula'] };
        const judged = judgeConversation(contract({ roles, signoff_policy: policy }), snapshot(conversation), [mlLead, sre, requirement('privacy', 'data/')], NOW);
        const members: Record<string, string[]> = { 'ml-lead': ['alice', 'dan'], sre: ['bob', 'erin', 'paula'], privacy: ['carol'] };
        const byKey = new Map(conversation.map((e) => [e.key, e]));
        for (const result of judged.signoffs) {
          for (const signer of [...result.signers, ...result.staleSigners]) {
            const source = byKey.get(signer.entryKey);
            expect(members[result.role]).toContain(signer.login.toLowerCase());
            expect(source?.author.type).toBe('User');
            expect(source?.edited).toBe(false);
            expect(source?.reviewState).not.toBe('DISMISSED');
            expect(signer.login.endsWith('[bot]')).toBe(false);
            if (!policy.allow_author) expect(signer.login).not.toBe('paula');
          }
          if (policy.distinct_people) {
            const logins = judged.signoffs.flatMap((r) => [...r.signers, ...r.staleSigners].map((s) => `${s.role}:${s.login.toLowerCase()}`));
            const people = new Map<string, string>();
            for (const pair of new Set(logins)) {
              const [role, login] = pair.split(':') as [string, string];
              expect(people.get(login) ?? role).toBe(role);
              people.set(login, role);
            }
          }
        }
        for (const waiver of judged.waivers.values()) {
          expect(['alice', 'dan', 'bob', 'erin']).toContain(waiver.approver.toLowerCase());
          expect(waiver.days).toBeLessThanOrEqual(30);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic and independent of the order the conversation is listed in', () => {
    fc.assert(
      fc.property(conversationArbitrary, (conversation) => {
        const forward = judge(conversation);
        expect(judge([...conversation].reverse())).toEqual(forward);
      }),
      { numRuns: 300 },
    );
  });
});
