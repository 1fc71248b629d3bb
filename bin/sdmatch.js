#!/usr/bin/env node
// The CLI runs from one module that esbuild bundles (npm run bundle, committed in lib/), dependencies
// included: loading dist/'s ~150 modules and the dependencies' files one by one costs Node about
// 70 ms of start-up on every command. The library (package "exports") is lib/index.mjs.
import { main } from '../lib/cli.mjs';

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
