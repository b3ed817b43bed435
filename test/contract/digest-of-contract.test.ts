import { describe, expect, it } from '@jest/globals';
import { contractNeeds } from '../../src/evaluate/fact-needs.js';
import { parseContract } from '../../src/contract/parse.js';
import { contractWith, errorsOf, expectValid } from './contract-text.js';

/** An evidence item on line 8 whose one field constraint is `constraint`. */
const withField = (constraint: string) =>
  contractWith('evidence:', `  - { id: a, title: A, owner: sre, file: eval.json, fields: [{ path: model.sha256, ${constraint} }] }`);
/** Column of the text after `...fields: [{ path: model.sha256, ` on line 8. */
const AT = 84;

describe('digest_of in the contract', () => {
  it('is a field constraint of its own, alone or with others', () => {
    expectValid(withField('digest_of: models/churn.onnx'));
    expectValid(withField('digest_of: models/churn.onnx, pattern: "^[0-9a-f]{64}$", exists: true'));
  });

  it('names one exact repository-relative file, with the error at its line and column', () => {
    expect(errorsOf(withField('digest_of: "models/*.onnx"'))).toEqual([
      {
        path: 'evidence[0].fields[0].digest_of',
        line: 8,
        column: AT + 11,
        message: "'models/*.onnx' contains the glob character '*'; digest_of names one file, so write its exact path",
      },
    ]);
    expect(errorsOf(withField('digest_of: ../models/churn.onnx'))[0]?.message).toBe(
      "'../models/churn.onnx' contains '..'; write the path from the repository root, e.g. models/churn.onnx",
    );
    expect(errorsOf(withField('digest_of: /models/churn.onnx'))[0]?.message).toContain('is an absolute path');
  });

  it('must be text, and cannot be combined with exists: false', () => {
    expect(errorsOf(withField('digest_of: 12'))).toMatchObject([{ path: 'evidence[0].fields[0].digest_of', line: 8 }]);
    expect(errorsOf(withField('digest_of: models/churn.onnx, exists: false'))).toEqual([
      {
        path: 'evidence[0].fields[0].exists',
        line: 8,
        column: expect.any(Number),
        message: 'exists: false cannot be combined with digest_of, which needs the field to hold the digest',
      },
    ]);
  });

  it('makes the artifact a need of the contract, once however many fields name it', () => {
    const parsed = parseContract(
      contractWith(
        'evidence:',
        '  - { id: a, title: A, owner: sre, file: a.json, fields: [{ path: x, digest_of: models/b.onnx }, { path: y, digest_of: models/a.onnx }] }',
        '  - { id: b, title: B, owner: sre, file: b.yml, fields: [{ path: x, digest_of: models/b.onnx }] }',
      ),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(contractNeeds(parsed.contract).artifacts).toEqual(['models/a.onnx', 'models/b.onnx']);
  });
});
