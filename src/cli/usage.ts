export const USAGE = `Usage: readiness-gate <command> [options]

Commands:
  validate [file]     Check a readiness contract (default .github/readiness.yml).
                      Prints file:line:column: path: message for each error.
  check               Judge the working tree against the contract on the base branch
                      and print the checklist. Sign-offs are shown as pending and
                      checks as not run: neither can be seen offline.
      --base <ref>    Branch, tag or commit to compare with and read the contract from
                      (default: the merge base of HEAD with main, else master).
      --label <name>  Treat the change as labelled <name>; repeat for several.
      --json          Print the verdict as JSON instead of the checklist.
      --now <date>    Judge as of this ISO date or time (default: now).
  init                Write a starter contract to .github/readiness.yml (never overwrites).
  audit               Print every evaluation's audit record of a repository, read from
                      the app's own readiness check runs (token in READINESS_GITHUB_TOKEN
                      or GITHUB_TOKEN; GitHub Enterprise Server at GHE_HOST).
      --repo <owner/name>  The repository (required).
      --since <YYYY-MM-DD> First day, UTC (required).
      --until <YYYY-MM-DD> Last day, UTC (default: now).
      --format <jsonl|csv> JSON Lines (default) or CSV, one row per fact.
      --pull <N>      Only this pull request.
      --app-id <id>   The app whose check runs count (default: APP_ID).

Options:
  -h, --help          Show this help.
  -v, --version       Show the version.

Exit codes: 0 ready, 1 gaps found, init refused or a GitHub error (audit),
2 contract or usage error (audit without a token too).
`;
