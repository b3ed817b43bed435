/**
 * `readiness-gate audit`: every evaluation's audit record of a repository
 * over a date range, read from the app's own check runs (src/audit/), as JSON
 * Lines or CSV on stdout. The token comes from the environment only (a flag
 * would land in shell history and process lists) and is never printed.
 */
import { RequestError } from '@octokit/request-error';
import { createGitHubClientClass, type GitHubClientSettings } from '../app/github-client.js';
import { readEvaluationHistory } from '../audit/history.js';
import { formatEntries, type ExportFormat } from '../audit/export-formats.js';
import type { GitHubClient } from '../github/client.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './output.js';
import { progressBar } from './progress-bar.js';
import { utcDay } from '../audit/utc-day.js';

export interface AuditOptions {
  repo?: string;
  since?: string;
  until?: string;
  format?: string;
  pull?: string;
  appId?: string;
}

const TOKEN_VARIABLES = ['READINESS_GITHUB_TOKEN', 'GITHUB_TOKEN'] as const;

/** `YYYY-MM-DD` as a UTC day: its first or last millisecond. A day that does not exist (2025-02-30) is refused. */
export function parseDay(text: string, flag: string, end: 'start' | 'end'): Date {
  const day = utcDay(text, end);
  if (!day) throw new CliError(`${flag} needs a date as YYYY-MM-DD, not '${text}'`);
  return day;
}

function positiveInteger(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d{0,15}$/.test(text)) throw new CliError(`${what} needs a positive whole number, not '${text}'`);
  return Number(text);
}

/** GitHub.com, or GitHub Enterprise Server at GHE_HOST (GHE_PROTOCOL, default https), as Probot reads them. */
export function apiBaseUrl(env: NodeJS.ProcessEnv): string {
  const host = env.GHE_HOST?.trim();
  if (!host) return 'https://api.github.com';
  const protocol = env.GHE_PROTOCOL?.trim() || 'https';
  if (protocol !== 'https' && protocol !== 'http') throw new CliError(`GHE_PROTOCOL must be https or http, not '${protocol}'`);
  return `${protocol}://${host}/api/v3`;
}

interface Request {
  repo: { owner: string; repo: string };
  since: Date;
  until: Date;
  format: ExportFormat;
  pull?: number;
  appId: number;
  token: string;
  baseUrl: string;
}

function request(options: AuditOptions, env: NodeJS.ProcessEnv, now: Date): Request {
  const repo = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(options.repo ?? '');
  if (!repo) throw new CliError(options.repo === undefined ? 'audit needs --repo owner/name' : `--repo needs owner/name, not '${options.repo}'`);
  if (options.since === undefined) throw new CliError('audit needs --since YYYY-MM-DD');
  const since = parseDay(options.since, '--since', 'start');
  const until = options.until === undefined ? now : parseDay(options.until, '--until', 'end');
  if (since > until) throw new CliError('--since is after --until');
  const format = options.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') throw new CliError(`--format is jsonl or csv, not '${format}'`);
  const appId = positiveInteger(options.appId ?? env.APP_ID, options.appId !== undefined ? '--app-id' : 'APP_ID');
  if (appId === undefined) throw new CliError("audit needs the app's id, to read only its own check runs: --app-id <id> or APP_ID (the GitHub App's settings page shows it)");
  const variable = TOKEN_VARIABLES.find((name) => env[name]?.trim());
  if (!variable) throw new CliError(`audit needs a GitHub token that can read the repository's pull requests and checks, in READINESS_GITHUB_TOKEN or GITHUB_TOKEN`);
  const pull = positiveInteger(options.pull, '--pull');
  return {
    repo: { owner: repo[1] ?? '', repo: repo[2] ?? '' },
    since,
    until,
    format,
    ...(pull !== undefined ? { pull } : {}),
    appId,
    token: env[variable]?.trim() ?? '',
    baseUrl: apiBaseUrl(env),
  };
}

function gitHubFailure(error: unknown): CliError {
  // Octokit reports a request that got no answer at all as status 500 without a response.
  if (error instanceof RequestError && error.response !== undefined) {
    const message = error.message.split('\n')[0]?.split(' - https://')[0] ?? '';
    const hint = error.status === 401 ? ' (check the token)' : error.status === 404 ? ' (no such repository or pull request, or the token cannot read it)' : '';
    return new CliError(`GitHub answered ${error.status}: ${message}${hint}`, 1);
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new CliError(`could not reach GitHub: ${message.split('\n')[0] ?? ''}`, 1);
}

/** `client` tunes retries (tests shorten the backoff); the defaults are the app's. */
export async function auditCommand(options: AuditOptions, io: CliIo, now = new Date(), client: GitHubClientSettings = {}): Promise<number> {
  const env = io.env ?? process.env;
  const wanted = request(options, env, now);
  const bar = progressBar(io.stderr);
  const warn = (message: string) => bar.message(`readiness-gate: warning: ${message}`);
  const Client = createGitHubClientClass(client);
  const github = new Client({
    auth: { token: wanted.token },
    baseUrl: wanted.baseUrl,
    log: { debug: () => undefined, info: () => undefined, warn, error: warn },
  }) as GitHubClient;
  let entries;
  try {
    entries = await readEvaluationHistory(github, wanted.repo, {
      appId: wanted.appId,
      since: wanted.since,
      until: wanted.until,
      ...(wanted.pull !== undefined ? { pull: wanted.pull } : {}),
      onProgress: (progress) => bar.update(progress),
      onWarning: warn,
    });
  } catch (error) {
    throw gitHubFailure(error);
  } finally {
    bar.done();
  }
  io.stdout.write(formatEntries(entries, wanted.format));
  return 0;
}
