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

Options:
  -h, --help          Show this help.
  -v, --version       Show the version.

Exit codes: 0 ready, 1 gaps found or init refused, 2 contract or usage error.
`;
