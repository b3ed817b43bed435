/**
 * Turns a validated contract into matchers, once per contract rather than once
 * per evaluation or per file: globs become regular expressions in indexed glob
 * sets, field paths are parsed, patterns compiled, section names normalised.
 */
import { checkRequirement, type CheckRequirement } from '../contract/check-entries.js';
import type { Contract, EvidenceRequirement, SignoffRequirement, When } from '../contract/schema.js';
import { compileField } from './field-constraints.js';
import type { CompiledField } from './field-constraints.js';
import { compileGlob, GlobSet } from './glob-set.js';
import type { CompiledGlob } from './glob-set.js';
import { sectionKey } from './markdown-sections.js';

/** A glob list from a `when.paths` or `changed_with`, matched through the contract's trigger set. */
export interface CompiledGlobList {
  globs: readonly string[];
  /** For each glob, its index in `CompiledContract.triggers`. */
  triggerIndices: readonly number[];
  /** The same globs on their own, for questions about other file lists (staleness). */
  set: GlobSet;
}

export interface CompiledWhen {
  paths?: CompiledGlobList;
  labels?: readonly string[];
}

export interface CompiledSignoff {
  requirement: SignoffRequirement;
  when?: CompiledWhen;
}

export interface CompiledEvidence {
  requirement: EvidenceRequirement;
  when?: CompiledWhen;
  changedWith?: CompiledGlobList;
  fields: CompiledField[];
  /** The wanted section titles and their lookup keys, in contract order. */
  sections: { title: string; key: string }[];
  /** The required checks, plain names and named sources alike. */
  checks: CheckRequirement[];
}

export interface CompiledContract {
  contract: Contract;
  scope: GlobSet;
  ignore: GlobSet;
  /**
   * Every distinct glob of every `when.paths` and `changed_with`, in one set, so
   * the changed files are matched against all of them in a single pass.
   */
  triggers: GlobSet;
  signoffs: CompiledSignoff[];
  evidence: CompiledEvidence[];
  /** Globs that could not be compiled; contract validation should have refused them. */
  problems: string[];
}

class GlobCompiler {
  private readonly compiled = new Map<string, CompiledGlob>();
  private readonly failed = new Set<string>();
  private readonly triggerIndex = new Map<string, number>();
  readonly triggerGlobs: CompiledGlob[] = [];
  readonly problems: string[] = [];

  private compile(glob: string): CompiledGlob | undefined {
    const known = this.compiled.get(glob);
    if (known || this.failed.has(glob)) return known;
    const result = compileGlob(glob);
    if (!result.ok) {
      this.failed.add(glob);
      this.problems.push(`the glob '${glob}' could not be compiled: ${result.error}`);
      return undefined;
    }
    this.compiled.set(glob, result.compiled);
    return result.compiled;
  }

  set(globs: readonly string[]): GlobSet {
    return new GlobSet(globs.map((g) => this.compile(g)).filter((g): g is CompiledGlob => g !== undefined));
  }

  list(globs: readonly string[]): CompiledGlobList {
    const triggerIndices: number[] = [];
    for (const glob of globs) {
      let index = this.triggerIndex.get(glob);
      const compiled = this.compile(glob);
      if (index === undefined && compiled) {
        index = this.triggerGlobs.push(compiled) - 1;
        this.triggerIndex.set(glob, index);
      }
      // An uncompilable glob points past the end of the set, where nothing ever matches.
      triggerIndices.push(index ?? Number.MAX_SAFE_INTEGER);
    }
    return { globs, triggerIndices, set: this.set(globs) };
  }

  when(when: When | undefined): CompiledWhen | undefined {
    if (!when) return undefined;
    const compiled: CompiledWhen = {};
    if (when.paths) compiled.paths = this.list(when.paths);
    if (when.labels) compiled.labels = when.labels;
    return compiled;
  }
}

export function compileContract(contract: Contract): CompiledContract {
  const globs = new GlobCompiler();
  const scope = globs.set(contract.scope.paths);
  const ignore = globs.set(contract.scope.ignore ?? []);
  const signoffs = contract.signoffs.map((requirement): CompiledSignoff => {
    const when = globs.when(requirement.when);
    return when ? { requirement, when } : { requirement };
  });
  const evidence = contract.evidence.map((requirement): CompiledEvidence => {
    const compiled: CompiledEvidence = {
      requirement,
      fields: (requirement.fields ?? []).map(compileField),
      sections: (requirement.sections ?? []).map((title) => ({ title, key: sectionKey(title) })),
      checks: (requirement.checks ?? []).map(checkRequirement),
    };
    const when = globs.when(requirement.when);
    if (when) compiled.when = when;
    if (requirement.changed_with) compiled.changedWith = globs.list(requirement.changed_with);
    return compiled;
  });
  return {
    contract,
    scope,
    ignore,
    triggers: new GlobSet(globs.triggerGlobs),
    signoffs,
    evidence,
    problems: globs.problems,
  };
}
