/**
 * `npm run schema`: writes `schema/readiness.schema.json` from the zod schema.
 * A test fails when the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contractJsonSchemaText } from './json-schema.js';

// Compiled to dist/contract/, two levels below the repository root.
const target = fileURLToPath(new URL('../../schema/readiness.schema.json', import.meta.url));
writeFileSync(target, contractJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
