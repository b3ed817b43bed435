import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { CONTRACT_SCHEMA_ID, contractJsonSchema, contractJsonSchemaText } from '../../src/contract/json-schema.js';

const committedSchema = () => readFileSync(new URL('../../schema/readiness.schema.json', import.meta.url), 'utf8');
const docs = () => readFileSync(new URL('../../docs/contract.md', import.meta.url), 'utf8');

/** Every key that a `properties` object of the schema defines, at any depth. */
function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) propertyNames(item, into);
  else if (schema !== null && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value !== null && typeof value === 'object') {
        for (const name of Object.keys(value)) into.add(name);
      }
      propertyNames(value, into);
    }
  }
  return into;
}

describe('contract JSON Schema', () => {
  it('is committed in sync with the zod schema', () => {
    // When this fails, run `npm run schema` and commit schema/readiness.schema.json.
    expect(committedSchema()).toBe(contractJsonSchemaText());
  });

  it('is a draft-07 schema with an id and a title, built from the input side of the zod schema', () => {
    const schema = contractJsonSchema();
    expect(schema).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: CONTRACT_SCHEMA_ID,
      title: 'readiness-gate contract',
      type: 'object',
      additionalProperties: false,
    });
    // Input side: keys with defaults are optional, and the defaults are shown to the editor.
    expect(schema).toMatchObject({ properties: { enforcement: { default: 'blocking', enum: ['blocking', 'advisory'] } } });
  });

  it('allows _extends at the top level, and lets a file that extends another leave out version and scope', () => {
    const schema = contractJsonSchema();
    expect(schema).toMatchObject({
      properties: { _extends: { type: 'string', minLength: 1 } },
      if: { required: ['_extends'] },
      else: { required: ['version', 'scope'] },
    });
    expect(schema).not.toHaveProperty('required');
  });

  it('has every property documented as inline code in docs/contract.md', () => {
    const names = [...propertyNames(contractJsonSchema())];
    expect(names.length).toBeGreaterThan(30);
    const text = docs();
    expect(names.filter((name) => !text.includes(`\`${name}\``))).toEqual([]);
  });

  it('is what the docs tell editors to use', () => {
    expect(docs()).toContain(`# yaml-language-server: $schema=${CONTRACT_SCHEMA_ID}`);
  });
});
