/**
 * The shape of `.github/readiness.yml` (SPEC §1), as a zod schema.
 *
 * This file is the single source of truth for the contract's shape: the
 * TypeScript types, the validation and the JSON Schema for editors are all
 * derived from it. Rules that relate one part of the contract to another
 * (a role must be defined, ids must be unique, globs must compile) are checked
 * in `semantic-checks.ts`, because they need the whole document.
 */
import { z } from 'zod';

/** Role names are used in commands (`/signoff ml-lead`), so they must be one plain word. */
export const ROLE_NAME = /^[a-z][a-z0-9_-]{0,49}$/;
/** `@login` or `@org/team-slug`; GitHub logins are ASCII letters, digits and single hyphens. */
export const MEMBER = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9_.-]{1,100})?$/;
/** Evidence ids are used in `/waive <id>` and in gap-issue keys. */
export const EVIDENCE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const roleName = z
  .string()
  .regex(ROLE_NAME, 'a role name is lower-case letters, digits, "-" or "_", starting with a letter');
const glob = z.string().min(1, 'a glob cannot be empty').max(500, 'a glob is at most 500 characters');
const globList = z.array(glob).min(1, 'list at least one glob').max(1000);

const when = z
  .strictObject({
    paths: globList.optional().describe('applies when a changed file matches one of these globs'),
    labels: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(100)
      .optional()
      .describe('applies when the pull request has one of these labels'),
  })
  .describe('conditions, any of which makes the requirement apply; without `when` it always applies');

const scope = z.strictObject({
  paths: globList.describe('a pull request is in scope when a changed file matches one of these'),
  ignore: z.array(glob).max(1000).optional().describe('changed files matching these do not count'),
});

const signoff = z.strictObject({
  role: roleName.describe('the role that must sign off'),
  when: when.optional(),
  count: z.number().int().min(1).max(20).default(1).describe('distinct members of the role needed'),
});

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const fieldConstraint = z
  .strictObject({
    path: z
      .string()
      .min(1)
      .max(300)
      .describe('dotted path with [n] indices into the JSON or YAML evidence file, e.g. metrics.auc or slices[0].auc'),
    exists: z.boolean().optional().describe('true: the field must be present and not null; false: it must be absent'),
    min: z.number().optional().describe('the field must be a number ≥ min'),
    max: z.number().optional().describe('the field must be a number ≤ max'),
    equals: scalar.optional().describe('the field must equal this value'),
    pattern: z.string().max(500).optional().describe('the field must be a string matching this RE2 regular expression'),
    one_of: z.array(scalar).min(1).max(100).optional().describe('the field must be one of these values'),
    digest_of: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .describe(
        'repository-relative path of a file (e.g. a model): the field must be its SHA-256 at the pull request head, in lower-case hex, or the oid of its Git LFS pointer',
      ),
  })
  .refine(
    (c) => ['exists', 'min', 'max', 'equals', 'pattern', 'one_of', 'digest_of'].some((k) => k in c),
    'a field needs at least one constraint: exists, min, max, equals, pattern, one_of or digest_of',
  );

/** GitHub App slugs are lower-case letters, digits and hyphens. */
export const APP_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,98})$/;
/** A login that may post commit statuses: a person or service account, or an app's `name[bot]`. */
export const STATUS_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

const checkName = z.string().min(1).max(200);

/**
 * A check named with the source that must report it. Without a source the
 * plain name trusts any GitHub App and any bot's commit status (see
 * evaluate/check-sources.ts for what never counts).
 */
const checkSource = z
  .strictObject({
    name: checkName.describe('the check-run or commit-status name'),
    app: z
      .string()
      .regex(APP_SLUG, "an app is named by its slug, lower-case letters, digits and '-', e.g. github-actions")
      .optional()
      .describe('only check runs of this GitHub App (its slug, e.g. github-actions) count'),
    workflow: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .describe('only GitHub Actions runs of this workflow file (e.g. .github/workflows/eval.yml) count'),
    status_from: z
      .array(z.string().regex(STATUS_LOGIN, 'a login is written without @, e.g. jenkins-bot'))
      .min(1)
      .max(50)
      .optional()
      .describe('only commit statuses created by these logins (service accounts or app bots) count'),
  })
  .describe('a check that counts only from the source named here');

const checkEntry = z.union([checkName, checkSource]);

const evidence = z
  .strictObject({
    id: z
      .string()
      .regex(EVIDENCE_ID, 'an evidence id is lower-case letters, digits, "-" or "_"')
      .describe('used in `/waive <id>` and in gap issues'),
    title: z.string().min(1).max(200).describe('what the evidence shows, in plain words'),
    area: z.string().min(1).max(100).default('evidence').describe('groups the checklist'),
    owner: roleName.describe('a role: gap issues are assigned to its members'),
    file: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .describe('repository-relative path of the evidence file, read from the pull request head'),
    sections: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(100)
      .optional()
      .describe('Markdown headings that must exist with real content under them'),
    template: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .describe('repository-relative path of the template the file was made from, read from the base branch: a section still holding its text is a placeholder'),
    fields: z.array(fieldConstraint).min(1).max(100).optional().describe('constraints on fields of a JSON or YAML file'),
    checks: z
      .array(checkEntry)
      .min(1)
      .max(50)
      .optional()
      .describe('check runs or commit statuses that must have succeeded on the head commit'),
    changed_with: globList.optional().describe('when a changed file matches these, the evidence file must change too'),
    max_age_days: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .optional()
      .describe('the last commit touching the file is at most this many days old'),
    when: when.optional(),
    enforce_from: z
      .string()
      .regex(ISO_DATE, 'a date is written YYYY-MM-DD')
      .optional()
      .describe('before this date (UTC) a gap is a warning and does not fail the check'),
  })
  .describe('a piece of evidence that must exist in the pull request head');

const waivers = z.strictObject({
  approvers: z.array(roleName).min(1).describe('roles whose members may waive an evidence item'),
  max_days: z.number().int().min(1).max(365).describe('longest allowed waiver, in days'),
});

const gaps = z.strictObject({
  issues: z.boolean().default(true).describe('open an issue for each unmet evidence item'),
  labels: z.array(z.string().min(1).max(50)).max(20).default(['readiness-gap']).describe('labels for gap issues'),
});

const signoffPolicy = z.strictObject({
  allow_author: z.boolean().default(false).describe('may the pull request author sign off'),
  invalidate_on_push: z
    .boolean()
    .default(true)
    .describe('a sign-off goes stale when later commits change files in that requirement’s scope'),
  distinct_people: z.boolean().default(true).describe('one person fills at most one role per pull request'),
  expires_after_days: z.number().int().min(1).max(365).optional().describe('a sign-off older than this no longer counts'),
});

export const contractSchema = z
  .strictObject({
    version: z.literal(1).describe('the contract format version; only 1 exists'),
    enforcement: z.enum(['blocking', 'advisory']).default('blocking').describe('blocking: gaps fail the check; advisory: neutral'),
    scope: scope.describe('which pull requests the contract judges'),
    roles: z
      .record(roleName, z.array(z.string().regex(MEMBER, 'a member is written @login or @org/team')).min(1).max(200))
      .default({})
      .describe('named owners: users (@login) and teams (@org/slug)'),
    signoffs: z.array(signoff).max(50).default([]).describe('who must sign off, and when'),
    evidence: z.array(evidence).max(200).default([]).describe('what must exist in the pull request head'),
    waivers: waivers.optional().describe('who may waive an evidence item with /waive, and for how long at most'),
    gaps: gaps.default({ issues: true, labels: ['readiness-gap'] }).describe('gap issues for unmet evidence'),
    signoff_policy: signoffPolicy
      .default({ allow_author: false, invalidate_on_push: true, distinct_people: true })
      .describe('rules that make sign-offs hard to fool'),
    dashboard: z
      .boolean()
      .default(false)
      .describe('keep one issue showing whether the default branch is still ready, with gap issues for its stale or missing evidence'),
  })
  .describe('readiness-gate contract (.github/readiness.yml)');

export type Contract = z.output<typeof contractSchema>;
export type ContractInput = z.input<typeof contractSchema>;
export type When = z.output<typeof when>;
export type SignoffRequirement = Contract['signoffs'][number];
export type EvidenceRequirement = Contract['evidence'][number];
export type FieldConstraint = z.output<typeof fieldConstraint>;
export type CheckEntry = z.output<typeof checkEntry>;
export type CheckSource = z.output<typeof checkSource>;
export type Scalar = z.output<typeof scalar>;
