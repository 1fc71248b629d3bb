#!/usr/bin/env node
// The CLI runs from one module that esbuild bundles at build time (npm run build), dependencies
// included: loading dist/'s ~150 modules and the dependencies' files one by one costs Node about
// 70 ms of start-up on every command. The library (package "exports") stays dist/index.js.
import { main } from '../dist/cli.bundle.mjs';

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
