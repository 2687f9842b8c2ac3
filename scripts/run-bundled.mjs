/**
 * `node scripts/run-bundled.mjs <script.ts> [args…]`: runs a TypeScript command-line script as
 * one JavaScript file bundled by esbuild, in a process of its own, instead of through tsx.
 *
 * Why: tsx's compiling loader (the compiled modules and their source maps) costs about 70 MB
 * of a process that imports the CRM's modules before it reads a byte of its input. `npm run
 * import` is the command whose peak memory matters (a million-row file must fit beside the
 * database on a small machine), so it runs this way. Packages stay outside the bundle
 * (loaded from node_modules as usual); `import.meta.dirname` keeps meaning the folder of the
 * source file it is written in, so paths relative to the sources still hold.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-bundled.mjs <script.ts> [args…]');
  process.exit(2);
}
const outdir = path.join(root, 'node_modules/.cache/cohort-bundles');
await mkdir(outdir, { recursive: true });
// A file of this run's own (two imports at once must not read each other's half-written bundle), removed after.
const outfile = path.join(outdir, `${path.basename(entry, path.extname(entry))}-${process.pid}.mjs`);

/** Each source's own folder for `import.meta.dirname`, as when it runs unbundled. */
const ownDirname = {
  name: 'own-dirname',
  setup(on) {
    on.onLoad({ filter: /\.[cm]?ts$/ }, async ({ path: file }) => ({
      contents: (await readFile(file, 'utf8')).replaceAll('import.meta.dirname', JSON.stringify(path.dirname(file))),
      loader: 'ts',
    }));
  },
};

await build({
  entryPoints: [path.resolve(root, entry)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  // No source maps: Node would hold them in memory; the bundle is plain, unminified JavaScript.
  logLevel: 'warning',
  plugins: [ownDirname],
});

// Node's own options given to this launcher (package.json sets the import's heap sizes) apply to the script.
const child = spawn(process.execPath, [...process.execArgv, outfile, ...args], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', async (code, signal) => {
  await rm(outfile, { force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
