#!/usr/bin/env node
/**
 * Platform-specific packages: `vsce package --target <t>` per VS Code target, each carrying only
 * the native files of its own platform (serialport's and noble's Node-API prebuilds).
 *
 *   node scripts/package.mjs                 the machine's own target (build/nrf-wasm-<t>.vsix),
 *                                            also copied to build/nrf-wasm.vsix
 *   node scripts/package.mjs --target linux-arm64 [--target ...]
 *   node scripts/package.mjs --all           every target in TARGETS
 *   --no-build                               package dist/ as it is
 *
 * Each target is staged in build/stage/<t>: what .vscodeignore lets through of the extension
 * (package.json without its dependency lists, dist, syntaxes, media, examples, README...) plus
 * the runtime files of the native modules the bundles keep external (serialport, noble,
 * dbus-next and what they need: their JavaScript, and the prebuilt `.node` files for that target
 * only) under dist/node_modules, where the bundles' `require` finds them first. vsce then packs
 * the stage as it is (--no-dependencies). Pruning by .vscodeignore patterns instead does not
 * work (vsce applies them in no order: any `!` match wins) and is slow (every file of the
 * dependency tree against every pattern). scripts/check-package.mjs verifies the result.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'build');

/**
 * VS Code targets -> the prebuild directories (node-gyp-build's `<platform>-<arch>` names) and
 * libc that serve them. darwin prebuilds come as one universal `darwin-x64+arm64` directory.
 */
export const TARGETS = {
  'linux-x64': { dirs: ['linux-x64'], libc: 'glibc' },
  'linux-arm64': { dirs: ['linux-arm64'], libc: 'glibc' },
  'linux-armhf': { dirs: ['linux-arm'], libc: 'glibc' },
  'alpine-x64': { dirs: ['linux-x64'], libc: 'musl' },
  'alpine-arm64': { dirs: ['linux-arm64'], libc: 'musl' },
  'darwin-x64': { dirs: ['darwin-x64', 'darwin-x64+arm64'] },
  'darwin-arm64': { dirs: ['darwin-arm64', 'darwin-x64+arm64'] },
  'win32-x64': { dirs: ['win32-x64'] },
  'win32-arm64': { dirs: ['win32-arm64'] },
};

/** Native modules the bundles load at run time (esbuild --external), from node_modules. */
const RUNTIME_ROOTS = ['serialport', '@stoprocent/noble', 'dbus-next'];
/**
 * Dependencies never needed at run time: build tools and headers (patch-package,
 * node-addon-api), and drivers we do not use (the HCI socket's UART and USB drivers: usb,
 * async, its own older serialport; dbus-next's usocket, a NAN addon for abstract sockets).
 */
const SKIP = new Set(['patch-package', 'node-addon-api', 'usb', 'usocket', 'async']);
const SKIP_UNDER = { '@stoprocent/bluetooth-hci-socket': new Set(['serialport']) };
/** Directories inside a package that never ship. */
const SKIP_DIRS = new Set(['test', 'tests', 'examples', 'example', 'docs', 'doc', 'build', 'patches', 'assets', '.github', 'benchmark', 'node_modules']);
const JS_FILE = /\.(c?js|mjs|json)$/;
/**
 * Addons that only one OS loads: noble's own addon is its macOS/Windows binding (its Linux
 * prebuild is an empty placeholder); the HCI socket is the Linux raw-HCI binding
 * (NOBLE_BINDINGS=hci). Elsewhere their prebuilds are dead weight and are left out.
 */
const NATIVE_OS = { '@stoprocent/noble': ['darwin', 'win32'], '@stoprocent/bluetooth-hci-socket': ['linux', 'alpine'] };

/** The machine's own VS Code target. */
export function hostTarget() {
  const libc = process.report?.getReport?.().header?.glibcVersionRuntime ? 'glibc' : 'musl';
  const arch = process.arch === 'arm' ? 'armhf' : process.arch;
  if (process.platform === 'linux') return `${libc === 'musl' ? 'alpine' : 'linux'}-${arch}`;
  return `${process.platform}-${arch}`;
}

/** node's module lookup from a package directory: nested node_modules first, then upwards. */
function resolvePackage(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === ROOT || dirname(dir) === dir) return undefined;
  }
}

/** The runtime packages (directories) of RUNTIME_ROOTS and what they depend on. */
function runtimeClosure() {
  const seen = new Map(); // dir -> name
  const visit = (name, fromDir, parent) => {
    if (SKIP.has(name) || SKIP_UNDER[parent]?.has(name)) return;
    const dir = resolvePackage(name, fromDir);
    if (!dir) return; // an optional dependency that is not installed here
    if (seen.has(dir)) return;
    seen.set(dir, name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})]) {
      visit(dep, dir, name);
    }
  };
  for (const r of RUNTIME_ROOTS) visit(r, ROOT, '');
  return seen;
}

/** Whether a prebuilt `.node` serves `target` (by its directory and libc tag). */
export function prebuildServes(relPath, target) {
  const t = TARGETS[target];
  const parts = relPath.split(/[\\/]/);
  const i = parts.lastIndexOf('prebuilds');
  if (i < 0 || i + 2 >= parts.length) return false;
  if (!t.dirs.includes(parts[i + 1])) return false;
  // node-gyp-build's rule: a libc-tagged file serves that libc only, an untagged one both.
  const file = parts[parts.length - 1];
  if (t.libc === 'musl') return !/\.glibc\./.test(file);
  if (t.libc === 'glibc') return !/\.musl\./.test(file);
  return true;
}

/** The files of one package to ship for `target`, relative to ROOT. */
function packageFiles(dir, name, target) {
  const out = [];
  const os = target.split('-')[0];
  const nativeHere = !NATIVE_OS[name] || NATIVE_OS[name].includes(os);
  const walk = (d, depth) => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      const st = statSync(p);
      const rel = relative(ROOT, p).split(sep).join('/');
      if (st.isDirectory()) {
        if (entry === 'prebuilds' && depth === 0) {
          walkPrebuilds(p);
        } else if (!SKIP_DIRS.has(entry) && !entry.startsWith('.')) {
          walk(p, depth + 1);
        }
      } else if (JS_FILE.test(entry) && !entry.endsWith('.d.ts')) {
        out.push(rel);
      } else if (entry === 'LICENSE' || entry === 'LICENSE.md' || entry === 'LICENSE.txt') {
        out.push(rel);
      }
    }
  };
  const walkPrebuilds = (d) => {
    for (const entry of readdirSync(d, { recursive: true })) {
      const rel = relative(ROOT, join(d, entry)).split(sep).join('/');
      if (rel.endsWith('.node') && nativeHere && prebuildServes(rel, target)) out.push(rel);
    }
  };
  walk(dir, 0);
  return out;
}

/** The runtime files of the native modules for `target`, relative to ROOT (node_modules/...). */
export function runtimeFiles(target) {
  const files = [];
  for (const [dir, name] of [...runtimeClosure()].sort()) files.push(...packageFiles(dir, name, target));
  return files;
}

/** The extension's own files: what the repository's .vscodeignore allowlist lets through. */
const OWN = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist', 'syntaxes', 'media/icon.png', 'examples', 'sdk'];
/**
 * Files the package takes from elsewhere in the repository: its details page is the user's
 * README (docs/user-readme.md), not the repository's README.md, which is for developers and
 * links to files the package does not carry.
 */
export const PACKAGED_FROM = { 'README.md': 'docs/user-readme.md' };

function stage(target) {
  const dir = join(OUT, 'stage', target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of OWN) {
    const from = join(ROOT, PACKAGED_FROM[f] ?? f);
    if (!existsSync(from)) throw new Error(`${f} is missing (run npm run build)`);
    cpSync(from, join(dir, f), {
      recursive: true,
      // The C/Rust examples' build outputs are the user's to make (Rust's carries megabytes of DWARF).
      filter: (src) => !src.endsWith('.map') && !src.includes(`${sep}node_modules${sep}`) && !(f === 'syntaxes' && statSync(src).isFile() && !src.endsWith('.json'))
        && !(f === 'examples' && src.endsWith('.wasm')),
    });
  }
  // The modules are staged, not installed: no dependency lists for vsce to resolve.
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const k of ['dependencies', 'optionalDependencies', 'devDependencies', 'allowScripts']) delete pkg[k];
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  for (const f of runtimeFiles(target)) {
    const to = join(dir, 'dist', f);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(ROOT, f), to);
  }
  writeFileSync(join(dir, '.vscodeignore'), '**/*.map\n**/*.d.ts\n');
  return dir;
}

function main(argv) {
  const targets = [];
  let build = true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--target') targets.push(argv[++i]);
    else if (argv[i] === '--all') targets.push(...Object.keys(TARGETS));
    else if (argv[i] === '--no-build') build = false;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  const host = hostTarget();
  if (targets.length === 0) targets.push(host);
  for (const t of targets) if (!TARGETS[t]) throw new Error(`unknown target ${t} (known: ${Object.keys(TARGETS).join(', ')})`);
  mkdirSync(OUT, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (build) execFileSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const vsce = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
  for (const t of targets) {
    const dir = stage(t);
    const out = join(OUT, `nrf-wasm-${t}.vsix`);
    execFileSync(vsce, ['package', '--target', t, '--no-dependencies', '--allow-missing-repository',
      '--no-rewrite-relative-links', '--out', out], { cwd: dir, stdio: 'inherit' });
    if (t === host) copyFileSync(out, join(OUT, 'nrf-wasm.vsix'));
    rmSync(dir, { recursive: true, force: true });
    console.log(`package: ${relative(ROOT, out)}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`package: ${e.message}`);
    process.exit(1);
  }
}
