import { describe, expect, it } from '@jest/globals';
import { contractSchema } from '../../src/contract/schema.js';

describe('contract schema', () => {
  it('fills the documented defaults', () => {
    const contract = contractSchema.parse({ version: 1, scope: { paths: ['models/**'] } });
    expect(contract.enforcement).toBe('blocking');
    expect(contract.signoff_policy).toEqual({ allow_author: false, invalidate_on_push: true, distinct_people: true });
    expect(contract.gaps).toEqual({ issues: true, labels: ['readiness-gap'] });
  });

  it('rejects unknown keys', () => {
    expect(contractSchema.safeParse({ version: 1, scope: { paths: ['a'] }, surprise: true }).success).toBe(false);
  });
});
