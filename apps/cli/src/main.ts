#!/usr/bin/env node
import { createReadStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dispatch } from './cli.dispatcher';

// `fulcrum` command line (see `fulcrum help`).
const cwd = process.cwd();
dispatch(process.argv.slice(2), {
  readFile: (path) => readFileSync(resolve(cwd, path), 'utf8'),
  openFile: (path) => createReadStream(resolve(cwd, path)),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  cwd,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
