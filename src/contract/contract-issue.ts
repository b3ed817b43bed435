/**
 * Problems found in a contract. The checks produce `ContractIssue`s on plain
 * values; `parse.ts` turns each into a `ContractError` by finding its path's
 * line and column in whichever source the value came from.
 */
export type ContractPath = (string | number)[];

export interface ContractError {
  /** Like `signoffs[1].role`; `""` for the file as a whole. */
  path: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

export interface ContractIssue {
  path: ContractPath;
  message: string;
  /**
   * `key` points at the mapping key itself (an unknown key, a key that needs
   * another key); `value` (the default) points at the value.
   */
  at?: 'key' | 'value';
}

/** `signoffs[1].role`, `roles["odd key"]`; `""` for the root. */
export function formatPath(path: ContractPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
