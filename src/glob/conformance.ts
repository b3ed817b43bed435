/**
 * `npm run conformance`: runs every case of git's own wildmatch test vectors
 * (t/t3070-wildmatch.sh, extracted to JSON) through our wildmatch and exits
 * non-zero on any disagreement not listed in DELIBERATE.
 *
 * The vectors are git's (GPL-2.0), not ours to commit: they are read from
 * `<repository>/../shared/oracles/wildmatch-t3070.json`, or the path given as
 * the first argument. Without the file there is nothing to check (exit 0), so
 * a fresh clone simply has no such step.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { wildmatch } from './wildmatch.js';

interface Case {
  text: string;
  pattern: string;
  /** wildmatch(pattern, text, WM_PATHNAME): "1" match, "0" no match, "E" error. */
  wildmatch: string;
}

/** `pattern\ntext` of cases where we knowingly differ from git, with the reason (docs/contract.md lists them). */
const DELIBERATE: ReadonlyMap<string, string> = new Map();

// dist/glob/conformance.js and src/glob/conformance.ts are both two levels below the repository.
const DEFAULT_FILE = fileURLToPath(new URL('../../../shared/oracles/wildmatch-t3070.json', import.meta.url));

/** git's test helper turns a leading `XXX/` of text or pattern into `/`. */
function unmangle(text: string): string {
  return text.startsWith('XXX/') ? `/${text.slice(4)}` : text;
}

/** Checks the cases in `file`, printing each line; the exit code: 0 when all agree or there is no file. */
export function runConformance(file: string, print: (line: string) => void): number {
  if (!existsSync(file)) {
    print(`conformance: ${file} not found; nothing to check`);
    return 0;
  }
  const cases = (JSON.parse(readFileSync(file, 'utf8')) as { cases: Case[] }).cases;
  let agreements = 0;
  let deliberate = 0;
  const disagreements: string[] = [];
  for (const c of cases) {
    const pattern = unmangle(c.pattern);
    const text = unmangle(c.text);
    const expected = c.wildmatch === '1';
    const actual = wildmatch(pattern, text);
    if (actual === expected) {
      agreements += 1;
      continue;
    }
    const line = `  pattern ${JSON.stringify(pattern)} text ${JSON.stringify(text)}: git ${c.wildmatch}, ours ${actual ? 1 : 0}`;
    const reason = DELIBERATE.get(`${pattern}\n${text}`);
    if (reason === undefined) disagreements.push(line);
    else {
      deliberate += 1;
      print(`${line} (deliberate: ${reason})`);
    }
  }
  print(
    `conformance with git t3070 (wildmatch, WM_PATHNAME): ${agreements} of ${cases.length} cases agree, ` +
      `${deliberate} deliberate differences, ${disagreements.length} disagreements`,
  );
  for (const line of disagreements) print(line);
  return disagreements.length === 0 && cases.length > 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = runConformance(process.argv[2] ?? DEFAULT_FILE, (line) => process.stdout.write(`${line}\n`));
}
