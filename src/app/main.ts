/** `npm start`: the app as a Probot server, after refusing unsafe configurations. */
import { existsSync } from 'node:fs';
import { run } from 'probot';
import { cacheSettingsFromEnv } from '../cache/cache-settings.js';
import { RequestCache } from '../cache/request-cache.js';
import { InProcessQueue } from '../queue/in-process-queue.js';
import { RedisQueue } from '../queue/redis-queue.js';
import type { WorkQueue } from '../queue/work-queue.js';
import { InProcessScheduler } from '../schedule/in-process-scheduler.js';
import { RedisScheduler } from '../schedule/redis-scheduler.js';
import type { Scheduler } from '../schedule/scheduler.js';
import { sweepIntervalFromEnv } from '../schedule/sweep-settings.js';
import { createGitHubClientClass } from './github-client.js';
import { readinessGate } from './index.js';
import { startupProblem } from './startup-check.js';

// Probot's setup wizard writes the new app's credentials to .env; the real environment wins over it.
if (existsSync('.env')) process.loadEnvFile('.env');

const problem = startupProblem(process.env);
if (problem) {
  console.error(problem);
  process.exit(1);
}
const cacheSettings = cacheSettingsFromEnv(process.env);
if (!cacheSettings.ok) {
  console.error(cacheSettings.message);
  process.exit(1);
}
const sweepInterval = sweepIntervalFromEnv(process.env);
if (!sweepInterval.ok) {
  console.error(sweepInterval.message);
  process.exit(1);
}

// One failed evaluation must not take the server (and every other pull request) down with it.
process.on('unhandledRejection', (reason) => {
  console.error('readiness-gate: unhandled rejection (the process keeps running):', reason);
});

// With REDIS_URL, replicas share the queue (and Probot shares its rate limiting through the same Redis).
const queue: WorkQueue = process.env.REDIS_URL ? new RedisQueue({ url: process.env.REDIS_URL }) : new InProcessQueue();
// With REDIS_URL, re-evaluation instants are delayed jobs in Redis, so they outlive any replica.
const scheduler: Scheduler = process.env.REDIS_URL ? new RedisScheduler({ url: process.env.REDIS_URL }) : new InProcessScheduler();

// One request cache for every installation's client (keys keep installations apart).
await run(readinessGate({ queue, scheduler, sweepIntervalMs: sweepInterval.intervalMs }), { Octokit: createGitHubClientClass({ cache: new RequestCache(cacheSettings.settings) }) });

// On shutdown, finish what is running; with Redis, what is still waiting stays queued for the other replicas.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void Promise.allSettled([scheduler.close(), queue.close()]).finally(() => process.exit(0));
  });
}
