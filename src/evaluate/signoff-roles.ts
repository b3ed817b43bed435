/**
 * Which role candidates of a `/signoff` or `/revoke` are roles.
 *
 * The parser cannot tell `/signoff ml-lead sre` from `/signoff ml-lead looks
 * good`; the contract can. The first candidate must be a defined role (so a
 * misspelt role is refused, never taken for a note); after it, candidates are
 * roles while they are defined roles, and the first one that is not starts the
 * note. `/signoff ml-lead: sre is fine` ends the roles at the colon (parser).
 */
import type { People } from './conversation-people.js';

export type RoleResolution = { roles: string[] } | { unknown: string };

export function resolveRoles(candidates: readonly string[], people: People): RoleResolution {
  const [first] = candidates;
  if (first === undefined || !people.isDefinedRole(first)) return { unknown: first ?? '' };
  const roles: string[] = [];
  for (const candidate of candidates) {
    if (!people.isDefinedRole(candidate)) break;
    roles.push(candidate);
  }
  return { roles };
}

export function unknownRoleReason(role: string, people: People): string {
  const defined = people.roleNames.length > 0 ? `the roles are ${people.roleNames.join(', ')}` : 'the contract defines no roles';
  return `unknown role ${role}; ${defined}`;
}
