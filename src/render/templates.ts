/**
 * Markdown templates for everything the app writes (SPEC §3: "a deployment can
 * override" them). A template is read from `READINESS_TEMPLATES_DIR` when that
 * directory holds a file of the same name, otherwise from the package's own
 * `templates/` directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This module sits two levels below the package root both as `src/render/*.ts` and as `dist/render/*.js`. */
export const PACKAGED_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export function templatePath(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const overrideDir = env.READINESS_TEMPLATES_DIR;
  if (overrideDir) {
    const override = join(overrideDir, name);
    if (existsSync(override)) return override;
  }
  return join(PACKAGED_TEMPLATES_DIR, name);
}

export function loadTemplate(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return readFileSync(templatePath(name, env), 'utf8');
}

/**
 * Replaces `{{name}}` placeholders in one pass, so a value that itself contains
 * `{{…}}` (a title written in the contract, say) is never expanded. Unknown
 * placeholders become empty: an overridden template written for another version
 * must still render. Values are finished Markdown, so nothing is escaped here.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_match, key: string) =>
    Object.prototype.hasOwnProperty.call(values, key) ? (values[key] ?? '') : '',
  );
}

export function renderTemplate(name: string, values: Record<string, string>, env: NodeJS.ProcessEnv = process.env): string {
  return fillTemplate(loadTemplate(name, env), values);
}
