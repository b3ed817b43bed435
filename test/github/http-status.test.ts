import { describe, expect, it } from '@jest/globals';
import { isBot, isBotLogin } from '../../src/github/actors.js';
import { failedRequest, gitHubAnswer, isGone, isNotFound, isNotPermitted, isTooLarge, isUnprocessable, statusOf } from '../../src/github/http-status.js';

const answered = (status: unknown, data?: unknown) => Object.assign(new Error('request failed'), { status, response: { data } });

describe('reading a failed GitHub request', () => {
  it('takes the status only from an HTTP answer', () => {
    expect(statusOf(answered(404))).toBe(404);
    expect(statusOf(answered('404'))).toBeUndefined();
    expect(statusOf(new Error('socket hang up'))).toBeUndefined();
    expect(statusOf(null)).toBeUndefined();
    expect(gitHubAnswer(answered(502))).toBe('GitHub answered 502');
    expect(gitHubAnswer(new Error('timeout'))).toBeUndefined();
  });

  it('names each answer that is not a failure, and nothing else', () => {
    expect([isNotFound(answered(404)), isNotFound(answered(410)), isNotFound(answered(500))]).toEqual([true, false, false]);
    expect([isGone(answered(404)), isGone(answered(410)), isGone(answered(403))]).toEqual([true, true, false]);
    expect([isUnprocessable(answered(422)), isUnprocessable(answered(400))]).toEqual([true, false]);
    expect([isNotPermitted(answered(403)), isNotPermitted(answered(404)), isNotPermitted(answered(401))]).toEqual([true, true, false]);
  });

  it('tells a file too large for the contents API from any other 403', () => {
    expect(isTooLarge(answered(403, { errors: [{ code: 'too_large' }] }))).toBe(true);
    expect(isTooLarge(answered(403, { errors: [{ code: 'forbidden' }] }))).toBe(false);
    expect(isTooLarge(answered(422, { errors: [{ code: 'too_large' }] }))).toBe(false);
  });
});

describe('who is a bot', () => {
  it('is an actor of type Bot, or any login GitHub gives an app, in any case', () => {
    expect(isBotLogin('readiness-gate[bot]')).toBe(true);
    expect(isBotLogin('Dependabot[BOT]')).toBe(true);
    expect(isBotLogin('robot')).toBe(false);
    expect(isBot({ login: 'ci-service', type: 'Bot' })).toBe(true);
    expect(isBot({ login: 'renovate[bot]', type: 'User' })).toBe(true);
    expect(isBot({ login: 'alice', type: 'User' })).toBe(false);
  });
});

describe('failedRequest', () => {
  it('names the answer, the method and the path, never the host or the query', () => {
    const error = Object.assign(new Error('Bad Gateway'), {
      status: 502,
      request: { method: 'GET', url: 'https://api.github.com/repos/acme/churn/contents/x?ref=main&access_token=secret', headers: { authorization: 'token secret' } },
    });
    expect(failedRequest(error)).toEqual({ answer: 'GitHub answered 502', method: 'GET', path: '/repos/acme/churn/contents/x' });
  });

  it('is undefined for an error that is no HTTP answer to a known request', () => {
    expect(failedRequest(new Error('socket hang up'))).toBeUndefined();
    expect(failedRequest(Object.assign(new Error('x'), { status: 500 }))).toBeUndefined();
    expect(failedRequest(null)).toBeUndefined();
  });
});
