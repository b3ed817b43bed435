/**
 * Whether a `/waive` is granted (SPEC §2, §1 `waivers`): the contract allows
 * waivers, the evidence item exists, the approver is a member of an approver
 * role and not the pull request author (whatever `allow_author` says), and the
 * waiver is no longer than `max_days`.
 */
import type { Command } from '../commands/parse.js';
import type { Contract } from '../contract/schema.js';
import type { Actor, People } from './conversation-people.js';
import { waiverBeforeApprovers } from './conversation-rules.js';
import { waiverExpiresAt, waiverWindow } from './time-rules.js';
import type { WaiverRecord } from './verdict.js';

export type WaiveCommand = Extract<Command, { kind: 'waive' }>;

export interface WaiveRequest {
  command: WaiveCommand;
  approver: Actor;
  entryKey: string;
  /** The entry's creation time as written, and as milliseconds (known to be readable). */
  createdAt: string;
  createdAtMs: number;
}

export function judgeWaiver(request: WaiveRequest, contract: Contract, people: People, now: Date): { waiver: WaiverRecord } | { refusal: string } {
  const { command, approver } = request;
  const checked = waiverBeforeApprovers(command, contract, approver, people.isAuthor(approver));
  if ('refusal' in checked) return checked;
  const { policy } = checked;
  if (!policy.approvers.some((role) => people.isMember(role, approver))) {
    return { refusal: `@${approver.login} may not waive evidence: only members of ${policy.approvers.join(', ')} may` };
  }
  if (command.days > policy.max_days) {
    return { refusal: `a waiver lasts at most ${policy.max_days} days; asked for ${command.days}d` };
  }
  const expiresAtMs = waiverExpiresAt(request.createdAtMs, command.days);
  return {
    waiver: {
      evidenceId: command.evidenceId,
      approver: approver.login,
      reason: command.reason,
      days: command.days,
      grantedAt: request.createdAt,
      expiresAt: new Date(expiresAtMs).toISOString(),
      expired: !waiverWindow(expiresAtMs, now).holds,
      entryKey: request.entryKey,
    },
  };
}
