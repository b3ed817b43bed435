/**
 * Signed but malformed deliveries (issue 10 §6): GitHub's example payloads of
 * every subscribed event, with one field a handler uses dropped, nulled or
 * given another type. None may throw (Probot's middleware would answer 500),
 * none may reach GitHub, and each is logged as a warning naming the delivery.
 */
import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Probot } from 'probot';
import { InProcessQueue } from '../../src/queue/in-process-queue.js';
import { createApp, examplePayload, logged, sent, simulateGitHub, WEBHOOK_SECRET } from '../support/github-app.js';
import { HEAD, openedPayload } from '../support/pull-fixtures.js';

type Payload = Record<string, any>;
type Mutation = 'drop' | 'null' | 'retype';

interface UsedField {
  path: string;
  /** Mutations that leave a well-formed delivery (a ghost user is null; a plain issue has no pull_request). */
  legit?: Mutation[];
  /** The mutation changes the event's routing (its action), so the handler never sees it: no warning to expect. */
  unrouted?: boolean;
}

interface EventCase {
  name: string;
  event: string;
  payload: () => Payload;
  fields: (string | UsedField)[];
}

const ENVELOPE = ['installation', 'installation.id', 'repository', 'repository.name', 'repository.owner', 'repository.owner.login', 'repository.default_branch'];
const PULL = [
  'pull_request',
  'pull_request.number',
  'pull_request.state',
  { path: 'pull_request.user', legit: ['null'] },
  'pull_request.user.login',
  'pull_request.user.type',
  'pull_request.head',
  'pull_request.head.sha',
  'pull_request.base',
  'pull_request.base.ref',
  'pull_request.base.sha',
  'pull_request.base.repo',
  'pull_request.base.repo.default_branch',
  'pull_request.labels',
  { path: 'pull_request.merged', legit: ['drop', 'null'] },
  { path: 'pull_request.changed_files', legit: ['drop'] },
  { path: 'pull_request.requested_reviewers', legit: ['drop', 'null'] },
  { path: 'pull_request.requested_teams', legit: ['drop', 'null'] },
] satisfies (string | UsedField)[];

function withCommand(payload: Payload, key: 'comment' | 'review'): Payload {
  payload[key].body = '/readiness';
  payload[key].user = { ...payload[key].user, type: 'User' };
  return payload;
}

const CASES: EventCase[] = [
  { name: 'pull_request.opened', event: 'pull_request', payload: openedPayload, fields: [...ENVELOPE, ...PULL] },
  {
    name: 'pull_request.edited (base changed)',
    event: 'pull_request',
    payload: () => ({ ...openedPayload(), action: 'edited', changes: { base: { ref: { from: 'release' }, sha: { from: HEAD } } } }),
    fields: ['changes', 'changes.base.ref', 'changes.base.ref.from', 'pull_request.number', 'pull_request.head.sha', 'installation.id'],
  },
  {
    name: 'issue_comment.created',
    event: 'issue_comment',
    payload: () => {
      const payload = withCommand(examplePayload('issue_comment', 'created'), 'comment');
      payload.issue.pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' };
      return payload;
    },
    fields: [
      ...ENVELOPE,
      { path: 'action', unrouted: true },
      'issue',
      'issue.number',
      { path: 'issue.pull_request', legit: ['drop', 'null'] },
      'comment',
      'comment.id',
      { path: 'comment.user', legit: ['null'] },
      'comment.user.type',
      { path: 'comment.body', legit: ['null'] },
    ],
  },
  {
    name: 'pull_request_review.submitted',
    event: 'pull_request_review',
    payload: () => {
      const payload = examplePayload('pull_request_review', 'submitted');
      payload.review.state = 'approved';
      payload.review.user = { ...payload.review.user, type: 'User' };
      return payload;
    },
    fields: [...ENVELOPE, 'review', { path: 'review.user', legit: ['null'] }, 'review.user.type', 'review.state', { path: 'review.body', legit: ['null'] }, 'pull_request', 'pull_request.number'],
  },
  {
    name: 'pull_request_review_comment.created',
    event: 'pull_request_review_comment',
    payload: () => withCommand(examplePayload('pull_request_review_comment', 'created'), 'comment'),
    fields: [...ENVELOPE, 'comment', 'comment.id', { path: 'comment.user', legit: ['null'] }, 'comment.user.type', { path: 'comment.body', legit: ['null'] }, 'pull_request', 'pull_request.number'],
  },
  {
    name: 'check_run.rerequested',
    event: 'check_run',
    payload: () => {
      const payload = examplePayload('check_run', 'rerequested');
      payload.check_run.name = 'readiness';
      payload.check_run.pull_requests = [{ number: 2, base: { ref: payload.repository.default_branch } }];
      return payload;
    },
    fields: [...ENVELOPE, 'check_run', 'check_run.name', 'check_run.head_sha', 'check_run.pull_requests', 'check_run.pull_requests.0.number', 'check_run.pull_requests.0.base.ref'],
  },
  {
    name: 'check_run.completed',
    event: 'check_run',
    payload: () => ({ ...examplePayload('check_run', 'rerequested'), action: 'completed' }),
    fields: ['installation.id', 'repository.owner.login', 'check_run.name', 'check_run.head_sha', 'check_run.pull_requests'],
  },
  {
    name: 'check_suite.rerequested',
    event: 'check_suite',
    payload: () => {
      const payload = examplePayload('check_suite', 'rerequested');
      payload.check_suite.pull_requests = [{ number: 2, base: { ref: 'master' } }];
      return payload;
    },
    fields: [...ENVELOPE, 'check_suite', 'check_suite.head_sha', 'check_suite.pull_requests', 'check_suite.pull_requests.0.number'],
  },
  {
    name: 'status',
    event: 'status',
    payload: () => ({ ...examplePayload('status'), state: 'success' }),
    fields: [...ENVELOPE, 'sha', 'context', 'state'],
  },
  {
    name: 'merge_group.checks_requested',
    event: 'merge_group',
    payload: () => {
      const payload = examplePayload('merge_group', 'checks_requested');
      payload.merge_group.head_ref = `refs/heads/gh-readonly-queue/main/pr-2-${HEAD}`;
      return payload;
    },
    fields: [...ENVELOPE, 'merge_group', 'merge_group.head_ref', 'merge_group.head_sha'],
  },
  {
    name: 'push (contract changed on the default branch)',
    event: 'push',
    payload: () => {
      const payload = examplePayload('push');
      payload.ref = `refs/heads/${payload.repository.default_branch}`;
      payload.commits = [{ id: 'abc', added: [], removed: [], modified: ['.github/readiness.yml'] }];
      return payload;
    },
    fields: [...ENVELOPE, 'ref', 'commits', 'commits.0', { path: 'commits.0.modified', legit: ['drop'] }],
  },
];

function get(payload: Payload, path: string): unknown {
  return path.split('.').reduce<any>((value, key) => value?.[key], payload);
}

function mutate(payload: Payload, path: string, mutation: Mutation, replacement?: unknown): Payload {
  const copy = structuredClone(payload);
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  const parent = keys.reduce<any>((value, key) => value[key], copy);
  if (mutation === 'drop') delete parent[last];
  else if (mutation === 'null') parent[last] = null;
  else parent[last] = replacement === undefined ? otherType(parent[last]) : replacement;
  return copy;
}

/** A value of another JSON type than `value`. */
function otherType(value: unknown): unknown {
  if (value === null || typeof value === 'string') return 42;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return { 0: 'not an array' };
  return 'not an object';
}

let probot: Probot;
let queue: InProcessQueue;

simulateGitHub();

beforeEach(() => {
  queue = new InProcessQueue();
  probot = createApp(undefined, undefined, queue);
});

/** Delivers as Probot's HTTP middleware does: verify the signature, then run the handlers (a throw becomes a 500). */
async function deliverSigned(event: string, payload: Payload, id: string): Promise<void> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;
  await probot.webhooks.verifyAndReceive({ id, name: event as never, payload: body, signature });
}

function gitHubRequests(): string[] {
  return sent.filter((r) => !r.path.includes('/access_tokens') && r.path !== '/app').map((r) => `${r.method} ${r.path}`);
}

function warned(id: string): boolean {
  return logged.some((line) => line.level === 40 && line.delivery === id);
}

describe('well-formed deliveries (control)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s reaches GitHub', async (_name, c) => {
    // Handlers only enqueue: nock refusing the requests is the worker's failure, never the delivery's.
    await deliverSigned(c.event, c.payload(), 'well-formed');
    await waitForQueue();

    expect(gitHubRequests().length).toBeGreaterThan(0);
    expect(warned('well-formed')).toBe(false);
  });
});

describe('malformed deliveries', () => {
  const variants = CASES.flatMap((c) =>
    c.fields.flatMap((field) => {
      const used: UsedField = typeof field === 'string' ? { path: field } : field;
      return (['drop', 'null', 'retype'] as const).map((mutation) => ({ c, used, mutation }));
    }),
  );

  it.each(variants.map((v) => [`${v.c.name}: ${v.mutation} ${v.used.path}`, v] as const))('%s', async (_label, { c, used, mutation }) => {
    const payload = c.payload();
    expect(get(payload, used.path)).not.toBeUndefined();
    const malformed = !(used.legit ?? []).includes(mutation);
    const id = `malformed-${used.path}-${mutation}`;

    await expect(deliverSigned(c.event, mutate(payload, used.path, mutation), id)).resolves.toBeUndefined();
    await waitForQueue();

    if (malformed) {
      expect(gitHubRequests()).toEqual([]);
      if (!used.unrouted) expect(warned(id)).toBe(true);
    }
  });

  it.each([[{}], [[7]], [true], [-3], [1.5]])('drops an installation id Probot could not authenticate with (%j) before Probot does', async (id) => {
    const payload = openedPayload();
    payload.installation.id = id;

    await expect(deliverSigned('pull_request', payload, 'bad-installation')).resolves.toBeUndefined();
    await waitForQueue();

    expect(gitHubRequests()).toEqual([]);
    expect(warned('bad-installation')).toBe(true);
  });

  it('still rejects a badly signed delivery, whatever its shape', async () => {
    const body = JSON.stringify({ ...openedPayload(), installation: { id: {} } });

    await expect(probot.webhooks.verifyAndReceive({ id: 'forged', name: 'pull_request', payload: body, signature: 'sha256=00' })).rejects.toThrow(/signature/);
    expect(gitHubRequests()).toEqual([]);
  });

  it('never throws whatever value replaces a used field', async () => {
    const fieldArb = fc.constantFrom(...CASES.flatMap((c) => c.fields.map((f) => ({ c, path: typeof f === 'string' ? f : f.path }))));
    await fc.assert(
      fc.asyncProperty(fieldArb, fc.anything(), async ({ c, path }, value) => {
        sent.length = 0;
        const delivered = await deliverSigned(c.event, mutate(c.payload(), path, 'retype', value), 'fuzzed').then(
          () => null,
          (error: unknown) => error,
        );
        await waitForQueue();
        // A handler that asked GitHub (a value that happens to be well-formed) may fail on nock's refusal; nothing else may throw.
        if (delivered !== null) expect(gitHubRequests().length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
});

/** Lets queued evaluations (of well-formed deliveries) run, so their requests are recorded. */
async function waitForQueue(): Promise<void> {
  await queue.idle();
}
