import { describe, expect, it } from '@jest/globals';
import { isGap, type EvidenceStatus, type SignoffStatus } from '../../src/evaluate/verdict.js';

describe('isGap, the one definition of a gap', () => {
  it('calls missing and stale sign-offs gaps, and a met or inapplicable one none', () => {
    const statuses: SignoffStatus[] = ['met', 'missing', 'stale', 'not_applicable'];
    expect(statuses.filter(isGap)).toEqual(['missing', 'stale']);
  });

  it('calls missing evidence a gap, and met, waived, warning or inapplicable evidence none', () => {
    const statuses: EvidenceStatus[] = ['met', 'missing', 'waived', 'warning', 'not_applicable'];
    expect(statuses.filter(isGap)).toEqual(['missing']);
  });
});
