/**
 * Rules that relate one part of a well-shaped contract to another, or that
 * need more than a type to check: roles must be defined, ids unique, globs and
 * regexes must compile, evidence must ask for something that can be checked.
 * A contract that breaks one of these would otherwise be judged wrongly in
 * silence (a glob that never matches lets every pull request through).
 */
import { RE2JS } from 're2js';
import type { ContractIssue, ContractPath } from './contract-issue.js';
import { formatPath } from './contract-issue.js';
import { globProblem } from './glob-problems.js';
import { quote } from './messages.js';
import { ACTIONS_APP, ACTIONS_BOT } from './check-entries.js';
import type { CheckSource, Contract, EvidenceRequirement, When } from './schema.js';
import { didYouMean } from './suggest.js';

export function semanticIssues(contract: Contract): ContractIssue[] {
  return [
    ...roleMemberIssues(contract),
    ...roleReferenceIssues(contract),
    ...signoffIssues(contract),
    ...contract.evidence.flatMap((item, index) => evidenceIssues(item, ['evidence', index])),
    ...duplicateEvidenceIds(contract),
    ...globIssues(contract),
  ];
}

function roleMemberIssues(contract: Contract): ContractIssue[] {
  const issues: ContractIssue[] = [];
  for (const [role, members] of Object.entries(contract.roles)) {
    const seen = new Map<string, string>();
    members.forEach((member, index) => {
      // GitHub logins and team slugs ignore case, so '@Alice' and '@alice' are one person.
      const first = seen.get(member.toLowerCase());
      if (first === undefined) {
        seen.set(member.toLowerCase(), member);
        return;
      }
      const sameSpelling = first === member ? '' : ` (as ${quote(first)}; GitHub names ignore case)`;
      issues.push({ path: ['roles', role, index], message: `${quote(member)} is already listed in role ${quote(role)}${sameSpelling}` });
    });
  }
  return issues;
}

function roleReferenceIssues(contract: Contract): ContractIssue[] {
  const defined = Object.keys(contract.roles);
  const references: { path: ContractPath; role: string }[] = [
    ...contract.signoffs.map((signoff, index) => ({ path: ['signoffs', index, 'role'], role: signoff.role })),
    ...contract.evidence.map((item, index) => ({ path: ['evidence', index, 'owner'], role: item.owner })),
    ...(contract.waivers?.approvers ?? []).map((role, index) => ({ path: ['waivers', 'approvers', index], role })),
  ];
  return references
    .filter(({ role }) => !Object.hasOwn(contract.roles, role))
    .map(({ path, role }) => ({
      path,
      message:
        `${quote(role)} is not defined under roles${didYouMean(role, defined)}; ` +
        (defined.length === 0 ? 'no roles are defined' : `defined: ${defined.join(', ')}`),
    }));
}

function signoffIssues(contract: Contract): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const firstIndex = new Map<string, number>();
  contract.signoffs.forEach((signoff, index) => {
    const first = firstIndex.get(signoff.role);
    if (first === undefined) {
      firstIndex.set(signoff.role, index);
    } else {
      issues.push({
        path: ['signoffs', index, 'role'],
        message:
          `role ${quote(signoff.role)} already has a sign-off requirement (${formatPath(['signoffs', first])}); ` +
          'combine them into one entry (its when can list several paths and labels)',
      });
    }
    issues.push(...whenIssues(signoff.when, ['signoffs', index]));
  });
  return issues;
}

function whenIssues(when: When | undefined, owner: ContractPath): ContractIssue[] {
  if (when === undefined || when.paths !== undefined || when.labels !== undefined) return [];
  return [
    {
      path: [...owner, 'when'],
      at: 'key',
      message: 'when needs paths or labels; leave when out for a requirement that always applies',
    },
  ];
}

/** Keys separated by dots, `[n]` indices, as the evaluator reads them: `metrics.auc`, `slices[0].auc`, `[2].name`. */
const FIELD_PATH = /^(?:[^.[\]]+|\[\d{1,9}\])(?:\.[^.[\]]+|\[\d{1,9}\])*$/;

const NEEDS_FILE: Record<'sections' | 'fields' | 'max_age_days' | 'changed_with', string> = {
  sections: 'name the Markdown file that must have these headings',
  fields: 'name the JSON or YAML file these fields are read from',
  max_age_days: 'name the file that must have changed recently',
  changed_with: 'name the file that must change along with these paths',
};

function evidenceIssues(item: EvidenceRequirement, path: ContractPath): ContractIssue[] {
  const issues: ContractIssue[] = [];
  if (item.file === undefined && item.checks === undefined && item.changed_with === undefined) {
    issues.push({ path, message: `evidence ${quote(item.id)} has nothing to check: give it a file, checks or changed_with` });
  }
  for (const [key, hint] of Object.entries(NEEDS_FILE)) {
    if (item[key as keyof typeof NEEDS_FILE] !== undefined && item.file === undefined) {
      issues.push({ path: [...path, key], at: 'key', message: `${key} needs a file: ${hint}` });
    }
  }
  if (item.file !== undefined) {
    const problem = filePathProblem(item.file);
    if (problem !== undefined) issues.push({ path: [...path, 'file'], message: problem });
    if (item.fields !== undefined && !/\.(json|ya?ml)$/i.test(item.file)) {
      issues.push({
        path: [...path, 'fields'],
        at: 'key',
        message: `fields can only be read from a .json, .yml or .yaml file; ${quote(item.file)} is none of these`,
      });
    }
  }
  item.fields?.forEach((field, index) => {
    const fieldPath = [...path, 'fields', index];
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      issues.push({
        path: [...fieldPath, 'min'],
        message: `min (${field.min}) is greater than max (${field.max}); no value can satisfy both`,
      });
    }
    if (!FIELD_PATH.test(field.path)) {
      issues.push({
        path: [...fieldPath, 'path'],
        message: `${quote(field.path)} is not a field path; separate keys with dots and write list indices as [n], e.g. metrics.auc or slices[0].auc`,
      });
    }
    if (field.pattern !== undefined) {
      const problem = regexProblem(field.pattern);
      if (problem !== undefined) issues.push({ path: [...fieldPath, 'pattern'], message: problem });
    }
    if (field.digest_of !== undefined) issues.push(...digestIssues(field.digest_of, field.exists, fieldPath));
  });
  item.checks?.forEach((entry, index) => {
    if (typeof entry !== 'string') issues.push(...checkSourceIssues(entry, [...path, 'checks', index]));
  });
  issues.push(...templateIssues(item, path));
  if (item.enforce_from !== undefined) {
    const problem = calendarDateProblem(item.enforce_from);
    if (problem !== undefined) issues.push({ path: [...path, 'enforce_from'], message: problem });
  }
  issues.push(...whenIssues(item.when, path));
  return issues;
}

/** The artifact is fetched by exact path, like an evidence file; an absent field can never be its digest. */
function digestIssues(artifact: string, exists: boolean | undefined, fieldPath: ContractPath): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const problem = filePathProblem(artifact, 'digest_of', 'models/churn.onnx');
  if (problem !== undefined) issues.push({ path: [...fieldPath, 'digest_of'], message: problem });
  if (exists === false) {
    issues.push({
      path: [...fieldPath, 'exists'],
      message: 'exists: false cannot be combined with digest_of, which needs the field to hold the digest',
    });
  }
  return issues;
}

/** GitHub Actions runs only workflow files directly under .github/workflows/. */
const WORKFLOW_FILE = /^\.github\/workflows\/[^/]+\.ya?ml$/;

function checkSourceIssues(entry: CheckSource, path: ContractPath): ContractIssue[] {
  const issues: ContractIssue[] = [];
  if (entry.workflow !== undefined) {
    if (!WORKFLOW_FILE.test(entry.workflow)) {
      issues.push({
        path: [...path, 'workflow'],
        message: `${quote(entry.workflow)} is not a workflow file; GitHub Actions runs .yml or .yaml files directly under .github/workflows/, e.g. .github/workflows/eval.yml`,
      });
    }
    if (entry.app !== undefined && entry.app !== ACTIONS_APP) {
      issues.push({
        path: [...path, 'app'],
        message: `workflow names a GitHub Actions workflow, so app must be ${ACTIONS_APP} (or be left out); got ${quote(entry.app)}`,
      });
    }
  }
  entry.status_from?.forEach((login, index) => {
    if (login.toLowerCase() === ACTIONS_BOT) {
      issues.push({
        path: [...path, 'status_from', index],
        message: `${quote(login)} posts commit statuses for any workflow, including one a pull request adds; name the check run instead: { name: ..., workflow: .github/workflows/<file>.yml }`,
      });
    }
  });
  return issues;
}

function duplicateEvidenceIds(contract: Contract): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const firstIndex = new Map<string, number>();
  contract.evidence.forEach((item, index) => {
    const first = firstIndex.get(item.id);
    if (first === undefined) {
      firstIndex.set(item.id, index);
    } else {
      issues.push({
        path: ['evidence', index, 'id'],
        message: `evidence id ${quote(item.id)} is already used by ${formatPath(['evidence', first])}; ids must be unique`,
      });
    }
  });
  return issues;
}

function globIssues(contract: Contract): ContractIssue[] {
  const globs: { path: ContractPath; glob: string }[] = [];
  const collect = (list: string[] | undefined, path: ContractPath) =>
    list?.forEach((glob, index) => globs.push({ path: [...path, index], glob }));
  collect(contract.scope.paths, ['scope', 'paths']);
  collect(contract.scope.ignore, ['scope', 'ignore']);
  contract.signoffs.forEach((signoff, index) => collect(signoff.when?.paths, ['signoffs', index, 'when', 'paths']));
  contract.evidence.forEach((item, index) => {
    collect(item.when?.paths, ['evidence', index, 'when', 'paths']);
    collect(item.changed_with, ['evidence', index, 'changed_with']);
  });
  return globs.flatMap(({ path, glob }) => {
    const problem = globProblem(glob);
    return problem === undefined ? [] : [{ path, message: problem }];
  });
}

function regexProblem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, '');
    return `${quote(pattern)} is not a valid regular expression: ${reason}; the syntax is RE2 (no lookaround or backreferences)`;
  }
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The schema has already checked the YYYY-MM-DD form; this checks that the day exists. */
function calendarDateProblem(date: string): string | undefined {
  const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
  const monthName = MONTHS[month - 1];
  if (monthName === undefined) return `${quote(date)} is not a calendar date; months run from 01 to 12`;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (day < 1 || day > days) return `${quote(date)} is not a calendar date; ${monthName} ${year} has ${days} days`;
  return undefined;
}

/** Evidence is fetched by exact repository-relative path, so anything else would never be found. */
function filePathProblem(file: string, key = 'file', example = 'docs/model-card.md'): string | undefined {
  const fromRoot = `write the path from the repository root, e.g. ${example}`;
  if (file.startsWith('/') || /^[A-Za-z]:/.test(file)) return `${quote(file)} is an absolute path; ${fromRoot}`;
  if (file.includes('\\')) return `${quote(file)} contains '\\'; separate directories with '/'`;
  const segments = file.split('/');
  if (segments.includes('..')) return `${quote(file)} contains '..'; ${fromRoot}`;
  if (segments.some((segment) => segment === '' || segment === '.')) {
    const cleaned = segments.filter((segment) => segment !== '' && segment !== '.').join('/');
    return `${quote(file)} has an empty or '.' path segment; write ${cleaned === '' ? 'a file name' : quote(cleaned)}`;
  }
  const glob = /[*?[\]{}]/.exec(file);
  if (glob !== null) {
    return `${quote(file)} contains the glob character '${glob[0]}'; ${key} names one file, so write its exact path`;
  }
  return undefined;
}

/** A template is compared section by section, so it means something only for a file judged by its sections. */
function templateIssues(item: EvidenceRequirement, path: ContractPath): ContractIssue[] {
  if (item.template === undefined) return [];
  const at: ContractPath = [...path, 'template'];
  if (item.file === undefined || item.sections === undefined) {
    return [{ path: at, at: 'key', message: 'template needs a file and sections: it is compared with the sections of that file' }];
  }
  const problem = filePathProblem(item.template);
  if (problem !== undefined) return [{ path: at, message: problem }];
  if (item.template === item.file) {
    return [{ path: at, message: `template names the evidence file itself; name the template ${quote(item.file)} was copied from` }];
  }
  return [];
}
