// Runs before `npm start` and `npm test`: a fresh clone installs its npm packages (npm ci) by itself,
// and again whenever package-lock.json has changed since the last install. Plain Node: nothing is installed yet.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// The service, then the console (web/, its own package and lock file).
for (const dir of [root, join(root, 'web')]) {
  const installed = join(dir, 'node_modules', '.package-lock.json');
  const lock = join(dir, 'package-lock.json');
  const stale = !existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs;
  if (stale) {
    console.log(`[deps] installing npm packages in ${dir === root ? '.' : 'web/'} (npm ci)`);
    const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error('[deps] npm ci failed');
      process.exit(result.status ?? 1);
    }
  }
}
