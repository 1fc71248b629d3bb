#!/usr/bin/env node
// The CLI runs from one script that esbuild bundles (npm run bundle, committed in lib/), dependencies
// included: loading dist/'s ~150 modules and the dependencies' files one by one costs Node about
// 70 ms of start-up on every command. load-cli.js compiles it with V8's code cache when it can. The
// library (package "exports") is lib/index.mjs.
'use strict';
const { runCommand } = require('./load-cli.js');

runCommand(process.argv.slice(2)).then(({ code, saveCodeCache }) => {
  process.exitCode = code;
  saveCodeCache(code);
});
