import { execFileSync } from 'node:child_process';
import { cp, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * libphonenumber-js as published, without our patch (patches/): the yardstick of issue 2 is a loop over the
 * library as anyone installs it. A copy of node_modules' package with the patch taken back out by git apply -R.
 * Returns the URL of its `max` entry point, or undefined (with why) when git cannot do it here.
 */
export async function stockLibphonenumber(dir: string): Promise<{ url?: string; why?: string }> {
  const root = resolve(dir, 'stock');
  await rm(root, { recursive: true, force: true });
  await cp('node_modules/libphonenumber-js', join(root, 'node_modules/libphonenumber-js'), { recursive: true });
  const patches = (await readdir('patches')).filter((name) => name.startsWith('libphonenumber-js+'));
  try {
    for (const patch of patches) execFileSync('git', ['apply', '-R', '--unsafe-paths', `--directory=${root}`, '-p1', join('patches', patch)], { stdio: 'pipe' });
  } catch (error) {
    return { why: `could not take the patch back out with git apply -R: ${(error as Error).message.split('\n')[0] ?? ''}` };
  }
  return { url: pathToFileURL(join(root, 'node_modules/libphonenumber-js/max/index.js')).href };
}
