import { describe, expect, it } from '@jest/globals';
import { decodeEvidence } from '../../src/facts/evidence-bytes.js';

describe('decodeEvidence', () => {
  it('reads UTF-8 text', () => {
    expect(decodeEvidence('docs/card.md', Buffer.from('# Card — ü\n', 'utf8'))).toEqual({ state: 'present', content: '# Card — ü\n' });
  });

  it('refuses binary content instead of judging it', () => {
    expect(decodeEvidence('model.onnx', Uint8Array.from([0x4f, 0x00, 0x4e]))).toEqual({ state: 'unreadable', reason: 'model.onnx is a binary file' });
  });

  it('refuses text that is not valid UTF-8', () => {
    expect(decodeEvidence('docs/card.md', Uint8Array.from([0x43, 0x61, 0x72, 0x64, 0xff, 0xfe]))).toEqual({
      state: 'unreadable',
      reason: 'docs/card.md is not valid UTF-8 text',
    });
  });
});
