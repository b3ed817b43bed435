/**
 * The JSON Schema of `.github/readiness.yml`, for editors (completion and
 * inline validation through yaml-language-server). Generated from the zod
 * schema so the two cannot disagree; `schema/readiness.schema.json` is its
 * committed copy (`npm run schema`).
 *
 * It checks shape only: rules that relate parts of the contract (a role must
 * be defined, globs must compile) are left to `readiness-gate validate`.
 */
import { z } from 'zod';
import { EXTENDS_KEY } from './schema-shape.js';
import { contractSchema } from './schema.js';

/** Where the committed schema is published; editors fetch it from here. */
export const CONTRACT_SCHEMA_ID =
  'https://raw.githubusercontent.com/readiness-gate/readiness-gate/main/schema/readiness.schema.json';

export function contractJsonSchema(): Record<string, unknown> {
  // draft-07 is the draft editors' YAML tooling supports most completely.
  const generated = z.toJSONSchema(contractSchema, { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
  const { $schema, required, properties, ...rest } = generated;
  return {
    $schema,
    $id: CONTRACT_SCHEMA_ID,
    title: 'readiness-gate contract',
    ...rest,
    properties: {
      ...(properties as Record<string, unknown>),
      [EXTENDS_KEY]: {
        type: 'string',
        minLength: 1,
        description: "inherit a contract from another repository ('.github' or 'other-repo'); this file's keys override it",
      },
    },
    // A file that extends another may leave out what it inherits.
    if: { required: [EXTENDS_KEY] },
    else: { required },
  };
}

/** The committed file's exact text: 2-space JSON and a final newline. */
export function contractJsonSchemaText(): string {
  return `${JSON.stringify(contractJsonSchema(), null, 2)}\n`;
}
