/**
 * `readiness-gate audit` end to end: the CLI's own Octokit (throttling and
 * retries on) against the simulated GitHub over loopback HTTP, reached the way
 * a GitHub Enterprise Server is (GHE_HOST, GHE_PROTOCOL=http).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { auditCommand } from '../../src/cli/audit.js';
import { CliError } from '../../src/cli/cli-error.js';
import { runCli } from '../../src/cli/run.js';
import { renderCheckRun } from '../../src/render/check-run.js';
import { HttpGitHub } from '../../src/testing/http-github.js';
import { SimulatedGitHub } from '../../src/testing/simulated-github.js';
import { verdict } from '../render/verdict-fixture.js';
import { captureIo } from './io.js';

const TOKEN = 'ghp_secret_never_printed_123';
let github: SimulatedGitHub;
let http: HttpGitHub;
let host: string;

function evaluated(pullNumber: number, at: string, app?: { id: number; slug: string }) {
  const repository = github.repository('acme', 'models');
  const pull = repository.pull(pullNumber);
  const head = pull.push();
  const { text, conclusion, title, summary } = renderCheckRun(verdict({ headSha: head, evaluatedAt: at }), { contractPath: '.github/readiness.yml', contractSha: 'c0ffee', pull: pullNumber });
  repository.checkRuns.push({ id: github.nextId(), head_sha: head, started_at: at, name: 'readiness', status: 'completed', conclusion, output: { title, summary, text }, ...(app ? { app } : {}) });
  return head;
}

beforeEach(async () => {
  github = new SimulatedGitHub({ appId: 31, now: () => new Date('2025-03-15T00:00:00Z') });
  http = new HttpGitHub(github);
  host = await http.listen();
});

afterEach(async () => {
  await http.close();
});

const env = (extra: Record<string, string> = {}) => ({ GHE_HOST: host, GHE_PROTOCOL: 'http', GITHUB_TOKEN: TOKEN, APP_ID: '31', ...extra });

async function audit(args: string[], environment: NodeJS.ProcessEnv = env(), tty = false) {
  const io = captureIo(process.cwd(), environment);
  const stderr = tty ? { ...io.stderr, isTTY: true } : io.stderr;
  const code = await runCli(['audit', ...args], { ...io, stderr });
  return { code, out: io.out(), err: io.err() };
}

describe('readiness-gate audit', () => {
  it('prints every evaluation in the range as JSON Lines, from the app\'s own check runs only', async () => {
    const first = evaluated(1, '2025-03-02T10:00:00.000Z');
    evaluated(2, '2025-03-03T10:00:00.000Z', { id: 99, slug: 'impostor' });
    evaluated(3, '2025-02-10T10:00:00.000Z');
    const result = await audit(['--repo', 'acme/models', '--since', '2025-03-01']);
    expect(result).toMatchObject({ code: 0, err: '' });
    const lines = result.out.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ repository: 'acme/models', v: 1, pull: 1, headSha: first, evaluatedAt: '2025-03-02T10:00:00.000Z', conclusion: 'failure' });
    expect(http.log.map((r) => r.request)).toEqual([
      'GET /repos/acme/models/pulls',
      'GET /repos/acme/models/pulls',
      'GET /repos/acme/models/pulls/3/commits',
      `GET /repos/acme/models/commits/${github.repository('acme', 'models').pulls.get(3)?.heads[0]}/check-runs`,
      'GET /repos/acme/models/pulls/2/commits',
      `GET /repos/acme/models/commits/${github.repository('acme', 'models').pulls.get(2)?.heads[0]}/check-runs`,
      'GET /repos/acme/models/pulls/1/commits',
      `GET /repos/acme/models/commits/${first}/check-runs`,
    ]);
  });

  it('prints CSV with --format csv, one pull request with --pull', async () => {
    evaluated(1, '2025-03-02T10:00:00.000Z');
    const head = evaluated(2, '2025-03-04T10:00:00.000Z');
    const result = await audit(['--repo', 'acme/models', '--since', '2025-03-01', '--until', '2025-03-31', '--format', 'csv', '--pull', '2']);
    expect(result.code).toBe(0);
    const rows = result.out.split('\r\n');
    expect(rows[0]).toBe('repository,pull,head_sha,check_run_id,evaluated_at,conclusion,contract,row,name,status,who,commit,at,detail');
    expect(rows[1]).toMatch(new RegExp(`^acme/models,2,${head},\\d+,2025-03-04T10:00:00.000Z,failure,.github/readiness.yml@c0ffee,evaluation,readiness,failure,`));
    expect(rows.filter((row) => row.includes(',signoff,'))).toHaveLength(3);
    expect(http.log.map((r) => r.request)).toEqual(['GET /repos/acme/models/pulls/2/commits', `GET /repos/acme/models/commits/${head}/check-runs`]);
  });

  it('draws progress on a terminal only', async () => {
    evaluated(1, '2025-03-02T10:00:00.000Z');
    const piped = await audit(['--repo', 'acme/models', '--since', '2025-03-01']);
    expect(piped.err).toBe('');
    const terminal = await audit(['--repo', 'acme/models', '--since', '2025-03-01'], env(), true);
    expect(terminal.code).toBe(0);
    expect(terminal.err).toContain('[####################] 1/1 pull requests · 4 pages · 1 records');
    expect(terminal.err.endsWith('\r\u001b[K')).toBe(true);
    expect(terminal.out).toBe(piped.out);
  });

  it('refuses without a token, clearly, with exit code 2 and no request', async () => {
    const result = await audit(['--repo', 'acme/models', '--since', '2025-03-01'], { GHE_HOST: host, GHE_PROTOCOL: 'http', APP_ID: '31' });
    expect(result).toEqual({ code: 2, out: '', err: "readiness-gate: audit needs a GitHub token that can read the repository's pull requests and checks, in READINESS_GITHUB_TOKEN or GITHUB_TOKEN\n" });
    expect(http.log).toEqual([]);
  });

  it('takes READINESS_GITHUB_TOKEN too', async () => {
    evaluated(1, '2025-03-02T10:00:00.000Z');
    const { GITHUB_TOKEN: _unused, ...rest } = env();
    expect((await audit(['--repo', 'acme/models', '--since', '2025-03-01'], { ...rest, READINESS_GITHUB_TOKEN: TOKEN })).code).toBe(0);
  });

  it.each([
    [['--since', '2025-03-01'], 'audit needs --repo owner/name'],
    [['--repo', 'acme', '--since', '2025-03-01'], "--repo needs owner/name, not 'acme'"],
    [['--repo', 'acme/models'], 'audit needs --since YYYY-MM-DD'],
    [['--repo', 'acme/models', '--since', '2025-02-30'], "--since needs a date as YYYY-MM-DD, not '2025-02-30'"],
    [['--repo', 'acme/models', '--since', '2025-03-02', '--until', '2025-03-01'], '--since is after --until'],
    [['--repo', 'acme/models', '--since', '2025-03-01', '--format', 'xlsx'], "--format is jsonl or csv, not 'xlsx'"],
    [['--repo', 'acme/models', '--since', '2025-03-01', '--pull', '0'], "--pull needs a positive whole number, not '0'"],
    [['--repo', 'acme/models', '--since', '2025-03-01', '--bogus'], "Unknown option '--bogus'"],
  ])('a usage mistake %j exits 2 with a clear message', async (args, message) => {
    const result = await audit(args);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err.startsWith(`readiness-gate: ${message}`)).toBe(true);
    expect(http.log).toEqual([]);
  });

  it("refuses without the app's id: it would not know whose checks count", async () => {
    evaluated(1, '2025-03-02T10:00:00.000Z');
    const { APP_ID: _unused, ...rest } = env();
    const result = await audit(['--repo', 'acme/models', '--since', '2025-03-01'], rest);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/needs the app's id/);
    expect((await audit(['--repo', 'acme/models', '--since', '2025-03-01', '--app-id', '31'], rest)).code).toBe(0);
  });

  it('a GitHub error exits 1 with its status, and never prints the token', async () => {
    const result = await audit(['--repo', 'acme/unknown', '--since', '2025-03-01']);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/^readiness-gate: GitHub answered 404: .*no such repository or pull request, or the token cannot read it\)\n$/);
    expect(result.err).not.toContain(TOKEN);
  });

  it('a GitHub that cannot be reached exits 1', async () => {
    await http.close();
    const io = captureIo(process.cwd(), env());
    const code = await auditCommand({ repo: 'acme/models', since: '2025-03-01' }, io, new Date(), { retries: 1, retryAfterBaseValue: 1 }).catch((error: unknown) => error);
    const result = { code: code instanceof CliError ? code.exitCode : code, err: code instanceof CliError ? `readiness-gate: ${code.message}\n` : io.err() };
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^readiness-gate: could not reach GitHub: /);
    expect(result.err).not.toContain(TOKEN);
  });
});
