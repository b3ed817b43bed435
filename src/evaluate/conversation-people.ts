/**
 * Who is who in a pull request conversation: role membership, the author, bots.
 *
 * Membership is decided only by the contract's role lists and the team
 * memberships in the snapshot; nothing a commenter writes can change it.
 * Logins and team names compare case-insensitively, as on GitHub.
 */
import type { Contract } from '../contract/schema.js';
import type { ActorType, Snapshot } from '../facts/snapshot.js';
import { isBot } from '../github/actors.js';

export interface Actor {
  login: string;
  type: ActorType;
}

export interface People {
  /** The contract's role names, in contract order. */
  roleNames: readonly string[];
  isDefinedRole(role: string): boolean;
  /** Who may sign for a role, as written in the contract. */
  eligible(role: string): string[];
  /** A listed user, or an active member of a listed team; never a bot. */
  isMember(role: string, actor: Actor): boolean;
  isAuthor(actor: Actor): boolean;
  isBot(actor: Actor): boolean;
}

export function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function describePeople(contract: Contract, snapshot: Snapshot): People {
  // Role names come from YAML keys: a name like `constructor` must not reach Object.prototype.
  const roles = new Map<string, string[]>(Object.entries(contract.roles));
  const activeTeamMembers = new Set(
    snapshot.teamMemberships
      .filter((membership) => membership.active === true)
      .map((membership) => teamMemberKey(membership.team, membership.login)),
  );

  return {
    roleNames: [...roles.keys()],
    isDefinedRole: (role) => roles.has(role),
    eligible: (role) => [...(roles.get(role) ?? [])],
    isMember(role, actor) {
      if (isBot(actor)) return false;
      return (roles.get(role) ?? []).some((entry) => {
        const name = entry.slice(1);
        return name.includes('/') ? activeTeamMembers.has(teamMemberKey(name, actor.login)) : sameLogin(name, actor.login);
      });
    },
    isAuthor: (actor) => sameLogin(actor.login, snapshot.pull.author.login),
    isBot,
  };
}

function teamMemberKey(team: string, login: string): string {
  // A newline appears in neither a team slug nor a login, so the pair cannot collide.
  return `${team.toLowerCase()}\n${login.toLowerCase()}`;
}
