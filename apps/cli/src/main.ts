#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { dispatch } from './cli.dispatcher';

// `fulcrum` command line (see `fulcrum help`).
process.exitCode = dispatch(process.argv.slice(2), {
  readFile: (path) => readFileSync(path, 'utf8'),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
