/**
 * The command grammar of pull request conversations (SPEC §2).
 *
 * A command is a line of ordinary text (see `visible-lines.ts`) that starts,
 * after at most three spaces, with `/signoff`, `/revoke`, `/waive` or
 * `/readiness` followed by whitespace or the line end. Names are case-sensitive;
 * other `/words` are not commands. Invisible format characters (zero-width
 * spaces, joiners, bidi controls: Unicode category Cf) are removed first, so a
 * line is read as it looks. Role names and evidence ids are NFKC-normalised and
 * must then be plain ASCII, so a look-alike (`ml‑lead` with U+2011) never names
 * `ml-lead`: it makes the command malformed, which earns a reply.
 *
 *     /signoff <role> [<role> …] [note]
 *     /revoke <role> [<role> …]
 *     /waive <evidence-id> <N>d <reason>
 *     /readiness [anything]
 *
 * Roles: the leading tokens shaped like role names; a token may end with one of
 * `,:;.!`. The list stops at the first token that is not role-shaped, at `--`,
 * or after a token ending in `:;.!` (a comma continues it). Everything after is
 * the note. Which of these candidates are roles is decided by the judge against
 * the contract's roles (`evaluate/signoff-roles.ts`), since a note such as
 * "looks good" is role-shaped too.
 */
import { EVIDENCE_ID, ROLE_NAME } from '../contract/schema.js';
import { visibleLines } from './visible-lines.js';

export type Command =
  /** `roles` are role-name candidates, in order, without duplicates; at least one. */
  | { kind: 'signoff'; roles: string[]; note?: string; text: string }
  | { kind: 'revoke'; roles: string[]; text: string }
  | { kind: 'waive'; evidenceId: string; days: number; reason: string; text: string }
  | { kind: 'readiness'; text: string }
  /** A known command written wrongly; `problem` says how to write it. */
  | { kind: 'malformed'; name: string; text: string; problem: string };

const COMMAND_LINE = /^ {0,3}\/([a-z]+)(?=\s|$)/;
const INVISIBLE = /\p{Cf}/gu;
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const DAYS = /^([0-9]{1,6})d$/;
/** Punctuation a role token may end with; all but the comma end the role list. */
const ROLE_PUNCTUATION = ',:;.!';
const LIST_END = '--';

interface Token {
  word: string;
  start: number;
  end: number;
}

export function parseCommands(body: string): Command[] {
  // GitHub sends `null` for an empty review body; a snapshot may pass it through.
  const source = typeof body === 'string' ? body : '';
  const commands: Command[] = [];
  for (const visible of visibleLines(source)) {
    const line = visible.replace(INVISIBLE, '');
    const match = COMMAND_LINE.exec(line);
    if (!match) continue;
    const command = parseArguments(match[1] ?? '', line.slice(match[0].length), line.trim());
    if (command) commands.push(command);
  }
  return commands;
}

function parseArguments(name: string, args: string, text: string): Command | null {
  switch (name) {
    case 'signoff': {
      const parsed = roleCandidates(args);
      if (typeof parsed === 'string') return { kind: 'malformed', name, text, problem: `${parsed}, e.g. /signoff ml-lead` };
      return parsed.note ? { kind: 'signoff', roles: parsed.roles, note: parsed.note, text } : { kind: 'signoff', roles: parsed.roles, text };
    }
    case 'revoke': {
      const parsed = roleCandidates(args);
      if (typeof parsed === 'string') return { kind: 'malformed', name, text, problem: `${parsed}, e.g. /revoke ml-lead` };
      return { kind: 'revoke', roles: parsed.roles, text };
    }
    case 'waive':
      return parseWaive(args, text);
    case 'readiness':
      return { kind: 'readiness', text };
    default:
      return null;
  }
}

function tokenize(args: string): Token[] {
  return Array.from(args.matchAll(/\S+/g), (m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
}

/** The word as NFKC-normalised printable ASCII, or null when it holds anything else. */
function asciiWord(word: string): string | null {
  const normalised = word.normalize('NFKC');
  return PRINTABLE_ASCII.test(normalised) ? normalised : null;
}

/** Role candidates and the note, or (as a string) what is wrong with the first role. */
function roleCandidates(args: string): { roles: string[]; note: string } | string {
  const roles: string[] = [];
  let noteStart = args.length;
  for (const token of tokenize(args)) {
    if (token.word === LIST_END) {
      noteStart = token.end;
      break;
    }
    const last = token.word.slice(-1);
    const punctuated = token.word.length > 1 && ROLE_PUNCTUATION.includes(last);
    const role = asciiWord(punctuated ? token.word.slice(0, -1) : token.word);
    if (role === null || !ROLE_NAME.test(role)) {
      if (roles.length === 0) return notARoleName(token.word, role);
      noteStart = token.start;
      break;
    }
    if (!roles.includes(role)) roles.push(role);
    if (punctuated && last !== ',') {
      noteStart = token.end;
      break;
    }
  }
  if (roles.length === 0) return 'name the role';
  return { roles, note: args.slice(noteStart).trim() };
}

function notARoleName(word: string, ascii: string | null): string {
  const rule = 'role names are lower-case ASCII letters, digits, "-" and "_", starting with a letter';
  return ascii === null
    ? `"${word}" has a character that is not plain ASCII (${rule})`
    : `"${word}" is not a role name (${rule})`;
}

function parseWaive(args: string, text: string): Command {
  const usage = '/waive <evidence-id> <days>d <reason>, e.g. /waive model-card 14d fairness review scheduled';
  const malformed = (problem: string): Command => ({ kind: 'malformed', name: 'waive', text, problem });
  const [idToken, daysToken] = tokenize(args);
  if (!idToken) return malformed(`name the evidence item, the days and a reason: ${usage}`);
  const evidenceId = asciiWord(idToken.word);
  if (evidenceId === null || !EVIDENCE_ID.test(evidenceId)) {
    return malformed(`"${idToken.word}" is not an evidence id (lower-case ASCII letters, digits, "-" and "_"): ${usage}`);
  }
  if (!daysToken) return malformed(`give the number of days and a reason: ${usage}`);
  const days = DAYS.exec(asciiWord(daysToken.word) ?? '');
  if (!days) return malformed(`write the days as a whole number followed by "d", e.g. 14d: ${usage}`);
  const count = Number(days[1]);
  if (count < 1) return malformed('a waiver lasts at least 1 day (1d)');
  const reason = args.slice(daysToken.end).trim();
  if (reason === '') return malformed(`give a reason after the days: ${usage}`);
  return { kind: 'waive', evidenceId, days: count, reason, text };
}
