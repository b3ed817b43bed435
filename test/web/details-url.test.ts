/** Each `readiness` check run links to its pull request's details page when the app knows its public address. */
import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { API, createApp, deliver, simulateGitHub } from '../support/github-app.js';
import { bodyOf, CONTRACT, mockContract, mockFiles, openedPayload, REPO } from '../support/pull-fixtures.js';
import { webSettingsFromEnv } from '../../src/web/settings.js';

simulateGitHub();

async function checkBody(env: NodeJS.ProcessEnv): Promise<any> {
  const probot = createApp(undefined, undefined, undefined, { web: webSettingsFromEnv(env) });
  mockContract(CONTRACT);
  mockFiles([{ filename: 'README.md' }]);
  nock(API).post(`${REPO}/check-runs`).reply(201, { id: 1 });
  await deliver(probot, 'pull_request', openedPayload());
  return bodyOf('POST', '/check-runs');
}

describe('details_url', () => {
  it('points at /readiness/<owner>/<repo>/pull/<n> under READINESS_PUBLIC_URL', async () => {
    const body = await checkBody({ READINESS_PUBLIC_URL: 'https://readiness.example.com/' });
    expect(body.details_url).toBe('https://readiness.example.com/readiness/Codertocat/Hello-World/pull/2');
  });

  it('is left out without a public URL (GitHub then links its own page), and for a URL that is not http(s)', async () => {
    expect(await checkBody({})).not.toHaveProperty('details_url');
    expect(await checkBody({ READINESS_PUBLIC_URL: 'javascript:alert(1)' })).not.toHaveProperty('details_url');
  });
});
