#!/usr/bin/env node
/**
 * Checks platform packages made by scripts/package.mjs:
 *  - every `.node` file in the .vsix is a Node-API addon: its imported symbols name `napi_*`
 *    functions and no V8 or NAN C++ symbol (`_ZN2v8…`, `Nan…`, MSVC `…@v8@@`), so VS Code's
 *    Electron loads it without a rebuild (a NAN addon only loads in the Node it was built for);
 *  - every `.node` file is a prebuild for the package's own target (TargetPlatform in its
 *    manifest): no other platform's, no locally built `build/Release` addon;
 *  - the target's serial addon is there (serial must work on every target), and whether noble
 *    has a binding there (its addon on macOS/Windows, BlueZ over D-Bus on Linux);
 *  - on the machine's own target: the packed serialport and noble load from the unpacked .vsix.
 *
 *   node scripts/check-package.mjs build/nrf-wasm-linux-x64.vsix [...]
 *
 * Symbols: ELF with `nm -D --undefined-only`, Mach-O with `llvm-nm -u`, PE (which has no symbol
 * table for imports) by the import names stored in the file. Prints one line per addon and
 * exits non-zero on the first package that fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TARGETS, hostTarget, prebuildServes } from './package.mjs';

/** V8 / NAN C++ symbols, Itanium (ELF, Mach-O) and MSVC (PE) manglings. */
export const NON_NODE_API = /_ZN2v8|_ZN3Nan|\bNan[A-Z:_]|@v8@@|@Nan@@/;

export function binaryFormat(buf) {
  if (buf.length >= 4 && buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46) return 'ELF';
  const m = buf.length >= 4 ? buf.readUInt32BE(0) : 0;
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(m)) return 'Mach-O';
  if (buf.length >= 2 && buf[0] === 0x4d && buf[1] === 0x5a) return 'PE';
  return 'unknown';
}

function tool(candidates, args, file) {
  for (const c of candidates) {
    try {
      return execFileSync(c, [...args, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      if (e.code !== 'ENOENT') throw new Error(`${c} ${args.join(' ')} ${file}: ${e.stderr || e.message}`);
    }
  }
  throw new Error(`none of ${candidates.join(', ')} is installed (needed to read ${file})`);
}

/** Printable runs of 4+ bytes: PE import names (plain and delay-loaded) are stored like this. */
function stringsOf(buf) {
  return buf.toString('latin1').match(/[\x20-\x7e]{4,}/g) ?? [];
}

/** The addon's imported symbol names. */
export function importedSymbols(file) {
  const buf = readFileSync(file);
  const format = binaryFormat(buf);
  let names;
  if (format === 'ELF') {
    names = tool(['nm'], ['-D', '--undefined-only'], file).split('\n').map((l) => l.trim().split(/\s+/).pop() ?? '');
  } else if (format === 'Mach-O') {
    names = tool(['llvm-nm', 'llvm-nm-14', 'llvm-nm-15', 'llvm-nm-16'], ['-u'], file).split('\n').map((l) => l.trim());
  } else if (format === 'PE') {
    names = stringsOf(buf);
  } else {
    throw new Error(`${file}: not an ELF, Mach-O or PE file`);
  }
  return { format, names: names.filter(Boolean) };
}

/** Node-API only: imports napi_* and nothing of V8 or NAN. */
export function nodeApiVerdict(file) {
  const { format, names } = importedSymbols(file);
  const bad = names.filter((n) => NON_NODE_API.test(n));
  const napi = names.filter((n) => /(^|_)napi_/.test(n)).length;
  return { format, napi, bad, ok: bad.length === 0 && napi > 0 };
}

function unzipList(vsix) {
  return execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n').filter(Boolean);
}

function unzipRead(vsix, entry) {
  return execFileSync('unzip', ['-p', vsix, entry], { maxBuffer: 256 << 20 });
}

export function checkPackage(vsix, log = console.log) {
  const entries = unzipList(vsix);
  const manifest = unzipRead(vsix, 'extension.vsixmanifest').toString('utf8');
  const target = /TargetPlatform="([^"]+)"/.exec(manifest)?.[1];
  if (!target) throw new Error(`${vsix}: no TargetPlatform in its manifest: not a platform package (use scripts/package.mjs)`);
  if (!TARGETS[target]) throw new Error(`${vsix}: unknown target ${target}`);
  const natives = entries.filter((e) => e.endsWith('.node'));
  const problems = [];
  const dir = mkdtempSync(join(tmpdir(), 'nrfw-vsix-'));
  try {
    for (const entry of natives) {
      const rel = entry.replace(/^extension\/dist\//, '');
      if (!prebuildServes(rel, target)) problems.push(`${entry}: not a ${target} prebuild`);
      const file = join(dir, basename(entry).replace(/[^\w.+-]/g, '_'));
      writeFileSync(file, unzipRead(vsix, entry));
      const v = nodeApiVerdict(file);
      if (!v.ok) {
        problems.push(`${entry}: ${v.format}, ${v.napi} napi_ imports, V8/NAN symbols: ${v.bad.slice(0, 3).join(' ') || 'none'}`);
      }
      log(`  ${v.ok ? 'ok  ' : 'FAIL'} ${rel} (${v.format}, ${v.napi} napi_ imports, ${v.bad.length} V8/NAN symbols)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!natives.some((e) => e.includes('@serialport/bindings-cpp/prebuilds/'))) problems.push(`no serialport prebuild for ${target}: serial would not work`);
  // Bluetooth LE: noble's addon on macOS/Windows, BlueZ over D-Bus (pure JavaScript) on Linux.
  const os = target.split('-')[0];
  const ble = os === 'darwin' || os === 'win32'
    ? natives.some((e) => e.includes('@stoprocent/noble/prebuilds/'))
    : entries.includes('extension/dist/node_modules/dbus-next/index.js') && entries.includes('extension/dist/node_modules/@stoprocent/noble/lib/dbus/bindings.js');
  if (target === hostTarget()) problems.push(...loadsHere(vsix, log));
  return { target, natives: natives.length, ble, problems };
}

/**
 * On the package's own platform: the packed modules load from the unpacked package in a fresh
 * Node (serialport's addon; noble with the binding the extension picks, built but not started).
 */
function loadsHere(vsix, log) {
  const dir = mkdtempSync(join(tmpdir(), 'nrfw-vsix-load-'));
  try {
    execFileSync('unzip', ['-q', vsix, 'extension/*', '-d', dir]);
    const ext = join(dir, 'extension');
    const script = `
      const { createRequire } = require('node:module');
      const req = createRequire(${JSON.stringify(join(ext, 'dist', 'extension.js'))}); // as the bundles resolve
      const { SerialPort } = req('serialport');
      if (typeof SerialPort !== 'function') throw new Error('serialport did not load');
      const os = process.platform;
      const withBindings = req('@stoprocent/noble/lib/resolve-bindings');
      const noble = withBindings(os === 'linux' ? 'dbus' : 'default');
      if (typeof noble.startScanningAsync !== 'function') throw new Error('noble did not load');
      console.log('loaded: serialport, noble (' + (os === 'linux' ? 'dbus' : 'default') + ' binding)');`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    log(`  ok   ${out.trim()} from the unpacked package`);
    return [];
  } catch (e) {
    return [`the packed modules do not load on this machine: ${(e.stderr || e.message).toString().trim().split('\n').slice(-3).join(' ')}`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(files) {
  if (files.length === 0) throw new Error('usage: check-package.mjs PACKAGE.vsix [...]');
  let failed = 0;
  for (const f of files) {
    console.log(`check-package: ${f}`);
    const r = checkPackage(f);
    for (const p of r.problems) console.log(`  problem: ${p}`);
    const verdict = r.problems.length === 0 ? 'passed' : 'FAILED';
    console.log(`check-package: ${basename(f)} ${verdict}: target ${r.target}, ${r.natives} native files, all Node-API and for ${r.target} only${r.ble ? '' : '; Bluetooth LE unavailable on this target (no noble binding for it)'}`);
    if (r.problems.length) failed++;
  }
  if (failed) process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`check-package: ${e.message}`);
    process.exit(1);
  }
}
