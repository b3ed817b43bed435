/**
 * Just enough of the Dockerfile syntax to assert the image's guarantees
 * without a Docker engine: instructions (comments dropped, continuation lines
 * joined), grouped into build stages, and the variables ENV and ARG set.
 */

export interface Instruction {
  /** Upper-cased: `FROM`, `RUN`, `COPY`, … */
  keyword: string;
  /** Everything after the keyword, continuation lines joined by a space. */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
}

export interface Stage {
  image: string;
  /** The `AS` name, when given. */
  name?: string;
  instructions: Instruction[];
}

export interface Variable {
  keyword: 'ENV' | 'ARG';
  name: string;
  /** Undefined for an `ARG` without a default. */
  value?: string;
  line: number;
}

export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { parts: string[]; line: number } | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) return;
    if (trimmed === '' && pending === null) return;
    const continues = trimmed.endsWith('\\');
    const part = continues ? trimmed.slice(0, -1).trim() : trimmed;
    pending ??= { parts: [], line: index + 1 };
    if (part !== '') pending.parts.push(part);
    if (continues) return;
    const joined = pending.parts.join(' ');
    const match = /^(\S+)\s*(.*)$/.exec(joined);
    if (match) instructions.push({ keyword: (match[1] ?? '').toUpperCase(), args: match[2] ?? '', line: pending.line });
    pending = null;
  });
  return instructions;
}

/** Instructions before the first `FROM` (global `ARG`s) belong to no stage. */
export function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const as = words.findIndex((word) => word.toUpperCase() === 'AS');
      const stage: Stage = { image: words[0] ?? '', instructions: [] };
      const name = as >= 0 ? words[as + 1] : undefined;
      if (name !== undefined) stage.name = name;
      stages.push(stage);
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

const UNQUOTE = /^(["'])(.*)\1$/s;

/** `ENV a=1 b="x y"`, the legacy `ENV a 1`, and `ARG name[=default]`. */
export function variablesOf(instructions: readonly Instruction[]): Variable[] {
  const variables: Variable[] = [];
  for (const { keyword, args, line } of instructions) {
    if (keyword !== 'ENV' && keyword !== 'ARG') continue;
    const legacy = keyword === 'ENV' ? /^([A-Za-z_][A-Za-z0-9_]*)\s+(?!\S*=)(.*)$/.exec(args) : null;
    if (legacy) {
      variables.push({ keyword, name: legacy[1] ?? '', value: (legacy[2] ?? '').replace(UNQUOTE, '$2'), line });
      continue;
    }
    for (const pair of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g)) {
      const value = pair[2];
      const variable: Variable = { keyword, name: pair[1] ?? '', line };
      if (value !== undefined) variable.value = value.replace(UNQUOTE, '$2');
      variables.push(variable);
    }
  }
  return variables;
}
