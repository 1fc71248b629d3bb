// `prepare`: build dist/ before the package is packed or installed from git.
// npm runs a git dependency's prepare in its clone, but for a global install (`npm install -g git+URL`)
// it installs the clone globally too, so its devDependencies (the compiler, the bundler) are never
// there: install them into the clone first, without scripts (which would run this again).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/.bin/tsc') || !existsSync('node_modules/.bin/esbuild')) {
  execSync('npm install --no-save --global=false --include=dev --ignore-scripts --no-audit --no-fund', { stdio: 'inherit' });
}
execSync('npm run build', { stdio: 'inherit' });
