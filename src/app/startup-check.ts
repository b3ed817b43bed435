/**
 * Refuses configurations that would run the gate unprotected. Without a
 * webhook secret anyone who can reach the server could forge events; Probot
 * would accept them. Development (Probot's setup wizard, a local smee proxy)
 * is allowed only when asked for by name.
 */
export function startupProblem(env: NodeJS.ProcessEnv): string | null {
  const development = env.NODE_ENV === 'development' || env.READINESS_DEV_MODE === 'true';
  const hasKey = Boolean(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH);
  const configured = Boolean(env.APP_ID) || hasKey;
  if (development) return null;
  if (!configured) {
    return 'readiness-gate is not configured: set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET. To register a new app with Probot\'s setup wizard, run with NODE_ENV=development.';
  }
  const missing = [
    env.APP_ID ? null : 'APP_ID',
    hasKey ? null : 'PRIVATE_KEY or PRIVATE_KEY_PATH',
    env.WEBHOOK_SECRET ? null : 'WEBHOOK_SECRET',
  ].filter((name): name is string => name !== null);
  if (missing.length > 0) {
    return `readiness-gate refuses to start without ${missing.join(', ')}: unsigned webhooks could forge sign-offs. Set ${missing.length === 1 ? 'it' : 'them'}, or NODE_ENV=development for local development only.`;
  }
  return null;
}
