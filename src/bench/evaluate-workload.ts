/**
 * A large, realistic, seeded pull request for the evaluator benchmark: 3,000
 * changed files in a monorepo-like tree, and a contract whose 50 requirements
 * use 200 globs of the kinds people write (directory trees, extensions,
 * braces, globs that match at any depth).
 */
import { contractSchema } from '../contract/schema.js';
import type { Contract, ContractInput } from '../contract/schema.js';
import type { ChangedFile, ConversationEntry, EvidenceFileFact, Snapshot } from '../facts/snapshot.js';
import { SeededRandom } from './random.js';

export interface EvaluateWorkload {
  contract: Contract;
  snapshot: Snapshot;
  /** Every glob the contract writes, in order (repeats included), for the naive baseline. */
  globs: string[];
  now: Date;
}

const TOP = ['models', 'serving', 'deploy', 'data', 'src', 'docs', 'tests', 'infra', 'notebooks', 'pipelines', 'configs', 'tools', 'ops', 'features', 'services', 'libs'];
const NAMES = ['fraud', 'churn', 'ranking', 'vision', 'nlp', 'common', 'api', 'k8s', 'helm', 'terraform', 'etl', 'schemas', 'utils', 'training', 'inference', 'eval', 'monitoring', 'alerts', 'ingest', 'batch', 'stream', 'v1', 'v2', 'legacy', 'experimental', 'core', 'internal', 'feature_store'];
const EXTENSIONS = ['py', 'py', 'py', 'yaml', 'yml', 'json', 'md', 'ts', 'sql', 'onnx', 'ipynb', 'txt', 'toml', 'sh', 'Dockerfile'];
const STEMS = ['main', 'model', 'train', 'predict', 'config', 'schema', 'handler', 'client', 'server', 'utils', 'metrics', 'loader', 'README', 'values', 'deployment', 'service', 'test_model', 'weights', 'features', 'pipeline'];
const SCOPE = ['models/**', 'serving/**', 'deploy/**', 'data/**', 'pipelines/**', 'features/**'];
const IGNORE = ['**/*.md', 'docs/', '**/*.ipynb', 'tests/**'];
const SIGNOFFS = 20;
const EVIDENCE = 30;
const FILES = 3000;

function directories(random: SeededRandom): string[] {
  const dirs: string[] = [];
  for (const top of TOP) {
    dirs.push(top);
    const subs = random.int(5, 14);
    for (let i = 0; i < subs; i += 1) {
      const sub = `${top}/${random.pick(NAMES)}`;
      dirs.push(sub);
      const deeper = random.int(0, 5);
      for (let j = 0; j < deeper; j += 1) {
        const third = `${sub}/${random.pick(NAMES)}`;
        dirs.push(third);
        if (random.next() < 0.3) dirs.push(`${third}/${random.pick(NAMES)}`);
      }
    }
  }
  return [...new Set(dirs)];
}

function changedFiles(random: SeededRandom, dirs: readonly string[]): ChangedFile[] {
  const paths = new Set<string>();
  while (paths.size < FILES) {
    const ext = random.pick(EXTENSIONS);
    const name = ext === 'Dockerfile' ? 'Dockerfile' : `${random.pick(STEMS)}${random.int(0, 40)}.${ext}`;
    paths.add(`${random.pick(dirs)}/${name}`);
  }
  // GitHub lists a pull request's files in path order.
  return [...paths].sort().map((path): ChangedFile => {
    const roll = random.next();
    if (roll < 0.05) return { path, status: 'renamed', previousPath: `${random.pick(dirs)}/old_${path.split('/').pop() ?? 'x'}` };
    if (roll < 0.1) return { path, status: 'removed' };
    if (roll < 0.3) return { path, status: 'added' };
    return { path, status: 'modified' };
  });
}

/** One glob of a kind chosen at random; about one in ten can match anywhere and so is tried on every file. */
function glob(random: SeededRandom, dirs: readonly string[]): string {
  const dir = random.pick(dirs);
  const top = dir.split('/')[0] ?? 'models';
  const roll = random.next();
  if (roll < 0.35) return `${dir}/**`;
  if (roll < 0.55) return `${dir}/*.${random.pick(['py', 'yaml', 'json', 'sql'])}`;
  if (roll < 0.7) return `${top}/*/${random.pick(NAMES)}/**`;
  if (roll < 0.8) return `${top}/**/*.${random.pick(['onnx', 'yaml', 'py'])}`;
  if (roll < 0.9) return `${dir}/`;
  if (roll < 0.94) return `{${top},${random.pick(TOP)}}/${random.pick(NAMES)}/**`;
  if (roll < 0.97) return `**/*.${random.pick(['onnx', 'pkl', 'pt'])}`;
  return `${random.pick(NAMES)}/`;
}

function markdown(random: SeededRandom, sections: readonly string[]): string {
  const lines = ['---', 'license: apache-2.0', '---', '# Model card', ''];
  for (const section of sections) {
    lines.push(`## ${section}`, '');
    for (let i = random.int(3, 12); i > 0; i -= 1) lines.push(`Line ${i} about ${section.toLowerCase()} with some words in it.`);
    lines.push('```python', '# not a heading', 'print(1)', '```', '');
  }
  return lines.join('\n');
}

export function evaluateWorkload(seed = 20260601): EvaluateWorkload {
  const random = new SeededRandom(seed);
  const dirs = directories(random);
  const files = changedFiles(random, dirs);
  const globs: string[] = [...SCOPE, ...IGNORE];
  const take = (count: number): string[] => {
    const list = Array.from({ length: count }, () => glob(random, dirs));
    globs.push(...list);
    return list;
  };

  const roles: Record<string, string[]> = {};
  for (let i = 0; i < 10; i += 1) roles[`role-${i}`] = [`@member${i}a`, `@member${i}b`, `@acme/team-${i}`];
  const signoffs = Array.from({ length: SIGNOFFS }, (_, i) => ({
    role: `role-${i % 10}`,
    when: i % 4 === 0 ? { paths: take(4), labels: ['impact:high'] } : { paths: take(4) },
  }));

  const evidence: NonNullable<ContractInput['evidence']> = [];
  const contents: Record<string, EvidenceFileFact> = {};
  const sectionNames = ['Intended use', 'Limitations', 'Failure modes'];
  for (let i = 0; i < EVIDENCE; i += 1) {
    const kind = i % 3;
    const file = kind === 0 ? `docs/cards/card-${i}.md` : kind === 1 ? `reports/eval-${i}.json` : `ops/monitoring-${i}.yml`;
    const item: NonNullable<ContractInput['evidence']>[number] = { id: `item-${i}`, title: `Evidence ${i}`, owner: `role-${i % 10}`, file, area: `area-${i % 4}` };
    if (kind === 0) {
      item.sections = sectionNames;
      contents[file] = { state: 'present', content: markdown(random, sectionNames), lastChangedAt: '2026-05-01T00:00:00Z' };
      item.max_age_days = 90;
    } else if (kind === 1) {
      item.fields = [{ path: 'metrics.auc', min: 0.8 }, { path: 'slices[2].auc', min: 0.7 }, { path: 'dataset.source', exists: true }];
      const slices = Array.from({ length: 20 }, (_, s) => ({ name: `slice-${s}`, auc: 0.6 + random.next() * 0.4 }));
      contents[file] = { state: 'present', content: JSON.stringify({ metrics: { auc: 0.85 }, slices, dataset: { source: 'prod' } }, null, 2) };
    } else {
      item.fields = [{ path: 'alerts.latency_p99_ms', max: 500 }, { path: 'alerts.owner', pattern: '^@[a-z-]+$' }];
      const rules = ['latency', 'errors', 'saturation', 'drift'].map(
        (name) => `    - name: high-${name}\n      expr: rate(${name}_total[5m]) > ${random.int(1, 9)}\n      for: 10m\n`,
      );
      contents[file] = { state: 'present', content: `alerts:\n  latency_p99_ms: ${random.int(100, 700)}\n  owner: "@sre-team"\n  rules:\n${rules.join('')}` };
    }
    if (i < 20) item.when = { paths: take(3) };
    if (i < 25) item.changed_with = take(2);
    if (i % 5 === 0) item.checks = ['model-eval', `suite-${i}`];
    evidence.push(item);
  }

  const contract = contractSchema.parse({
    version: 1,
    scope: { paths: SCOPE, ignore: IGNORE },
    roles,
    signoffs,
    evidence,
    waivers: { approvers: ['role-0'], max_days: 30 },
  } satisfies ContractInput);

  const conversation: ConversationEntry[] = Array.from({ length: 12 }, (_, i) => ({
    key: `comment:${i + 1}`,
    source: 'comment',
    author: { login: `member${i % 10}a`, type: 'User' },
    body: i === 11 ? '/waive item-3 7d waiting for the new eval run' : `/signoff role-${i % 10} reviewed`,
    createdAt: `2026-05-31T1${i % 10}:00:00Z`,
    edited: false,
    commitSha: i % 2 === 0 ? 'head000' : 'old0000',
  }));
  const snapshot: Snapshot = {
    pull: { number: 42, author: { login: 'author', type: 'User' }, headSha: 'head000', baseRef: 'main', labels: ['impact:high'], state: 'open', merged: false },
    changedFiles: files,
    changedFilesTruncated: false,
    evidence: contents,
    checks: { 'model-eval': { name: 'model-eval', observations: [{ kind: 'check_run', app: 'ci-app', conclusion: 'success' }] } },
    conversation,
    teamMemberships: [],
    changesSince: [{ fromSha: 'old0000', commits: ['c1', 'c2'], files: files.slice(0, 300).map((f) => f.path) }],
  };
  return { contract, snapshot, globs, now: new Date('2026-06-01T12:00:00Z') };
}
