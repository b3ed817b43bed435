import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseCommands } from '../../src/commands/parse.js';

describe('parseCommands: where a command may stand', () => {
  it('reads a command at the start of a line, after up to three spaces', () => {
    expect(parseCommands('/signoff ml-lead')).toEqual([{ kind: 'signoff', roles: ['ml-lead'], text: '/signoff ml-lead' }]);
    expect(parseCommands('   /signoff ml-lead')).toEqual([{ kind: 'signoff', roles: ['ml-lead'], text: '/signoff ml-lead' }]);
  });

  it('ignores a command in the middle of a line', () => {
    expect(parseCommands('I will /signoff ml-lead later')).toEqual([]);
    expect(parseCommands('- /signoff ml-lead')).toEqual([]);
  });

  it('ignores indented code (four spaces or a tab)', () => {
    expect(parseCommands('    /signoff ml-lead')).toEqual([]);
    expect(parseCommands('\t/signoff ml-lead')).toEqual([]);
  });

  it('ignores quoted lines, nested quotes and their lazy continuation lines', () => {
    expect(parseCommands('> /signoff ml-lead')).toEqual([]);
    expect(parseCommands('  > > /signoff ml-lead')).toEqual([]);
    expect(parseCommands('> Alice wrote:\n/signoff ml-lead')).toEqual([]);
    expect(parseCommands('> Alice wrote:\n\n/signoff ml-lead')).toHaveLength(1);
  });

  it('ignores lines in backtick and tilde fences of any length, and reads on after the fence closes', () => {
    expect(parseCommands('```\n/signoff ml-lead\n```')).toEqual([]);
    expect(parseCommands('~~~~ yaml\n/signoff ml-lead\n~~~\n/waive x 1d y\n~~~~')).toEqual([]);
    expect(parseCommands('````\n```\n/signoff ml-lead\n````\n/signoff sre')).toEqual([
      { kind: 'signoff', roles: ['sre'], text: '/signoff sre' },
    ]);
  });

  it('keeps an unclosed fence open to the end, and does not close a fence with an over-indented or shorter run', () => {
    expect(parseCommands('```\n/signoff ml-lead')).toEqual([]);
    expect(parseCommands('```\n    ```\n/signoff ml-lead')).toEqual([]);
    expect(parseCommands('````\n```\n/signoff ml-lead')).toEqual([]);
    expect(parseCommands('~~~\n```\n/signoff ml-lead')).toEqual([]);
  });

  it('ignores a fence inside a list item, and reads a line that ends the item', () => {
    expect(parseCommands('- ```\n  /signoff ml-lead\n  ```')).toEqual([]);
    expect(parseCommands('1. ```\n   /signoff ml-lead\n   ```')).toEqual([]);
    expect(parseCommands('- ```\n/signoff ml-lead')).toEqual([{ kind: 'signoff', roles: ['ml-lead'], text: '/signoff ml-lead' }]);
  });

  it('treats a backtick run with a backtick after it as inline code, not a fence', () => {
    expect(parseCommands('``` a ` b\n/signoff ml-lead')).toHaveLength(1);
  });

  it('ignores lines hidden in HTML comments and in <pre>-like HTML blocks', () => {
    expect(parseCommands('<!--\n/signoff ml-lead\n-->')).toEqual([]);
    expect(parseCommands('text <!-- start\n/signoff ml-lead\nend --> more\n/signoff sre')).toEqual([
      { kind: 'signoff', roles: ['sre'], text: '/signoff sre' },
    ]);
    expect(parseCommands('<!-- a --> <!-- b\n/signoff ml-lead')).toEqual([]);
    expect(parseCommands('<pre>\n/signoff ml-lead\n</pre>\n/signoff sre')).toEqual([
      { kind: 'signoff', roles: ['sre'], text: '/signoff sre' },
    ]);
    expect(parseCommands('<script>\n/signoff ml-lead\n</script>')).toEqual([]);
  });

  it('cuts the command at an HTML comment, so hidden text is neither a role nor part of the note', () => {
    expect(parseCommands('/signoff ml-lead <!-- sre -->')).toEqual([{ kind: 'signoff', roles: ['ml-lead'], text: '/signoff ml-lead' }]);
  });

  it('normalises CRLF and lone CR line endings', () => {
    expect(parseCommands('hello\r\n/signoff ml-lead\r\n/readiness\r')).toEqual([
      { kind: 'signoff', roles: ['ml-lead'], text: '/signoff ml-lead' },
      { kind: 'readiness', text: '/readiness' },
    ]);
    expect(parseCommands('```\r\n/signoff ml-lead\r\n```\r\n/signoff sre')).toEqual([
      { kind: 'signoff', roles: ['sre'], text: '/signoff sre' },
    ]);
  });

  it('reads several commands in one body, in order', () => {
    const body = 'Looks fine.\n\n/signoff ml-lead\n/waive model-card 7d fairness review next week\n/revoke sre\n/readiness';
    expect(parseCommands(body).map((c) => c.kind)).toEqual(['signoff', 'waive', 'revoke', 'readiness']);
  });

  it('ignores unknown /words, other cases, and names glued to other characters', () => {
    expect(parseCommands('/approve\n/SignOff ml-lead\n/signoffs ml-lead\n/signoff,ml-lead\n/ signoff ml-lead')).toEqual([]);
  });

  it('gives up on a non-string body without throwing', () => {
    expect(parseCommands(null as unknown as string)).toEqual([]);
  });
});

describe('parseCommands: /signoff and /revoke', () => {
  it('takes the leading role-shaped tokens as role candidates and keeps the rest as the note', () => {
    expect(parseCommands('/signoff ml-lead LGTM, eval looks fine')).toEqual([
      { kind: 'signoff', roles: ['ml-lead'], note: 'LGTM, eval looks fine', text: '/signoff ml-lead LGTM, eval looks fine' },
    ]);
    expect(parseCommands('/signoff ml-lead sre ship it')).toEqual([
      { kind: 'signoff', roles: ['ml-lead', 'sre', 'ship', 'it'], text: '/signoff ml-lead sre ship it' },
    ]);
  });

  it('ends the role list at "--" or after a colon, and continues it after a comma', () => {
    expect(parseCommands('/signoff ml-lead -- sre looks fine')).toEqual([
      { kind: 'signoff', roles: ['ml-lead'], note: 'sre looks fine', text: '/signoff ml-lead -- sre looks fine' },
    ]);
    expect(parseCommands('/signoff ml-lead: sre looks fine')).toEqual([
      { kind: 'signoff', roles: ['ml-lead'], note: 'sre looks fine', text: '/signoff ml-lead: sre looks fine' },
    ]);
    expect(parseCommands('/signoff ml-lead, sre')).toEqual([{ kind: 'signoff', roles: ['ml-lead', 'sre'], text: '/signoff ml-lead, sre' }]);
  });

  it('drops repeated roles', () => {
    expect(parseCommands('/revoke sre sre')).toEqual([{ kind: 'revoke', roles: ['sre'], text: '/revoke sre sre' }]);
  });

  it('calls a command without a role malformed', () => {
    expect(parseCommands('/signoff')).toEqual([
      { kind: 'malformed', name: 'signoff', text: '/signoff', problem: 'name the role, e.g. /signoff ml-lead' },
    ]);
    expect(parseCommands('/revoke   ')).toEqual([
      { kind: 'malformed', name: 'revoke', text: '/revoke', problem: 'name the role, e.g. /revoke ml-lead' },
    ]);
    expect(parseCommands('/signoff LGTM')).toEqual([
      {
        kind: 'malformed',
        name: 'signoff',
        text: '/signoff LGTM',
        problem: '"LGTM" is not a role name (role names are lower-case ASCII letters, digits, "-" and "_", starting with a letter), e.g. /signoff ml-lead',
      },
    ]);
  });

  it('never lets a look-alike character name a role (U+2011 hyphen, Cyrillic a)', () => {
    for (const lookAlike of ['ml\u2011lead', 'ml-le\u0430d']) {
      const [command] = parseCommands(`/signoff ${lookAlike}`);
      expect(command).toEqual({
        kind: 'malformed',
        name: 'signoff',
        text: `/signoff ${lookAlike}`,
        problem: `"${lookAlike}" has a character that is not plain ASCII (role names are lower-case ASCII letters, digits, "-" and "_", starting with a letter), e.g. /signoff ml-lead`,
      });
    }
    expect(parseCommands('/signoff ml-lead sre\u2011x')).toEqual([
      { kind: 'signoff', roles: ['ml-lead'], note: 'sre\u2011x', text: '/signoff ml-lead sre\u2011x' },
    ]);
  });

  it('reads NFKC-compatible forms as their ASCII equivalents (full-width letters)', () => {
    expect(parseCommands('/signoff \uff4d\uff4c-lead')).toEqual([{ kind: 'signoff', roles: ['ml-lead'], text: '/signoff \uff4d\uff4c-lead' }]);
  });

  it('removes zero-width and bidi control characters before reading', () => {
    expect(parseCommands('/sign\u200boff ml-\u200dlead\u2060')).toEqual([{ kind: 'signoff', roles: ['ml-lead'], text: '/signoff ml-lead' }]);
    expect(parseCommands('\ufeff/signoff \u202eml-lead')).toEqual([{ kind: 'signoff', roles: ['ml-lead'], text: '/signoff ml-lead' }]);
  });
});

describe('parseCommands: /waive and /readiness', () => {
  const usage = '/waive <evidence-id> <days>d <reason>, e.g. /waive model-card 14d fairness review scheduled';

  it('reads the evidence id, the days and the reason', () => {
    expect(parseCommands('/waive model-card 14d  fairness review on 3 March ')).toEqual([
      { kind: 'waive', evidenceId: 'model-card', days: 14, reason: 'fairness review on 3 March', text: '/waive model-card 14d  fairness review on 3 March' },
    ]);
  });

  it.each([
    ['/waive', `name the evidence item, the days and a reason: ${usage}`],
    ['/waive model-card', `give the number of days and a reason: ${usage}`],
    ['/waive model-card 14d', `give a reason after the days: ${usage}`],
    ['/waive model-card 14 days please', `write the days as a whole number followed by "d", e.g. 14d: ${usage}`],
    ['/waive model-card -3d x', `write the days as a whole number followed by "d", e.g. 14d: ${usage}`],
    ['/waive model-card 1.5d x', `write the days as a whole number followed by "d", e.g. 14d: ${usage}`],
    ['/waive model-card 0d x', 'a waiver lasts at least 1 day (1d)'],
    ['/waive Model-Card 3d x', `"Model-Card" is not an evidence id (lower-case ASCII letters, digits, "-" and "_"): ${usage}`],
  ])('calls %j malformed', (text, problem) => {
    expect(parseCommands(text)).toEqual([{ kind: 'malformed', name: 'waive', text, problem }]);
  });

  it('reads /readiness with or without words after it', () => {
    expect(parseCommands('/readiness\n/readiness please')).toEqual([
      { kind: 'readiness', text: '/readiness' },
      { kind: 'readiness', text: '/readiness please' },
    ]);
  });
});

describe('parseCommands: robustness', () => {
  it('parses a 70,000-character body quickly', () => {
    const noise = 'x'.repeat(70_000);
    const body = `${noise}\n/signoff ml-lead\n`;
    expect(body.length).toBeGreaterThan(70_000);
    const started = process.hrtime.bigint();
    expect(parseCommands(body)).toHaveLength(1);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
  });

  it.each([
    ['many short lines', '/signoff a b c\n'.repeat(5_000)],
    ['many comment openers', '<!-- '.repeat(15_000)],
    ['many fence openers', '```\n'.repeat(18_000)],
    ['one huge role list', `/signoff ${'ab '.repeat(25_000)}`],
    ['nested markers', `${'- '.repeat(35_000)}\`\`\``],
  ])('stays linear on adversarial input: %s', (_name, body) => {
    const started = process.hrtime.bigint();
    parseCommands(body);
    parseCommands(body + body);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1_000);
  });

  const fragments = fc.constantFrom(
    '/signoff ', '/revoke ', '/waive ', '/readiness', 'ml-lead', ' sre', ' 14d ', '0d', '\n', '\r\n', '\r', '```', '~~~',
    '> ', '    ', '\t', '- ', '1. ', '<!--', '-->', '<pre>', '</pre>', '\u200b', '\u2011', '\u202e', 'ｍ', ':', ',', '--', ' ',
  );
  const markdownish = fc.array(fragments, { maxLength: 60 }).map((parts) => parts.join(''));

  it('never throws and is deterministic on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), markdownish), (body) => {
        const first = parseCommands(body);
        expect(parseCommands(body)).toEqual(first);
      }),
      { numRuns: 2_000 },
    );
  });

  it('only ever returns roles and evidence ids that are plain ASCII', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), markdownish), (body) => {
        for (const command of parseCommands(body)) {
          if (command.kind === 'signoff' || command.kind === 'revoke') {
            for (const role of command.roles) expect(role).toMatch(/^[a-z][a-z0-9_-]*$/);
          }
          if (command.kind === 'waive') {
            expect(command.evidenceId).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
            expect(command.days).toBeGreaterThanOrEqual(1);
            expect(command.reason).not.toBe('');
          }
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
