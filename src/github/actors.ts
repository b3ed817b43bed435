/**
 * Who is a bot on GitHub. An app acts as `<slug>[bot]` with the type `Bot`;
 * the login alone is checked too, because a role list in the contract names
 * logins without a type. Used by the judge (commands from bots never count),
 * by the webhook handlers (a bot's comment triggers nothing) and by the
 * publishers (a bot is never assigned or asked for a review).
 */

export function isBotLogin(login: string): boolean {
  return /\[bot\]$/i.test(login);
}

export function isBot(actor: { login: string; type: string }): boolean {
  return actor.type === 'Bot' || isBotLogin(actor.login);
}

/** The login an app comments as. */
export function appLogin(slug: string | number): string {
  return `${slug}[bot]`;
}
