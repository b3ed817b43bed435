import { describe, expect, it } from '@jest/globals';
import { branchGapIssueKey, gapIssueKey } from '../../src/github/markers.js';
import { planGapIssues, gapIssueOwners, MAX_ASSIGNEES, type GapIssuePlan } from '../../src/publish/gap-issue-plan.js';
import { evidence, HEAD, verdict } from '../render/verdict-fixture.js';
import { cardMet, cardMissing, contract, gapFacts as facts, judged, repo, state } from './gap-issue-fixtures.js';

/** Each step as `kind id`, with the issue number where the step names one. */
function outline(plan: GapIssuePlan): string[] {
  return [
    ...plan.close.map((c) => `close ${c.id} #${c.number} ${c.reason}`),
    ...plan.steps.map((s) => (s.kind === 'file' ? `file ${s.id}` : s.kind === 'keep' ? `keep ${s.id} #${s.record.number}` : `reopen ${s.id} #${s.number}`)),
  ];
}

describe('planGapIssues: filing', () => {
  it('files each gap that has no known issue, in the verdict’s order, under the contract’s labels, owned by the item’s role', () => {
    const plan = planGapIssues(facts());

    expect(outline(plan)).toEqual(['file model-card', 'file evaluation']);
    expect(plan.labels).toEqual(['readiness-gap']);
    const [card, evaluation] = plan.steps;
    expect(card).toMatchObject({ draft: { key: gapIssueKey(repo, 2, 'model-card') } });
    expect(evaluation).toMatchObject({
      draft: {
        key: gapIssueKey(repo, 2, 'evaluation'),
        content: {
          subject: { kind: 'pull', number: 2 },
          ownerRole: 'ml-lead',
          ownerMembers: ['@alice', '@carol', '@acme/ml-leads'],
          hiddenKey: gapIssueKey(repo, 2, 'evaluation'),
          requirement: { id: 'evaluation', fields: [{ path: 'metrics.auc', min: 0.8 }] },
          waivers: { approvers: ['ml-lead'], max_days: 30 },
        },
        reopenComment: expect.stringContaining('- metrics.auc is 0.74, needs ≥ 0.80 (`reports/eval.json:3`)'),
      },
    });
  });

  it('leaves a known open issue alone: nothing to write on a repeated delivery', () => {
    const plan = planGapIssues(facts({ state: state({ 'model-card': { number: 100, state: 'open' }, evaluation: { number: 101, state: 'open' } }) }));

    expect(outline(plan)).toEqual(['keep model-card #100', 'keep evaluation #101']);
    expect(plan.close).toEqual([]);
  });

  it('treats a missing item as a gap, and a warning or waiver as none', () => {
    const base = verdict();
    const items = [
      evidence({ id: 'model-card', status: 'missing' }),
      evidence({ id: 'evaluation', status: 'warning', enforceFrom: '2027-01-15' }),
      ...base.evidence.slice(2),
    ];

    expect(outline(planGapIssues(facts({ verdict: { ...base, evidence: items } })))).toEqual(['file model-card']);
  });

  it('plans one issue for an item the verdict lists twice', () => {
    const twice = judged(cardMissing, { evidence: [cardMissing, { ...cardMissing, title: 'again' }] });

    const plan = planGapIssues(facts({ verdict: twice }));

    expect(outline(plan)).toEqual(['file model-card']);
    expect(plan.steps[0]).toMatchObject({ draft: { content: { evidence: { title: 'Intended use and limits' } } } });
  });
});

describe('planGapIssues: closing and re-opening', () => {
  it('closes an issue once its item is met, as completed, with a short comment, and keeps the others linked', () => {
    const plan = planGapIssues(
      facts({ verdict: judged(cardMet), state: state({ 'model-card': { number: 5, state: 'open' }, evaluation: { number: 7, state: 'open' } }) }),
    );

    expect(outline(plan)).toEqual(['close model-card #5 completed', 'keep evaluation #7']);
    expect(plan.close[0]?.comment).toBe(`The gap is closed: the evidence is met on #2 at commit \`${HEAD.slice(0, 7)}\`.`);
  });

  it('closes a waived item’s issue as not planned, saying until when and why', () => {
    const plan = planGapIssues(facts({ verdict: judged(cardMet), state: state({ runbook: { number: 5, state: 'open' } }) }));

    expect(outline(plan)).toEqual(['close runbook #5 not_planned', 'file evaluation']);
    expect(plan.close[0]?.comment).toContain('The gap is waived on #2 until 2025-03-08: escalation is being rewritten.');
  });

  it('closes the issue of an item the contract no longer has, or that no longer applies', () => {
    const plan = planGapIssues(
      facts({ verdict: judged(cardMet), state: state({ retired: { number: 5, state: 'open' }, rollback: { number: 6, state: 'open' } }) }),
    );

    expect(plan.close.map((c) => [c.id, c.comment])).toEqual([
      ['retired', 'This item is no longer part of the readiness contract.'],
      ['rollback', 'This item no longer applies to #2.'],
    ]);
  });

  it('re-opens the same issue when the gap comes back, saying what is missing again, and files nothing new', () => {
    const plan = planGapIssues(facts({ verdict: judged(cardMissing, { evidence: [cardMissing] }), state: state({ 'model-card': { number: 5, state: 'closed' } }) }));

    expect(outline(plan)).toEqual(['reopen model-card #5']);
    expect(plan.steps[0]).toMatchObject({ draft: { reopenComment: 'The gap is back on #2 at commit `0123456`:\n\n- docs/model-card.md does not exist' } });
  });

  it.each([
    { merged: true, comment: '#2 was merged.', reason: 'completed' },
    { merged: false, comment: '#2 was closed without being merged.', reason: 'not_planned' },
  ])('closes every open gap issue when the pull request is closed (merged: $merged)', ({ merged, comment, reason }) => {
    const known = state({ evaluation: { number: 5, state: 'open' }, 'model-card': { number: 6, state: 'open' }, runbook: { number: 7, state: 'closed' } });

    // Closing needs no contract, so a closed pull request need not load one.
    const plan = planGapIssues(facts({ pull: { number: 2, state: 'closed', merged, author: 'dave' }, verdict: null, contract: null, state: known }));

    expect(outline(plan)).toEqual([`close evaluation #5 ${reason}`, `close model-card #6 ${reason}`]);
    expect(plan.close.map((c) => c.comment)).toEqual([comment, comment]);
  });

  it('judges nothing of a closed pull request, even when a verdict with gaps comes along', () => {
    const plan = planGapIssues(facts({ pull: { number: 2, state: 'closed', merged: false, author: 'dave' }, state: state({ evaluation: { number: 5, state: 'open' } }) }));

    expect(outline(plan)).toEqual(['close evaluation #5 not_planned']);
  });

  it('closes every open issue when the pull request falls out of scope, and files nothing', () => {
    const plan = planGapIssues(facts({ verdict: judged(cardMissing, { inScope: false }), state: state({ evaluation: { number: 5, state: 'open' } }) }));

    expect(outline(plan)).toEqual(['close evaluation #5 not_planned']);
    expect(plan.close[0]?.comment).toBe('#2 no longer changes files that the readiness contract covers.');
  });
});

describe('planGapIssues: when filing is off', () => {
  it('files nothing with `gaps.issues: false`, but still closes issues whose gap is gone and links the open ones', () => {
    const off = contract({ gaps: { issues: false, labels: ['readiness-gap'] } });

    const plan = planGapIssues(
      facts({ contract: off, verdict: judged(cardMet), state: state({ 'model-card': { number: 5, state: 'open' }, evaluation: { number: 6, state: 'open' } }) }),
    );

    expect(outline(plan)).toEqual(['close model-card #5 completed', 'keep evaluation #6']);
  });

  it('does not re-open a closed issue, but still links it', () => {
    const plan = planGapIssues(
      facts({ contract: contract({ gaps: { issues: false, labels: [] } }), state: state({ 'model-card': { number: 5, state: 'closed' } }) }),
    );

    expect(outline(plan)).toEqual(['keep model-card #5']);
  });

  it('files nothing under advisory enforcement unless the contract asks for issues itself', () => {
    const advisory = contract({ enforcement: 'advisory' });
    const gaps = judged(cardMissing, { enforcement: 'advisory' });

    expect(outline(planGapIssues(facts({ contract: advisory, verdict: gaps })))).toEqual([]);
    expect(outline(planGapIssues(facts({ contract: advisory, gapsExplicit: true, verdict: gaps })))).toEqual(['file model-card', 'file evaluation']);
  });
});

describe('gapIssueOwners', () => {
  const answers = (entries: Record<string, boolean>) => new Map(Object.entries(entries));

  it('asks GitHub about each user in turn, once, whatever the case of the login', () => {
    const members = ['@Alice', '@carol', '@acme/ml-leads'];

    expect(gapIssueOwners(members, answers({}))).toEqual({ ask: 'Alice' });
    expect(gapIssueOwners(members, answers({ alice: true }))).toEqual({ ask: 'carol' });
    expect(gapIssueOwners(members, answers({ alice: true, carol: false }))).toEqual({ assignees: ['Alice'], mentioned: ['@carol', '@acme/ml-leads'] });
  });

  it('mentions an owner who cannot be assigned; bots are neither asked about, assigned nor mentioned', () => {
    expect(gapIssueOwners(['@deploy[bot]', '@carol'], answers({}))).toEqual({ ask: 'carol' });
    expect(gapIssueOwners(['@carol', '@deploy[bot]'], answers({ carol: false }))).toEqual({ assignees: [], mentioned: ['@carol'] });
  });

  it('names the people GitHub could not assign before the teams, which are never assigned', () => {
    expect(gapIssueOwners(['@acme/ml-leads', '@carol', '@acme/sre'], answers({ carol: false }))).toEqual({
      assignees: [],
      mentioned: ['@carol', '@acme/ml-leads', '@acme/sre'],
    });
  });

  it(`stops asking once ${MAX_ASSIGNEES} are assigned, GitHub's limit, and mentions the rest`, () => {
    const logins = Array.from({ length: MAX_ASSIGNEES + 2 }, (_, i) => `user${i}`);
    const allAssignable = answers(Object.fromEntries(logins.slice(0, MAX_ASSIGNEES).map((login) => [login, true])));

    const owners = gapIssueOwners(logins.map((login) => `@${login}`), allAssignable);

    expect(owners).toEqual({ assignees: logins.slice(0, MAX_ASSIGNEES), mentioned: logins.slice(MAX_ASSIGNEES).map((login) => `@${login}`) });
  });
});

describe('planGapIssues: the default branch as the subject', () => {
  const branchFacts = (gapState = state({})) => {
    const { pull: _pull, verdict: full, ...rest } = facts();
    const judgedBranch = full ?? judged();
    return { ...rest, branch: 'main', verdict: { inScope: true, evidence: judgedBranch.evidence, headSha: judgedBranch.headSha }, state: gapState };
  };

  it('files under its own hidden key, never a pull request’s, and without waiver text', () => {
    const plan = planGapIssues(branchFacts());

    expect(outline(plan)).toEqual(['file model-card', 'file evaluation']);
    const [card] = plan.steps;
    expect(card).toMatchObject({ draft: { key: branchGapIssueKey(repo, 'main', 'model-card'), content: { subject: { kind: 'branch', branch: 'main' } } } });
    expect(branchGapIssueKey(repo, 'main', 'model-card')).not.toBe(gapIssueKey(repo, 2, 'model-card'));
    expect(card?.kind === 'file' && card.draft.reopenComment).toContain('The gap is back on `main` at commit');
  });

  it('encodes a branch name that could close the hidden comment', () => {
    expect(branchGapIssueKey(repo, 'a-->b', 'x')).toBe('<!-- readiness-gate:branch-gap acme/models@a--%3Eb x -->');
  });

  it('closes a branch gap that is met, saying so for the branch', () => {
    const plan = planGapIssues({ ...branchFacts(state({ 'model-card': { number: 7, state: 'open' } })), verdict: { inScope: true, evidence: [cardMet], headSha: HEAD } });

    expect(plan.close).toEqual([{ id: 'model-card', number: 7, reason: 'completed', comment: `The gap is closed: the evidence is met on \`main\` at commit \`${HEAD.slice(0, 7)}\`.` }]);
  });
});
