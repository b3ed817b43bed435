/**
 * Which head commit a sign-off in a plain PR comment was given at.
 *
 * Reviews and review comments record their commit; issue comments do not, and
 * commit dates cannot be trusted (an author can backdate a commit so that it
 * seems older than a sign-off). The one clock a pull request cannot forge is
 * the app's own `readiness` check run: it is created when the app first sees
 * a commit as the head. So a comment counts as given at the newest head whose
 * check run had started before the comment was written. A head the app never
 * saw (it was down, or not yet installed) is simply skipped, which can only
 * pin a sign-off to an older commit, making it stale sooner, never later.
 */
import { parseCommands } from '../../commands/parse.js';
import { findCheckRun } from './readiness-check.js';
import type { ConversationEntry } from '../snapshot.js';
import type { GitHubClient, PullRef } from './client.js';

/** How far back through the pull request's commits to look for the head a comment saw. */
const MAX_EARLIER_HEADS = 20;

export interface HeadSighting {
  sha: string;
  /** When the app first saw this commit as the head (its check run's start); now when it has not posted one yet. */
  seenAt: string;
}

export async function pinCommentSignoffs(
  github: GitHubClient,
  ref: PullRef,
  conversation: readonly ConversationEntry[],
  head: HeadSighting,
  appId: number,
): Promise<ConversationEntry[]> {
  const needsPin = (entry: ConversationEntry): boolean =>
    entry.source === 'comment' && entry.commitSha === null && !entry.edited && parseCommands(entry.body).some((c) => c.kind === 'signoff');
  const unpinned = conversation.filter(needsPin);
  if (unpinned.length === 0) return [...conversation];

  const sightings: HeadSighting[] = [head];
  const olderThanHead = unpinned.some((entry) => Date.parse(entry.createdAt) < Date.parse(head.seenAt));
  if (olderThanHead) sightings.push(...(await earlierHeads(github, ref, head.sha, appId, oldest(unpinned))));

  return conversation.map((entry) => {
    if (!needsPin(entry)) return entry;
    const written = Date.parse(entry.createdAt);
    const seen = sightings.find((s) => Date.parse(s.seenAt) <= written);
    return seen ? { ...entry, commitSha: seen.sha } : entry;
  });
}

/** Earlier heads of the pull request, newest first, back to the first one seen before `until`. */
async function earlierHeads(github: GitHubClient, ref: PullRef, headSha: string, appId: number, until: number): Promise<HeadSighting[]> {
  const commits = await github.paginate(github.rest.pulls.listCommits, { owner: ref.owner, repo: ref.repo, pull_number: ref.number, per_page: 100 });
  const candidates = commits
    .map((c) => c.sha)
    .filter((sha) => sha !== headSha)
    .reverse()
    .slice(0, MAX_EARLIER_HEADS);
  const found: HeadSighting[] = [];
  for (const sha of candidates) {
    const run = await findCheckRun(github, { owner: ref.owner, repo: ref.repo }, sha, appId);
    if (!run?.startedAt) continue;
    found.push({ sha, seenAt: run.startedAt });
    if (Date.parse(run.startedAt) <= until) break;
  }
  return found.sort((a, b) => Date.parse(b.seenAt) - Date.parse(a.seenAt));
}

function oldest(entries: readonly ConversationEntry[]): number {
  return Math.min(...entries.map((e) => Date.parse(e.createdAt)));
}
