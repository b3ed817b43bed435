/** `npm start`: the app as a Probot server, after refusing unsafe configurations. */
import { run } from 'probot';
import { createGitHubClientClass } from './github-client.js';
import app from './index.js';
import { startupProblem } from './startup-check.js';

const problem = startupProblem(process.env);
if (problem) {
  console.error(problem);
  process.exit(1);
}

// One failed evaluation must not take the server (and every other pull request) down with it.
process.on('unhandledRejection', (reason) => {
  console.error('readiness-gate: unhandled rejection (the process keeps running):', reason);
});

await run(app, { Octokit: createGitHubClientClass() });
