import { describe, expect, it } from '@jest/globals';
import { configuredIdentity } from '../../src/app/identity.js';

describe('the app identity', () => {
  it('is taken from READINESS_APP_ID and READINESS_APP_SLUG where GET /app cannot be asked', () => {
    expect(configuredIdentity({ READINESS_APP_ID: '15368', READINESS_APP_SLUG: 'github-actions' })).toEqual({
      id: 15368,
      slug: 'github-actions',
      login: 'github-actions[bot]',
    });
  });

  it('is not configured by half a setting or a bad id', () => {
    expect(configuredIdentity({ READINESS_APP_ID: '15368' })).toBeNull();
    expect(configuredIdentity({ READINESS_APP_ID: 'abc', READINESS_APP_SLUG: 'x' })).toBeNull();
    expect(configuredIdentity({})).toBeNull();
  });
});
