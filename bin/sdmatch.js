#!/usr/bin/env node
// The CLI runs from one script that esbuild bundles (npm run bundle, committed in lib/), dependencies
// included: loading dist/'s ~150 modules and the dependencies' files one by one costs Node about
// 70 ms of start-up on every command. load-cli.js compiles it with V8's code cache when it can. The
// library (package "exports") is lib/index.mjs.
'use strict';
const { runCommand } = require('./load-cli.js');

// a folder deleted under the shell: yargs (and relative paths) need process.cwd(), which then throws
// ENOENT with a stack trace; one line and exit 2 instead (bad input, review 21 F10)
let cwdError = null;
try {
  process.cwd();
} catch (e) {
  cwdError = e;
}
if (cwdError) {
  process.stderr.write(`sdmatch: cannot read the current folder (${cwdError.code || cwdError.message}): it was probably deleted; cd to a folder that exists\n`);
  process.exitCode = 2;
} else {
  runCommand(process.argv.slice(2)).then(({ code, saveCodeCache }) => {
    process.exitCode = code;
    saveCodeCache(code);
  });
}
