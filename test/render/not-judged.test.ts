import { describe, expect, it } from '@jest/globals';
import { contractUnavailableCheck, evaluationStoppedCheck } from '../../src/render/not-judged.js';

const RETRY = '\n\nSo this change cannot be judged ready. The check is evaluated again on the next event; comment `/readiness` to retry now.';

describe('the checks of an evaluation that could not finish', () => {
  it('names the GitHub request that failed', () => {
    const check = evaluationStoppedCheck({ request: { answer: 'GitHub answered 502', method: 'GET', path: '/repos/acme/churn/pulls/1' } });
    expect(check).toEqual({
      conclusion: 'failure',
      output: { title: 'Readiness could not be evaluated', summary: `The evaluation stopped: GitHub answered 502 to GET /repos/acme/churn/pulls/1.${RETRY}`, text: '', annotations: [] },
    });
    expect(evaluationStoppedCheck({ request: { answer: 'GitHub answered 500', method: undefined, path: '/x' } }).output.summary).toMatch(
      /^The evaluation stopped: GitHub answered 500 to a request \/x\./,
    );
  });

  it("gives any other error's own message, and says when the contract could not be loaded", () => {
    expect(evaluationStoppedCheck({ message: 'socket hang up' }).output.summary).toBe(`The evaluation stopped: socket hang up.${RETRY}`);
    expect(contractUnavailableCheck('GitHub answered 502')).toMatchObject({
      conclusion: 'failure',
      output: { summary: `The readiness contract could not be loaded: GitHub answered 502.${RETRY}` },
    });
  });
});
