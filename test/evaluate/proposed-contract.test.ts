import { describe, expect, it } from '@jest/globals';
import type { ContractInput } from '../../src/contract/schema.js';
import { compileContract } from '../../src/evaluate/compile.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { proposedContractNeed } from '../../src/evaluate/fact-needs.js';
import type { ChangedFile, EvidenceFileFact } from '../../src/facts/snapshot.js';
import { buildContract, buildSnapshot } from '../support/snapshot-builder.js';

const NOW = new Date('2026-06-01T12:00:00Z');
// No roles and no evidence: a change to this contract needs nothing, so only the proposed contract can fail it.
const OPEN: Omit<ContractInput, 'version'> = { scope: { paths: ['models/**'] } };
const VALID = 'version: 1\nscope:\n  paths: ["models/**"]\n';
const UNDEFINED_ROLE = 'version: 1\nscope:\n  paths: ["models/**"]\nroles:\n  ml-lead: ["@alice"]\nsignoffs:\n  - role: ml-leed\n';
const EDIT: ChangedFile = { path: '.github/readiness.yml', status: 'modified' };

function judge(proposed: string | EvidenceFileFact | undefined, file: ChangedFile = EDIT, contract = OPEN) {
  const snapshot = buildSnapshot({ files: [file, 'models/a.onnx'], ...(proposed === undefined ? {} : { proposedContract: proposed }) });
  return evaluate(compileContract(buildContract(contract)), snapshot, NOW);
}

const proposedNotes = (verdict: ReturnType<typeof judge>) => verdict.notes.filter((n) => n.kind === 'proposed-contract');

describe('the proposed contract, judged by evaluate()', () => {
  it("fails a pull request whose proposed contract has errors, with each error's line and column", () => {
    const verdict = judge(UNDEFINED_ROLE);
    expect(verdict.conclusion).toBe('failure');
    expect(proposedNotes(verdict)).toEqual([
      { kind: 'proposed-contract', errors: [expect.objectContaining({ path: 'signoffs[0].role', line: 7, column: 11 })] },
    ]);
  });

  it('control: a valid proposed contract is noted and changes nothing', () => {
    const verdict = judge(VALID);
    expect(verdict.conclusion).toBe('success');
    expect(proposedNotes(verdict)).toEqual([{ kind: 'proposed-contract', errors: [] }]);
  });

  it('is never judged by the proposed contract: the base contract still decides what is needed', () => {
    // The proposal drops every requirement; the base contract's sign-off is still needed.
    const verdict = judge(VALID, EDIT, { scope: { paths: ['models/**'] }, roles: { 'ml-lead': ['@alice'] }, signoffs: [{ role: 'ml-lead' }] });
    expect(verdict.conclusion).toBe('failure');
    expect(verdict.signoffs.map((s) => [s.role, s.status])).toEqual([['ml-lead', 'missing']]);
  });

  it('never passes a proposed contract that is missing at the head, unreadable, or was not gathered', () => {
    expect(proposedNotes(judge({ state: 'absent' }))).toEqual([
      { kind: 'proposed-contract', errors: [{ path: '', line: 1, column: 1, message: 'the file is missing at the head commit' }] },
    ]);
    expect(judge({ state: 'unreadable', reason: 'binary' }).conclusion).toBe('failure');
    const notGathered = judge(undefined);
    expect(notGathered.conclusion).toBe('failure');
    expect(proposedNotes(notGathered)[0]).toMatchObject({ errors: [{ message: 'the proposed contract was not gathered' }] });
  });

  it('judges a contract renamed into place, not one that is removed or renamed away', () => {
    expect(proposedNotes(judge(UNDEFINED_ROLE, { path: '.github/readiness.yml', previousPath: 'draft.yml', status: 'renamed' }))).toHaveLength(1);
    expect(proposedNotes(judge(undefined, { path: '.github/readiness.yml', status: 'removed' }))).toEqual([]);
    expect(proposedNotes(judge(undefined, { path: 'old.yml', previousPath: '.github/readiness.yml', status: 'renamed' }))).toEqual([]);
  });

  it('is neutral under advisory enforcement, but never turns a failure into neutral', () => {
    expect(judge(UNDEFINED_ROLE, EDIT, { ...OPEN, enforcement: 'advisory' }).conclusion).toBe('neutral');
    // A base contract whose glob cannot be compiled fails even when advisory; the proposal's errors must not soften that.
    const failing = compileContract(buildContract({ ...OPEN, enforcement: 'advisory' }));
    const broken = { ...failing, problems: ['the glob could not be compiled'] };
    const snapshot = buildSnapshot({ files: [EDIT], proposedContract: UNDEFINED_ROLE });
    expect(evaluate(broken, snapshot, NOW).conclusion).toBe('failure');
  });
});

describe('proposedContractNeed', () => {
  it('asks for the head contract exactly when evaluate() reads it', () => {
    expect(proposedContractNeed([EDIT])).toBe('.github/readiness.yml');
    expect(proposedContractNeed([{ path: '.github/readiness.yml', status: 'added' }])).toBe('.github/readiness.yml');
    expect(proposedContractNeed([{ path: '.github/readiness.yml', status: 'removed' }])).toBeNull();
    expect(proposedContractNeed([{ path: 'models/a.onnx', status: 'modified' }])).toBeNull();
  });
});
