/**
 * Builds the C (and Rust) programs the DWARF scenarios debug, with Debian's compilers, into
 * build/test-dwarf/. Each returns the .wasm path, or why it cannot (a missing compiler): the
 * tests then print one `skipped: <why>` line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'build', 'test-dwarf');

export type Built = { wasm: string } | { skip: string };

/** The C flags of examples/c-blink/Makefile (`opt`: the optimisation level, -O0 there). */
export function buildC(source: string, name: string, opt = '-O0'): Built {
  mkdirSync(OUT, { recursive: true });
  const wasm = path.join(OUT, `${name}.wasm`);
  const args = ['--target=wasm32-wasi', '-g', opt, `-I${path.join(ROOT, 'sdk/c')}`, '-nostartfiles', '-Wl,--no-entry', '-Wl,--export=main',
    '-Wl,-z,stack-size=8192', '-Wl,--initial-memory=65536', '-o', wasm, path.resolve(source)];
  const r = spawnSync('clang', args, { encoding: 'utf8' });
  if (r.error) return { skip: 'clang not installed (Debian: apt install clang lld wasi-libc)' };
  if (r.status !== 0) return { skip: `clang cannot build wasm32-wasi here (Debian: apt install lld wasi-libc): ${r.stderr.split('\n')[0]}` };
  return { wasm };
}

/** C++ with the same flags, no C++ library (-nostdlib++: Debian has no wasm32 libc++), no exceptions or RTTI. */
export function buildCpp(source: string, name: string): Built {
  mkdirSync(OUT, { recursive: true });
  const wasm = path.join(OUT, `${name}.wasm`);
  const args = ['--target=wasm32-wasi', '-g', '-O0', '-fno-exceptions', '-fno-rtti', `-I${path.join(ROOT, 'sdk/c')}`, '-nostartfiles', '-nostdlib++',
    '-Wl,--no-entry', '-Wl,--export=main', '-Wl,-z,stack-size=8192', '-Wl,--initial-memory=65536', '-o', wasm, path.resolve(source)];
  const r = spawnSync('clang++', args, { encoding: 'utf8' });
  if (r.error) return { skip: 'clang++ not installed (Debian: apt install clang lld wasi-libc)' };
  if (r.status !== 0) return { skip: `clang++ cannot build wasm32-wasi here (Debian: apt install lld wasi-libc): ${r.stderr.split('\n')[0]}` };
  return { wasm };
}

/** Debian's rustc with the wasm32 standard library (libstd-rust-dev-wasm32); a rustup rustc earlier on PATH may lack it. */
export function rustc(): string | undefined {
  for (const c of ['/usr/bin/rustc', 'rustc']) {
    const r = spawnSync(c, ['--print', 'sysroot'], { encoding: 'utf8' });
    if (r.status === 0 && existsSync(path.join(r.stdout.trim(), 'lib/rustlib/wasm32-unknown-unknown'))) return c;
  }
  return undefined;
}

export function buildRust(source: string, name: string): Built {
  const rc = rustc();
  if (!rc) return { skip: 'no rustc with the wasm32-unknown-unknown target (Debian: apt install rustc libstd-rust-dev-wasm32)' };
  mkdirSync(OUT, { recursive: true });
  const wasm = path.join(OUT, `${name}.wasm`);
  const r = spawnSync(rc, ['--target', 'wasm32-unknown-unknown', '--crate-type', 'cdylib', '-g', '-C', 'opt-level=0', '-C', 'panic=abort', '-o', wasm, path.resolve(source)], { encoding: 'utf8' });
  if (r.status !== 0) return { skip: `rustc failed: ${(r.stderr || String(r.error)).split('\n')[0]}` };
  return { wasm };
}
