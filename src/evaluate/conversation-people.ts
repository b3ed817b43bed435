/**
 * Who is who in a pull request conversation: role membership, the author, bots.
 *
 * Membership is decided only by the contract's role lists and the team
 * memberships in the snapshot; nothing a commenter writes can change it.
 * Logins and team names compare case-insensitively, as on GitHub.
 */
import type { Contract } from '../contract/schema.js';
import type { Snapshot } from '../facts/snapshot.js';
import { isBot } from '../github/actors.js';
import { sameLogin, type Actor } from './conversation-rules.js';

export type { Actor } from './conversation-rules.js';

export interface People {
  /** The contract's role names, in contract order. */
  roleNames: readonly string[];
  isDefinedRole(role: string): boolean;
  /** Who may sign for a role, as written in the contract. */
  eligible(role: string): string[];
  /** A listed user, or an active member of a listed team; never a bot. */
  isMember(role: string, actor: Actor): boolean;
  /**
   * The teams (`org/slug`, lower-cased) whose membership `isMember` reads for
   * this role and actor: none for a bot or a user the role lists by name.
   * fact-needs.ts asks GitHub exactly these.
   */
  teamsDeciding(role: string, actor: Actor): string[];
  isAuthor(actor: Actor): boolean;
  isBot(actor: Actor): boolean;
}

/** The team memberships are absent when only the questions are wanted (fact-needs.ts). */
export function describePeople(contract: Contract, snapshot: Pick<Snapshot, 'pull' | 'teamMemberships'>): People {
  // Role names come from YAML keys: a name like `constructor` must not reach Object.prototype.
  const roles = new Map<string, string[]>(Object.entries(contract.roles));
  const activeTeamMembers = new Set(
    snapshot.teamMemberships
      .filter((membership) => membership.active === true)
      .map((membership) => teamMemberKey(membership.team, membership.login)),
  );
  const members = (role: string): string[] => (roles.get(role) ?? []).map((entry) => entry.slice(1));
  const listedByName = (role: string, actor: Actor): boolean => members(role).some((name) => !name.includes('/') && sameLogin(name, actor.login));
  const teamsDeciding = (role: string, actor: Actor): string[] =>
    isBot(actor) || listedByName(role, actor) ? [] : members(role).filter((name) => name.includes('/')).map((team) => team.toLowerCase());

  return {
    roleNames: [...roles.keys()],
    isDefinedRole: (role) => roles.has(role),
    eligible: (role) => [...(roles.get(role) ?? [])],
    isMember(role, actor) {
      if (isBot(actor)) return false;
      return listedByName(role, actor) || teamsDeciding(role, actor).some((team) => activeTeamMembers.has(teamMemberKey(team, actor.login)));
    },
    teamsDeciding,
    isAuthor: (actor) => sameLogin(actor.login, snapshot.pull.author.login),
    isBot,
  };
}

function teamMemberKey(team: string, login: string): string {
  // A newline appears in neither a team slug nor a login, so the pair cannot collide.
  return `${team.toLowerCase()}\n${login.toLowerCase()}`;
}
