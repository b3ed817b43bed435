/** Builds contract texts whose line numbers are easy to read off in a test. */
import { expect } from '@jest/globals';
import type { ContractError } from '../../src/contract/parse.js';
import { parseContract } from '../../src/contract/parse.js';

export function lines(...rows: string[]): string {
  return `${rows.join('\n')}\n`;
}

/** A valid contract of six lines; rows added by `contractWith` start on line 7. */
export const BASE_ROWS = [
  'version: 1',
  'scope:',
  '  paths: ["models/**"]',
  'roles:',
  '  ml-lead: ["@alice", "@acme/ml-leads"]',
  '  sre: ["@bob"]',
];

export function contractWith(...rows: string[]): string {
  return lines(...BASE_ROWS, ...rows);
}

export function errorsOf(text: string): ContractError[] {
  const result = parseContract(text);
  expect(result).toMatchObject({ ok: false });
  return result.ok ? [] : result.errors;
}

export function expectValid(text: string): void {
  const result = parseContract(text);
  expect(result.ok ? [] : result.errors).toEqual([]);
}
