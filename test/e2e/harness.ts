/**
 * End-to-end harness: a real VS Code (code-server 4.100.3 = VS Code 1.100, installed by
 * test/e2e/setup) on loopback, the packaged .vsix installed into it, and Debian's Chromium driven
 * by playwright-core. Helpers drive the workbench the way a person does: command palette, quick
 * open, keyboard, and read what is on screen.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CODE_SERVER = path.join(ROOT, 'build/e2e/code-server/node_modules/code-server/out/node/entry.js');
export const RUN_DIR = path.join(ROOT, 'build/e2e/run');
export const RESULTS = path.join(ROOT, 'test-results/e2e');
/** The .vsix under test: E2E_VSIX, else what `npm run package` writes. */
export const VSIX = process.env.E2E_VSIX ? path.resolve(process.env.E2E_VSIX) : path.join(ROOT, 'build/nrf-wasm.vsix');

export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];

export function log(msg: string): void {
  process.stdout.write(`e2e: ${msg}\n`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export function freshDir(p: string): string {
  rmSync(p, { recursive: true, force: true });
  mkdirSync(p, { recursive: true });
  return p;
}

/** Files under `dir` (recursively) whose name matches. */
export function findFiles(dir: string, name: RegExp): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...findFiles(p, name));
    else if (name.test(e)) out.push(p);
  }
  return out;
}

export interface CodeServerDirs {
  userData: string;
  extensions: string;
}

export function codeServerArgs(dirs: CodeServerDirs): string[] {
  return ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'];
}

/** `code-server --install-extension x.vsix`; returns its output. */
export function installExtension(dirs: CodeServerDirs, vsix: string): string {
  return execFileSync(process.execPath, [CODE_SERVER, ...codeServerArgs(dirs), '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface CodeServer {
  url: string;
  proc: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

export async function startCodeServer(dirs: CodeServerDirs, workspace: string): Promise<CodeServer> {
  const port = await freePort();
  const config = path.join(RUN_DIR, 'code-server.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const proc = spawn(process.execPath, [CODE_SERVER, ...codeServerArgs(dirs), '--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--ignore-last-opened', workspace], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DONT_PROMPT_WSL_INSTALL: '1' },
  });
  const output: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${output.join('')}`)), 60_000);
    const onData = (d: Buffer) => {
      output.push(d.toString());
      const m = /HTTP server listening on (http:\/\/[^\s]+)/.exec(output.join(''));
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`code-server exited (${code}):\n${output.join('')}`)));
  });
  return {
    url,
    proc,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export async function launchBrowser(profileDir: string): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!executablePath) throw new Error('Chromium is not installed: run "npm run e2e:setup" (it installs Debian\'s chromium).');
  return chromium.launchPersistentContext(freshDir(profileDir), {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS.filter((f) => f !== '--headless'), // playwright adds its own headless flag
    viewport: { width: 1400, height: 900 },
  });
}

// ---- the workbench ----------------------------------------------------------------------------

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${path.relative(ROOT, file)}`);
  return file;
}

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 90_000 });
  await page.waitForSelector('.statusbar', { timeout: 30_000 });
  // Let the first layout and the extension host settle.
  await page.waitForTimeout(1500);
}

/** Runs a command from the command palette by its title (as shown, e.g. "nRF WASM: Build ..."). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await closeQuickInput(page);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

export async function closeQuickInput(page: Page): Promise<void> {
  if (await page.locator('.quick-input-widget').isVisible().catch(() => false)) await page.keyboard.press('Escape');
}

/**
 * Quick Open (Ctrl+P) a file of the workspace by name. On a loaded machine the file search can
 * take a while: after 20 s the file is opened from the Explorer instead (top-level files only).
 */
export async function openFile(page: Page, name: string): Promise<void> {
  await closeQuickInput(page);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(name);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  if (await row.waitFor({ state: 'visible', timeout: 20_000 }).then(() => true, () => false)) await row.click();
  else {
    log(`quick open did not list ${name} within 20 s: opening it from the Explorer`);
    await closeQuickInput(page);
    await runCommand(page, 'View: Show Explorer');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }).first().click({ timeout: 15_000 });
  }
  // With two editor groups, each may show an active tab: any of them naming the file will do.
  await page.locator(`.tabs-container .tab.active`, { hasText: name }).first().waitFor({ timeout: 15_000 });
}

/** Moves the cursor to a 1-based line of the active editor (Quick Open ":line"). */
export async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}`);
  await page.waitForTimeout(200);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(200);
}

export async function statusBarTexts(page: Page): Promise<string[]> {
  return page.locator('.statusbar .statusbar-item').allInnerTexts();
}
