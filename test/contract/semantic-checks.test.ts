import { describe, expect, it } from '@jest/globals';
import { contractWith, errorsOf, expectValid, lines } from './contract-text.js';

/** An evidence item on line 8 (after `evidence:` on line 7), written as one flow mapping. */
const evidence = (body: string) => contractWith('evidence:', `  - { id: a, title: A, owner: sre, ${body} }`);
/** Column of the text after `  - { id: a, title: A, owner: sre, ` on line 8. */
const BODY = 36;

describe('semantic checks', () => {
  it('requires every role that is used to be defined, naming the defined ones', () => {
    expect(
      errorsOf(
        contractWith(
          'signoffs:',
          '  - role: privacy',
          'evidence:',
          '  - { id: a, title: A, owner: ml_lead, file: a.md }',
          'waivers:',
          '  approvers: [sre, qa]',
          '  max_days: 5',
        ),
      ),
    ).toEqual([
      { path: 'signoffs[0].role', line: 8, column: 11, message: "'privacy' is not defined under roles; defined: ml-lead, sre" },
      {
        path: 'evidence[0].owner',
        line: 10,
        column: 31,
        message: "'ml_lead' is not defined under roles (did you mean 'ml-lead'?); defined: ml-lead, sre",
      },
      { path: 'waivers.approvers[1]', line: 12, column: 20, message: "'qa' is not defined under roles; defined: ml-lead, sre" },
    ]);
    expect(errorsOf(lines('version: 1', 'scope: { paths: [a] }', 'signoffs: [{ role: sre }]'))).toEqual([
      { path: 'signoffs[0].role', line: 3, column: 20, message: "'sre' is not defined under roles; no roles are defined" },
    ]);
    expectValid(contractWith('signoffs: [{ role: sre }]', 'waivers: { approvers: [sre, ml-lead], max_days: 5 }'));
  });

  it('refuses a member listed twice in a role, ignoring case as GitHub does', () => {
    expect(errorsOf(lines('version: 1', 'scope: { paths: [a] }', 'roles:', '  sre: ["@bob", "@acme/Ops", "@bob", "@acme/ops"]'))).toEqual([
      { path: 'roles.sre[2]', line: 4, column: 30, message: "'@bob' is already listed in role 'sre'" },
      {
        path: 'roles.sre[3]',
        line: 4,
        column: 38,
        message: "'@acme/ops' is already listed in role 'sre' (as '@acme/Ops'; GitHub names ignore case)",
      },
    ]);
    expectValid(lines('version: 1', 'scope: { paths: [a] }', 'roles:', '  sre: ["@bob", "@bobby", "@acme/bob"]'));
  });

  it('refuses the same role twice in signoffs and says to combine them', () => {
    expect(errorsOf(contractWith('signoffs:', '  - role: sre', '  - role: ml-lead', '  - role: sre', '    count: 2'))).toEqual([
      {
        path: 'signoffs[2].role',
        line: 10,
        column: 11,
        message:
          "role 'sre' already has a sign-off requirement (signoffs[0]); combine them into one entry (its when can list several paths and labels)",
      },
    ]);
    expectValid(contractWith('signoffs:', '  - role: sre', '  - role: ml-lead'));
  });

  it('refuses duplicate evidence ids at the later one', () => {
    expect(
      errorsOf(contractWith('evidence:', '  - { id: card, title: A, owner: sre, file: a.md }', '  - { id: card, title: B, owner: sre, file: b.md }')),
    ).toEqual([
      {
        path: 'evidence[1].id',
        line: 9,
        column: 11,
        message: "evidence id 'card' is already used by evidence[0]; ids must be unique",
      },
    ]);
    expectValid(contractWith('evidence:', '  - { id: card, title: A, owner: sre, file: a.md }', '  - { id: card-2, title: B, owner: sre, file: b.md }'));
  });

  it('refuses an evidence item that has nothing to check', () => {
    expect(errorsOf(contractWith('evidence:', '  - id: a', '    title: A', '    owner: sre', '    area: ops'))).toEqual([
      { path: 'evidence[0]', line: 8, column: 5, message: "evidence 'a' has nothing to check: give it a file, checks or changed_with" },
    ]);
    expectValid(evidence('checks: [model-eval]'));
    expectValid(evidence('file: a.md'));
  });

  it('refuses a template without a file and sections, one that is no repository path, or the evidence file itself', () => {
    expect(errorsOf(evidence('file: card.md, template: t.md'))).toEqual([
      { path: 'evidence[0].template', line: 8, column: BODY + 15, message: 'template needs a file and sections: it is compared with the sections of that file' },
    ]);
    expect(errorsOf(evidence('file: card.md, sections: [Intro], template: ../t.md'))).toEqual([
      {
        path: 'evidence[0].template',
        line: 8,
        column: BODY + 44,
        message: "'../t.md' contains '..'; write the path from the repository root, e.g. docs/model-card.md",
      },
    ]);
    expect(errorsOf(evidence('file: card.md, sections: [Intro], template: card.md'))).toEqual([
      {
        path: 'evidence[0].template',
        line: 8,
        column: BODY + 44,
        message: "template names the evidence file itself; name the template 'card.md' was copied from",
      },
    ]);
    expectValid(evidence('file: card.md, sections: [Intro], template: docs/templates/card.md'));
  });

  it('refuses sections, fields, max_age_days and changed_with without a file, at the key', () => {
    expect(errorsOf(evidence('checks: [x], sections: [Intro]'))).toEqual([
      {
        path: 'evidence[0].sections',
        line: 8,
        column: BODY + 13,
        message: 'sections needs a file: name the Markdown file that must have these headings',
      },
    ]);
    expect(errorsOf(evidence('checks: [x], fields: [{ path: a, exists: true }]'))[0]).toEqual({
      path: 'evidence[0].fields',
      line: 8,
      column: BODY + 13,
      message: 'fields needs a file: name the JSON or YAML file these fields are read from',
    });
    expect(errorsOf(evidence('checks: [x], max_age_days: 30'))).toEqual([
      {
        path: 'evidence[0].max_age_days',
        line: 8,
        column: BODY + 13,
        message: 'max_age_days needs a file: name the file that must have changed recently',
      },
    ]);
    expect(errorsOf(evidence('changed_with: ["models/**"]'))).toEqual([
      {
        path: 'evidence[0].changed_with',
        line: 8,
        column: BODY,
        message: 'changed_with needs a file: name the file that must change along with these paths',
      },
    ]);
    expectValid(evidence('file: a.md, sections: [Intro], max_age_days: 30, changed_with: ["models/**"]'));
  });

  it('reads fields only from JSON or YAML files', () => {
    expect(errorsOf(evidence('file: docs/card.md, fields: [{ path: a, exists: true }]'))).toEqual([
      {
        path: 'evidence[0].fields',
        line: 8,
        column: BODY + 20,
        message: "fields can only be read from a .json, .yml or .yaml file; 'docs/card.md' is none of these",
      },
    ]);
    for (const file of ['eval.json', 'ops/alerts.yml', 'ops/alerts.yaml', 'REPORT.JSON']) {
      expectValid(evidence(`file: ${file}, fields: [{ path: a, exists: true }]`));
    }
  });

  it('requires file to be one exact repository-relative path', () => {
    const fileError = (file: string) => errorsOf(evidence(`file: "${file}"`))[0]?.message;
    const fromRoot = 'write the path from the repository root, e.g. docs/model-card.md';
    expect(errorsOf(evidence('file: /docs/card.md'))).toEqual([
      { path: 'evidence[0].file', line: 8, column: BODY + 6, message: `'/docs/card.md' is an absolute path; ${fromRoot}` },
    ]);
    expect(fileError('C:/docs/card.md')).toBe(`'C:/docs/card.md' is an absolute path; ${fromRoot}`);
    expect(fileError('../other/card.md')).toBe(`'../other/card.md' contains '..'; ${fromRoot}`);
    expect(fileError('docs/*.md')).toBe("'docs/*.md' contains the glob character '*'; file names one file, so write its exact path");
    expect(fileError('docs/{a,b}.md')).toBe("'docs/{a,b}.md' contains the glob character '{'; file names one file, so write its exact path");
    expect(fileError('docs\\\\card.md')).toBe("'docs\\card.md' contains '\\'; separate directories with '/'");
    expect(fileError('./docs//card.md')).toBe("'./docs//card.md' has an empty or '.' path segment; write 'docs/card.md'");
    expectValid(evidence('file: docs/model-card.md'));
    expectValid(evidence('file: .github/readiness-evidence/eval.v2.json'));
  });

  it('refuses globs git would never match, saying why and how to write what was meant', () => {
    expect(errorsOf(lines('version: 1', 'scope:', '  paths: ["models/**", "models/[abc", "{a,b"]'))).toEqual([
      {
        path: 'scope.paths[1]',
        line: 3,
        column: 24,
        message: "'models/[abc' has a '[' without a closing ']', so it matches nothing; write '\\[' to match '[' literally",
      },
      {
        path: 'scope.paths[2]',
        line: 3,
        column: 39,
        message:
          "'{a,b' has a '{' that is not part of a list like {a,b} (a list needs a matching '}' and a ','); write '\\{' to match '{' literally",
      },
    ]);
    expect(errorsOf(lines('version: 1', 'scope:', '  ignore: ["[z-a]"]', '  paths: ["a\\\\"]'))).toEqual([
      {
        path: 'scope.ignore[0]',
        line: 3,
        column: 12,
        message: "'[z-a]' has the range 'z-a', which runs backwards and adds no character (git still matches its first, 'z'); write 'a-z'",
      },
      {
        path: 'scope.paths[0]',
        line: 4,
        column: 11,
        message: "'a\\' ends with a '\\' that escapes nothing, so it matches nothing; remove the '\\' (directories are separated with '/')",
      },
    ]);
    // The docs' own advice for a literal bracket, and extglob characters, which are literal.
    expectValid(
      lines('version: 1', 'scope:', '  paths: ["models/**", "**/*.{yml,yaml}", "data/[a-z]?/*", "odd/\\\\[literal]", "report (1).txt", "x|y", "*.(onnx|pt)"]'),
    );
  });

  it('names the fix for each glob git reads differently from what it looks like', () => {
    const problem = (glob: string) => errorsOf(lines('version: 1', 'scope:', `  paths: [${JSON.stringify(glob)}]`))[0]?.message;
    expect(problem('/')).toBe("'/' matches nothing (git reads a lone '/' as a directory with an empty name); write '**' to match every path");
    expect(problem('//models')).toBe("'//models' starts with '//', which matches nothing (one leading '/' anchors a glob at the root); write '/models'");
    expect(problem('models//x')).toBe("'models//x' contains '//', which no path does, so it matches nothing; write a single '/'");
    expect(problem('models/../x')).toBe(
      "'models/../x' has a '.' or '..' segment, which no repository-relative path does, so it matches nothing; write the path without it",
    );
    expect(problem('#notes')).toBe("'#notes' starts with '#', which makes a .gitignore line a comment; write '\\#' to match a name that starts with '#'");
    expect(problem('models ')).toBe(
      "'models ' ends with a space, which git drops from a .gitignore line; remove it, or write '\\ ' if the name really ends with a space",
    );
    expect(problem('foo[/]bar')).toBe(
      "'foo[/]bar' has '[/]', which matches nothing: a bracket never matches the '/' between directories; write '/' without brackets",
    );
    expect(problem('[[:letter:]]*')).toBe(
      "'[[:letter:]]*' has '[:letter:]', which is not a character class, so it matches nothing; the classes are " +
        "[:alnum:] [:alpha:] [:blank:] [:cntrl:] [:digit:] [:graph:] [:lower:] [:print:] [:punct:] [:space:] [:upper:] [:xdigit:] " +
        "(write '\\[' to match '[' literally)",
    );
    expect(problem('{models}/**')).toMatch(/^'\{models\}\/\*\*' has a '\{' that is not part of a list/);
    expect(problem('{a,!b}')).toBe(
      "'{a,!b}' expands to '!b', which starts with '!', which negates a .gitignore line and is not supported here; " +
        "list exclusions under scope.ignore, or write '\\!' to match a name that starts with '!'",
    );
    expect(problem('{,}')).toBe("'{,}' expands to '', which is empty, and an empty glob matches nothing");
    expect(problem('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}')).toBe(
      "'{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}' expands to more than 64 globs; split it into several entries",
    );
    for (const good of ['\\#notes', '\\!important', 'models\\ ', '[[:alpha:]]*', '[!.]*', '\\{a\\}', '{,src/}models/**', '**/', 'a/**/b']) {
      expectValid(lines('version: 1', 'scope:', `  paths: [${JSON.stringify(good)}]`));
    }
  });

  it("refuses globs that start with '!' or './', in every place globs are used", () => {
    expect(
      errorsOf(
        contractWith(
          'signoffs:',
          '  - { role: sre, when: { paths: ["!docs/**"] } }',
          'evidence:',
          '  - { id: a, title: A, owner: sre, file: a.md, changed_with: ["./models/**"], when: { paths: ["./data/**"] } }',
        ),
      ),
    ).toEqual([
      {
        path: 'signoffs[0].when.paths[0]',
        line: 8,
        column: 34,
        message:
          "'!docs/**' starts with '!', which negates a .gitignore line and is not supported here; list exclusions under scope.ignore, " +
          "or write '\\!' to match a name that starts with '!'",
      },
      {
        path: 'evidence[0].changed_with[0]',
        line: 10,
        column: 63,
        message: "'./models/**' starts with './'; globs match repository-relative paths, so write 'models/**'",
      },
      {
        path: 'evidence[0].when.paths[0]',
        line: 10,
        column: 95,
        message: "'./data/**' starts with './'; globs match repository-relative paths, so write 'data/**'",
      },
    ]);
    // As in .gitignore, a leading '/' anchors a glob at the repository root.
    expectValid(contractWith('signoffs:', '  - { role: sre, when: { paths: ["/Dockerfile", "deploy/"] } }'));
  });

  it('refuses a field path the evaluator cannot read', () => {
    const fields = (path: string) => evidence(`file: a.json, fields: [{ path: "${path}", exists: true }]`);
    expect(errorsOf(fields('metrics..auc'))).toEqual([
      {
        path: 'evidence[0].fields[0].path',
        line: 8,
        column: BODY + 31,
        message:
          "'metrics..auc' is not a field path; separate keys with dots and write list indices as [n], e.g. metrics.auc or slices[0].auc",
      },
    ]);
    for (const bad of ['.auc', 'auc.', 'slices[0]auc', 'slices[x]', 'a.[0]']) expect(errorsOf(fields(bad))).toHaveLength(1);
    for (const good of ['metrics.auc', 'slices[0].auc', '[2].name', 'a[0][1]', 'odd key.with-dash']) expectValid(fields(good));
  });

  it('refuses a field pattern that RE2 cannot compile, saying the syntax is RE2', () => {
    expect(errorsOf(evidence('file: a.json, fields: [{ path: owner, pattern: "^(?=@)" }]'))).toEqual([
      {
        path: 'evidence[0].fields[0].pattern',
        line: 8,
        column: BODY + 47,
        message:
          "'^(?=@)' is not a valid regular expression: invalid or unsupported Perl syntax: `(?=`; the syntax is RE2 (no lookaround or backreferences)",
      },
    ]);
    expect(errorsOf(evidence('file: a.json, fields: [{ path: owner, pattern: "(a" }]'))[0]?.message).toBe(
      "'(a' is not a valid regular expression: missing closing ): `(a`; the syntax is RE2 (no lookaround or backreferences)",
    );
    expectValid(evidence('file: a.json, fields: [{ path: owner, pattern: "^@[a-z0-9-]+$" }, { path: x, pattern: "(?i)^ok" }]'));
  });

  it('refuses a field whose min is greater than its max', () => {
    expect(errorsOf(evidence('file: a.json, fields: [{ path: auc, min: 0.9, max: 0.8 }]'))).toEqual([
      {
        path: 'evidence[0].fields[0].min',
        line: 8,
        column: BODY + 41,
        message: 'min (0.9) is greater than max (0.8); no value can satisfy both',
      },
    ]);
    expectValid(evidence('file: a.json, fields: [{ path: auc, min: 0.8, max: 0.8 }]'));
  });

  it('requires enforce_from to be a real calendar date', () => {
    const dateError = (date: string) => errorsOf(evidence(`checks: [x], enforce_from: ${date}`));
    expect(dateError('2027-02-30')).toEqual([
      {
        path: 'evidence[0].enforce_from',
        line: 8,
        column: BODY + 27,
        message: "'2027-02-30' is not a calendar date; February 2027 has 28 days",
      },
    ]);
    expect(dateError('2027-04-31')[0]?.message).toBe("'2027-04-31' is not a calendar date; April 2027 has 30 days");
    expect(dateError('2027-13-01')[0]?.message).toBe("'2027-13-01' is not a calendar date; months run from 01 to 12");
    expect(dateError('2027-01-00')[0]?.message).toBe("'2027-01-00' is not a calendar date; January 2027 has 31 days");
    expect(dateError('2100-02-29')[0]?.message).toBe("'2100-02-29' is not a calendar date; February 2100 has 28 days");
    for (const date of ['2028-02-29', '2000-02-29', '2027-12-31', '2027-01-15']) expectValid(evidence(`checks: [x], enforce_from: ${date}`));
  });

  it('refuses an empty when, which would leave it unclear whether the requirement applies', () => {
    expect(errorsOf(contractWith('signoffs:', '  - role: sre', '    when: {}'))).toEqual([
      {
        path: 'signoffs[0].when',
        line: 9,
        column: 5,
        message: 'when needs paths or labels; leave when out for a requirement that always applies',
      },
    ]);
    expectValid(contractWith('signoffs:', '  - role: sre', '    when: { labels: ["impact:high"] }'));
  });

  it('runs only on a well-shaped contract', () => {
    expect(errorsOf(contractWith('signoffs: [{ role: nobody }]', 'enforcement: strict'))).toEqual([
      { path: 'enforcement', line: 8, column: 14, message: "must be one of blocking, advisory; got 'strict'" },
    ]);
  });
});
