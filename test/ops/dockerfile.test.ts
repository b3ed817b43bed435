/**
 * No Docker engine runs in CI, so the image's guarantees are asserted on the
 * Dockerfile's text: a change that breaks one of them fails here, before
 * anyone builds the image.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDockerfile, stagesOf, variablesOf, type Instruction, type Variable } from './dockerfile-instructions.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dockerfile = readFileSync(`${ROOT}Dockerfile`, 'utf8');
const dockerignore = readFileSync(`${ROOT}.dockerignore`, 'utf8');

const instructions = parseDockerfile(dockerfile);
const stages = stagesOf(instructions);
const runtime = stages.at(-1);
const builders = stages.slice(0, -1);

function runtimeInstructions(keyword: string): Instruction[] {
  return (runtime?.instructions ?? []).filter((instruction) => instruction.keyword === keyword);
}

/** An image layer or its history keeps whatever these hold. */
function holdsSecret(variable: Variable): boolean {
  const secretName = /KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL/i.test(variable.name);
  // A build argument shows in the image's history whatever its default.
  return secretName && (variable.keyword === 'ARG' || (variable.value ?? '') !== '');
}

/** `COPY [--chown=…] <source>… <destination>` from the build context (not `--from` another stage). */
function contextSources(instruction: Instruction): string[] {
  const words = instruction.args.split(/\s+/);
  if (words.some((word) => word.startsWith('--from='))) return [];
  return words
    .filter((word) => !word.startsWith('--'))
    .slice(0, -1)
    .map((source) => source.replace(/^\.\//, '').replace(/\/$/, ''));
}

describe('the Dockerfile parser used below', () => {
  it('joins continuation lines, drops comments and groups instructions into stages', () => {
    const parsed = parseDockerfile('# c\nFROM node:20-slim AS build\nRUN a \\\n  # inner\n  && b\nFROM node:20-slim\nUSER node\n');
    expect(parsed.map((i) => [i.keyword, i.args, i.line])).toEqual([
      ['FROM', 'node:20-slim AS build', 2],
      ['RUN', 'a && b', 3],
      ['FROM', 'node:20-slim', 6],
      ['USER', 'node', 7],
    ]);
    expect(stagesOf(parsed).map((s) => [s.image, s.name, s.instructions.length])).toEqual([
      ['node:20-slim', 'build', 1],
      ['node:20-slim', undefined, 1],
    ]);
  });

  it('finds secrets in ENV and ARG in every form, and not in harmless settings', () => {
    const variables = variablesOf(
      parseDockerfile(
        'ARG NPM_TOKEN\nENV WEBHOOK_SECRET=abc NODE_ENV=production\nENV PRIVATE_KEY "-----BEGIN"\nENV API_KEY=\nENV HOST=0.0.0.0 PORT=3000\n',
      ),
    );
    expect(variables.filter(holdsSecret).map((v) => v.name)).toEqual(['NPM_TOKEN', 'WEBHOOK_SECRET', 'PRIVATE_KEY']);
    expect(variables.find((v) => v.name === 'PRIVATE_KEY')?.value).toBe('-----BEGIN');
  });
});

describe('the container image', () => {
  it('is built in a separate stage on the Node 20 slim image, never an unpinned one', () => {
    expect(builders.length).toBeGreaterThanOrEqual(1);
    for (const stage of stages) expect(stage.image).toMatch(/^node:20(\.\d+){0,2}-slim$/);
  });

  it('runs as the unprivileged node user', () => {
    expect(runtimeInstructions('USER').map((i) => i.args).at(-1)).toBe('node');
  });

  it('holds production dependencies only', () => {
    const buildName = builders.at(-1)?.name;
    const pruned = builders.some((stage) => stage.instructions.some((i) => i.keyword === 'RUN' && /npm prune --omit=dev\b/.test(i.args)));
    expect(pruned).toBe(true);
    expect(runtimeInstructions('COPY').map((i) => i.args)).toContain(`--from=${buildName} /app/node_modules ./node_modules`);
    // Installing again in the runtime stage would bring the dev dependencies back.
    expect(runtimeInstructions('RUN').filter((i) => /npm (ci|install)\b/.test(i.args) && !/--omit=dev/.test(i.args))).toEqual([]);
  });

  it('runs the compiled app in production mode, reachable from outside the container', () => {
    const env = new Map(variablesOf(runtime?.instructions ?? []).map((v) => [v.name, v.value]));
    expect(env.get('NODE_ENV')).toBe('production');
    // Probot listens on localhost unless HOST says otherwise.
    expect(env.get('HOST')).toBe('0.0.0.0');
    expect(runtimeInstructions('EXPOSE').map((i) => i.args)).toEqual(['3000']);
    const cmd = runtimeInstructions('CMD').at(-1)?.args ?? '';
    expect(JSON.parse(cmd)).toEqual(['node', 'dist/app/main.js']);
  });

  it('checks its health on /healthz without tools the slim image lacks', () => {
    const [healthcheck, ...more] = runtimeInstructions('HEALTHCHECK');
    expect(more).toEqual([]);
    expect(healthcheck?.args).toMatch(/\bCMD\b/);
    expect(healthcheck?.args).toMatch(/127\.0\.0\.1:.*PORT.*\/healthz/);
    expect(healthcheck?.args).toMatch(/process\.exit\(1\)/);
    expect(healthcheck?.args).not.toMatch(/\b(curl|wget)\b/);
  });

  it('bakes no secret into any layer', () => {
    expect(variablesOf(instructions).filter(holdsSecret)).toEqual([]);
    const copied = instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD').flatMap(contextSources);
    expect(copied.filter((source) => /(^|\/)\.env|\.pem$|\.key$/.test(source))).toEqual([]);
  });
});

describe('the build context (.dockerignore)', () => {
  const lines = dockerignore.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const admitted = new Set(lines.filter((line) => line.startsWith('!')).map((line) => line.slice(1).replace(/\/$/, '')));

  it('starts from nothing, so local secrets, node_modules and .git stay out', () => {
    expect(lines[0]).toBe('*');
    for (const excluded of ['.env', '.git', 'node_modules', 'dist', 'coverage']) expect(admitted.has(excluded)).toBe(false);
    expect([...admitted].filter((pattern) => /\.pem|\.env|\*/.test(pattern))).toEqual([]);
  });

  it('admits everything the Dockerfile copies from the context, so the build cannot miss a file', () => {
    const copied = instructions.filter((i) => i.keyword === 'COPY').flatMap(contextSources);
    expect(copied.length).toBeGreaterThan(0);
    expect(copied.filter((source) => !admitted.has(source))).toEqual([]);
  });
});
