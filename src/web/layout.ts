/**
 * The page shell and the one stylesheet. No script at all (the pages work
 * without JavaScript), styles from a file the app serves (so the
 * Content-Security-Policy needs no 'unsafe-inline'), a skip link, visible focus,
 * colours that meet WCAG 2.1 AA (4.5:1 for text) in light and dark mode, and a
 * layout that reflows on a phone (tables scroll inside their own box).
 */
import { html, type Html } from './html.js';

export const STYLESHEET_PATH = '/readiness/assets/style.css';

export function page(title: string, body: Html, options: { signedInAs?: string | null } = {}): string {
  const who = options.signedInAs
    ? html`<form class="signout" method="post" action="/readiness/logout"><span>Signed in as <strong>${options.signedInAs}</strong></span> <button type="submit">Sign out</button></form>`
    : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><span class="brand">readiness-gate</span>${who}</header>
<main id="main" tabindex="-1">
${body}
</main>
</body>
</html>
`.text;
}

export const STYLESHEET = `:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --panel: #f6f8fa;
  --link: #0550ae; --good: #116329; --bad: #a40e26; --caution: #7d4e00; --focus: #0550ae;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --panel: #151b23;
    --link: #6cb6ff; --good: #56d364; --bad: #ff7b72; --caution: #e3b341; --focus: #6cb6ff;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, select:focus-visible, input:focus-visible, main:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px;
}
.skip { position: absolute; left: -9999px; top: 0; background: var(--bg); padding: .5rem 1rem; }
.skip:focus { left: .5rem; top: .5rem; z-index: 1; }
.top { display: flex; flex-wrap: wrap; gap: .5rem; justify-content: space-between; align-items: center; padding: .75rem 1rem; border-bottom: 1px solid var(--border); }
.brand { font-weight: 600; }
.signout { margin: 0; }
button, .button { font: inherit; color: var(--fg); background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: .35rem .8rem; cursor: pointer; text-decoration: none; display: inline-block; }
main { max-width: 70rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--border); padding-bottom: .25rem; }
.meta { color: var(--muted); }
.summary { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: .75rem 1rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--border); overflow-wrap: anywhere; }
th { font-weight: 600; }
ul.plain { margin: .25rem 0; padding-left: 1.2rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; overflow-wrap: anywhere; }
.good { color: var(--good); } .bad { color: var(--bad); } .caution { color: var(--caution); } .quiet { color: var(--muted); }
form.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; }
label { display: block; font-weight: 600; }
select { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 6px; padding: .3rem; }
`;
