#!/usr/bin/env node
/** The `readiness-gate` executable. */
import { runCli } from './run.js';

process.exitCode = await runCli(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
