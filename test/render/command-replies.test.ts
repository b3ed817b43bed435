import { describe, expect, it } from '@jest/globals';
import type { RefusedCommand } from '../../src/evaluate/verdict.js';
import { renderRefusalReply } from '../../src/render/command-replies.js';

const MARKER = '<!-- readiness-gate:reply comment:5 -->';

function refused(text: string, reason: string): RefusedCommand {
  return { entryKey: 'comment:5', author: 'eve', text, accepted: false, reason };
}

describe('renderRefusalReply', () => {
  it('mentions the author, says why each command was not counted, and ends with the marker', () => {
    expect(renderRefusalReply('eve', [refused('/signoff sre', 'eve is not a member of sre')], MARKER)).toBe(
      ['@eve, readiness-gate did not count this command:', '', '- `/signoff sre`: eve is not a member of sre', '', MARKER].join('\n'),
    );
  });

  it('shows commands and reasons inert: no mention, no HTML, no code span broken by backticks', () => {
    const reply = renderRefusalReply('eve', [refused('/signoff `x` @acme/everyone', '<b>@mallory</b> said so')], MARKER);

    expect(reply).toContain('- ``/signoff `x` @acme/everyone``: ');
    expect(reply).toContain('&lt;b>@\u200bmallory&lt;/b> said so');
  });

  it('lists at most ten refusals and counts the rest; a long command is cut', () => {
    const many = Array.from({ length: 12 }, (_, i) => refused(`/signoff role-${i}`, 'no'));
    const reply = renderRefusalReply('eve', [refused(`/waive ${'x'.repeat(300)}`, 'no'), ...many], MARKER);

    expect(reply).toContain('these commands');
    expect(reply.split('\n').filter((line) => line.startsWith('- `'))).toHaveLength(10);
    expect(reply).toContain('- … and 3 more');
    expect(reply).toContain(`\`/waive ${'x'.repeat(200 - '/waive '.length)}\``);
  });

  // A refusal always carries its reason now (RefusedCommand), so only the odd login is left to show inert.
  it('shows an odd login inert', () => {
    expect(renderRefusalReply('not a login', [refused('/signoff sre', 'sre is not a role')], MARKER)).toContain('`not a login`, readiness-gate did not count this command:\n\n- `/signoff sre`: sre is not a role');
  });
});
