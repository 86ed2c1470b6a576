/**
 * End-to-end test in a real VS Code (code-server 4.100.3 = VS Code 1.100) with the packaged
 * .vsix installed, driven through headless Chromium. NOT part of `npm test` (it needs
 * `npm run e2e:setup` and ~2 minutes); run it with `npm run e2e`.
 *
 *   1. the .vsix installs with `code-server --install-extension`
 *   2. the workbench opens the examples workspace (a copy of examples/ plus test/e2e/fixtures/)
 *   3. a .wat opens with our language (WebAssembly Text), the status bar shows the device
 *   4. the extension activated, with no error in its log nor in the extension host's log
 *   5. "nRF WASM: Build" writes .wasm + .wasm.map
 *   6. "Deploy to Device" uploads to the simulator (started by the extension) and reports the
 *      module's SHA-256 and the time; "Run without Debugging" runs it, the device log shows it
 *   7. a breakpoint, F5 with no launch.json: the session stops on that line and the Variables view
 *      shows the function's locals (needs dist/debug-adapter.js: fails with a clear message
 *      until the debug adapter is built)
 *   8. while stopped: "Show Memory" (Variables view) opens our hex dump of the linear memory, with
 *      no other extension and no network; the editor's context menu opens the Disassembly view,
 *      which shows `$names` and starts with an instruction, not empty rows
 *   9. Select Device takes a typed serial port path and marks the device in use
 *  10. F5 on that (absent) port: a notification with Select Device / Show Device Log / Retry and
 *      no modal; Select Device -> Simulator retries and stops on the breakpoint
 *  11. F5 on a .wat that does not build: the error in the Problems view, the editor on it, no modal
 *  12. typing `local.get ` opens the completion list by itself
 *  13. C: F5 on examples/c-blink/main.c (no launch.json) runs make, stops at a breakpoint in main.c
 *      and shows the struct in Variables (test/e2e/c-source.ts)
 *
 * Screenshots: test-results/e2e/*.png. Environment: E2E_SKIP_PACKAGE=1 uses build/nrf-wasm.vsix
 * as it is (otherwise `npm run package` makes it); E2E_VSIX=path tests another .vsix;
 * E2E_FAKE_ADAPTER=1 swaps in a fake debug adapter to check the harness itself (never in CI).
 */
import { execSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import {
  CODE_SERVER, RESULTS, ROOT, RUN_DIR, VSIX, findFiles, freshDir, goToLine, installExtension, launchBrowser, log,
  openFile, runCommand, screenshot, startCodeServer, statusBarTexts, waitForWorkbench,
} from './harness';
import { cSourceDebugging, useDwarfEngineFromNpm } from './c-source';

const FIXTURES = path.join(ROOT, 'test/e2e/fixtures');
const FIXTURE = path.join(FIXTURES, 'e2e.wat');
const EXTENSION_ID = 'nrf-wasm.nrf-wasm';
/** Harness self-check: replace the installed adapter by test/e2e/fake-debug-adapter.ts. */
const FAKE_ADAPTER = process.env.E2E_FAKE_ADAPTER === '1';

interface Result {
  name: string;
  ok: boolean;
  error?: string;
}
const results: Result[] = [];

async function step(page: Page | undefined, name: string, fn: () => Promise<void>): Promise<boolean> {
  log(`step: ${name}`);
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    log(`  ok (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return true;
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    results.push({ name, ok: false, error: msg });
    log(`  FAILED: ${msg}`);
    if (page) await screenshot(page, `failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => undefined);
    return false;
  }
}

function check(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

function ensureVsix(): void {
  if (process.env.E2E_SKIP_PACKAGE === '1' || process.env.E2E_VSIX) {
    check(existsSync(VSIX), `${VSIX} does not exist; run "npm run package" (or unset E2E_SKIP_PACKAGE)`);
    log(`using the existing ${path.relative(ROOT, VSIX)}`);
    return;
  }
  log('packaging the extension (npm run package)');
  execSync('npm run package', { cwd: ROOT, stdio: 'inherit' });
}

function prepareWorkspace(ws: string, userData: string): void {
  freshDir(ws);
  const examples = path.join(ROOT, 'examples');
  if (existsSync(examples)) cpSync(examples, ws, { recursive: true });
  else log('examples/ does not exist yet: the workspace holds only the e2e fixture');
  for (const f of ['e2e.wat', 'broken.wat', 'typing.wat']) cpSync(path.join(FIXTURES, f), path.join(ws, f));
  // Quiet workbench: no welcome page, no trust prompt, no tips.
  const user = path.join(userData, 'User');
  mkdirSync(user, { recursive: true });
  writeFileSync(path.join(user, 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'workbench.enableExperiments': false,
    'debug.openDebug': 'openOnDebugBreak',
    'debug.toolBarLocation': 'floating',
    'window.commandCenter': false,
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'remote.autoForwardPorts': false,
    // Its overlay sits on the editor's first lines and takes the clicks meant for them.
    'editor.stickyScroll.enabled': false,
  }, null, 2));
}

/** The line (1-based) of the fixture marked `;; BREAK`. */
function breakLine(): number {
  return readFileSync(FIXTURE, 'utf8').split('\n').findIndex((l) => l.includes(';; BREAK')) + 1;
}

async function main(): Promise<number> {
  check(existsSync(CODE_SERVER), `code-server is not installed at ${CODE_SERVER}: run "npm run e2e:setup" first`);
  freshDir(RESULTS);
  freshDir(RUN_DIR);
  const dirs = { userData: path.join(RUN_DIR, 'user-data'), extensions: path.join(RUN_DIR, 'extensions') };
  const workspace = path.join(RUN_DIR, 'workspace');

  let ok = await step(undefined, 'package and install the vsix', async () => {
    ensureVsix();
    const kb = statSync(VSIX).size / 1024;
    log(`vsix ${path.relative(ROOT, VSIX)}: ${kb.toFixed(0)} KB`);
    const out = installExtension(dirs, VSIX);
    check(/successfully installed/i.test(out), `--install-extension did not succeed:\n${out}`);
    check(readdirSync(dirs.extensions).some((d) => d.startsWith(EXTENSION_ID)), `no ${EXTENSION_ID}* in ${dirs.extensions}`);
    if (FAKE_ADAPTER) {
      const dir = readdirSync(dirs.extensions).find((d) => d.startsWith(EXTENSION_ID))!;
      const out = path.join(dirs.extensions, dir, 'dist/debug-adapter.js');
      execSync(`npx esbuild test/e2e/fake-debug-adapter.ts --bundle --platform=node --target=node20 --format=cjs --log-level=warning --outfile=${JSON.stringify(out)}`, { cwd: ROOT, stdio: 'inherit' });
      log('E2E_FAKE_ADAPTER=1: the installed extension runs a FAKE debug adapter (harness self-check only)');
    }
  });
  if (!ok) return summary();

  prepareWorkspace(workspace, dirs.userData);
  /** Is this file part of the installed extension? */
  const installed = (rel: string) => readdirSync(dirs.extensions).some((d) => d.startsWith(EXTENSION_ID) && existsSync(path.join(dirs.extensions, d, rel)));
  useDwarfEngineFromNpm();
  const server = await startCodeServer(dirs, workspace);
  log(`code-server at ${server.url}`);
  const browser = await launchBrowser(path.join(RUN_DIR, 'chromium-profile'));
  const page = browser.pages()[0] ?? (await browser.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    let stopped = false;
    ok = await step(page, 'the workbench opens the workspace', async () => {
      await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
      await waitForWorkbench(page);
      await screenshot(page, '01-workbench');
    });
    if (!ok) return summary();

    await step(page, 'a .wat opens as WebAssembly Text with the device in the status bar', async () => {
      await openFile(page, 'e2e.wat');
      await page.locator('.statusbar-item', { hasText: 'WebAssembly Text' }).waitFor({ timeout: 30_000 });
      // Syntax colouring from our grammar: the keyword "module" gets a token class of its own.
      await page.locator('.view-line span', { hasText: 'module' }).first().waitFor({ timeout: 10_000 });
      await page.locator('.statusbar-item', { hasText: 'Simulator' }).first().waitFor({ timeout: 30_000 });
      await screenshot(page, '02-wat-open');
    });

    await step(page, 'the extension activated without errors in its log', async () => {
      const logs = path.join(dirs.userData, 'logs');
      let ours: string[] = [];
      for (let i = 0; i < 40 && ours.length === 0; i++) {
        ours = findFiles(logs, /nRF WASM\.log$/).filter((f) => !/Device/.test(path.basename(f)));
        if (!ours.length) await page.waitForTimeout(500);
      }
      check(ours.length, `no "nRF WASM" log channel file under ${logs}: the extension did not activate`);
      let text = '';
      for (let i = 0; i < 20 && !/nRF WASM activated/.test(text); i++) {
        text = ours.map((f) => readFileSync(f, 'utf8')).join('\n');
        if (!/nRF WASM activated/.test(text)) await page.waitForTimeout(500);
      }
      writeFileSync(path.join(RESULTS, 'nrf-wasm.log'), text);
      check(/nRF WASM activated/.test(text), `the extension's log does not say it activated:\n${text}`);
      check(!/activated without/.test(text), `a part of the extension failed to set up:\n${text}`);
      const errors = text.split('\n').filter((l) => /\[error\]/.test(l));
      check(errors.length === 0, `errors in the extension's log:\n${errors.join('\n')}`);
      const exthost = findFiles(logs, /^(exthost|remoteexthost)\.log$/).map((f) => readFileSync(f, 'utf8')).join('\n');
      const failed = exthost.split('\n').filter((l) => l.includes(EXTENSION_ID) && /error|fail/i.test(l));
      check(failed.length === 0, `the extension host reports problems with ${EXTENSION_ID}:\n${failed.join('\n')}`);
      await runCommand(page, 'Output: Show Output Channels...');
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: /^nRF WASM$/ }).first();
      await row.click({ timeout: 10_000 });
      await page.locator('.output-view, .panel', { hasText: 'nRF WASM activated' }).first().waitFor({ timeout: 10_000 });
      await screenshot(page, '03-extension-log');
    });

    await step(page, 'nRF WASM: Build writes .wasm and .wasm.map', async () => {
      await openFile(page, 'e2e.wat');
      await runCommand(page, 'nRF WASM: Build (WAT to .wasm)');
      const wasm = path.join(workspace, 'e2e.wasm');
      for (let i = 0; i < 40 && !(existsSync(wasm) && existsSync(`${wasm}.map`)); i++) await page.waitForTimeout(250);
      check(existsSync(wasm) && existsSync(`${wasm}.map`), 'e2e.wasm / e2e.wasm.map were not written');
      check(readFileSync(wasm).subarray(0, 4).equals(Buffer.from([0, 0x61, 0x73, 0x6d])), 'e2e.wasm is not a wasm binary');
      await screenshot(page, '04-built');
    });

    await step(page, 'Deploy to Device uploads to the simulator and reports the hash and time', async () => {
      check(installed('dist/simulator.js'), 'dist/simulator.js is not in the .vsix: Deploy to the simulator needs it ("npm run build:simulator").');
      await openFile(page, 'e2e.wat');
      await runCommand(page, 'nRF WASM: Deploy to Device');
      const toast = page.locator('.notification-toast', { hasText: /Deployed e2e\.wasm/ }).first();
      await toast.waitFor({ timeout: 60_000 });
      const text = await toast.innerText();
      // A module of a few hundred bytes: no KB/s figure (it would measure the link's latency).
      check(/Deployed e2e\.wasm \(\d+ B\) to tcp:\/\/127\.0\.0\.1:\d+ in [\d.]+ m?s\. Module SHA-256 [0-9a-f]{16}…/.test(text), `unexpected deploy message: ${text}`);
      await page.locator('.statusbar-item', { hasText: 'Simulator' }).first().waitFor({ timeout: 10_000 });
      await screenshot(page, '05-deployed');
    });

    await step(page, 'Run without Debugging runs it and the device log shows the result', async () => {
      check(installed('dist/simulator.js'), 'dist/simulator.js is not in the .vsix ("npm run build:simulator").');
      await runCommand(page, 'nRF WASM: Run without Debugging');
      // fixture: sum of 0..9 = 45
      await page.locator('.output-view, .panel', { hasText: 'module exited: returned, code 45' }).first().waitFor({ timeout: 60_000 });
      const deviceLog = findFiles(path.join(dirs.userData, 'logs'), /nRF WASM Device\.log$/).map((f) => readFileSync(f, 'utf8')).join('\n');
      writeFileSync(path.join(RESULTS, 'nrf-wasm-device.log'), deviceLog);
      await screenshot(page, '06-run-device-log');
      // The module logs "nrf-wasm e2e" once: the Device Log shows it once (not the simulator's echo too).
      const appLines = deviceLog.split('\n').filter((l) => l.includes('nrf-wasm e2e'));
      check(appLines.length === 1, `the device log should show the module's log line once:\n${appLines.join('\n')}`);
    });

    await step(page, 'F5 stops on a breakpoint with the locals in the Variables view', async () => {
      check(installed('dist/debug-adapter.js'), 'dist/debug-adapter.js is not in the .vsix: this step needs the debug adapter (src/debug-adapter/main.ts, built by "npm run build:adapter"). Everything before it passed.');
      await openFile(page, 'e2e.wat');
      const line = breakLine();
      await goToLine(page, line);
      await runCommand(page, 'Debug: Toggle Breakpoint');
      await page.locator('.monaco-editor .codicon-debug-breakpoint').first().waitFor({ timeout: 10_000 });
      await screenshot(page, '07-breakpoint-set');
      await page.locator('.monaco-editor textarea').first().focus();
      await page.keyboard.press('F5'); // no launch.json: the extension's provider fills in the simulator
      await page.locator('.debug-toolbar').waitFor({ timeout: 60_000 });
      await page.getByText(/paused on breakpoint/i).first().waitFor({ timeout: 60_000 });
      if (process.env.E2E_DUMP) writeFileSync(path.join(RESULTS, 'stopped.html'), await page.content());
      // The editor shows the top frame on the BREAK line.
      const current = page.locator('.monaco-editor .debug-top-stack-frame-line');
      await current.first().waitFor({ timeout: 15_000 });
      // VS Code announces the stop for screen readers: "..., debugging paused , reason breakpoint, e2e.wat:LINE".
      const announced = await page.locator('.monaco-alert', { hasText: /debugging paused/ }).allInnerTexts();
      const activeLine = await page.locator('.monaco-editor .line-numbers.active-line-number').allInnerTexts();
      const vars = page.locator('.debug-variables .monaco-list-row');
      await vars.first().waitFor({ timeout: 15_000 });
      // Expand the Locals scope if it is collapsed.
      const localsScope = vars.filter({ hasText: /^Locals/i }).first();
      if (await localsScope.count()) {
        const expanded = await localsScope.getAttribute('aria-expanded');
        if (expanded === 'false') await localsScope.click();
      }
      await page.locator('.debug-variables .monaco-list-row', { hasText: '$acc' }).first().waitFor({ timeout: 15_000 });
      const rows = await vars.allInnerTexts();
      writeFileSync(path.join(RESULTS, 'variables.txt'), rows.join('\n'));
      await screenshot(page, '08-stopped-on-breakpoint');
      check(rows.some((r) => /\$i\b/.test(r)) && rows.some((r) => /\$acc\b/.test(r)), `the Variables view does not show $i and $acc:\n${rows.join('\n')}`);
      const onLine = announced.some((t) => t.includes(`e2e.wat:${line}`)) || activeLine.some((n) => n.trim() === String(line));
      check(onLine, `not stopped on line ${line}: announced ${JSON.stringify(announced)}, cursor on line ${activeLine.join(',')}`);
      stopped = true;
    });

    if (stopped) await secondHour(page, workspace);
    else log('the session did not stop: the memory, disassembly, device and build-error steps are skipped');
    await cSourceDebugging(page, workspace, step, check);

    if (pageErrors.length) log(`page errors (informational): ${pageErrors.slice(0, 5).join(' | ')}`);
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    writeFileSync(path.join(RESULTS, 'code-server.log'), server.output.join(''));
  }
  return summary();
}

/** No modal dialog is open (VS Code's "Open launch.json" prompt is one). */
async function noModal(page: Page): Promise<void> {
  const dialogs = page.locator('.monaco-dialog-box');
  if (await dialogs.count()) check(false, `a modal dialog is open: ${(await dialogs.allInnerTexts()).join(' | ')}`);
}

async function endSession(page: Page): Promise<void> {
  if (!(await page.locator('.debug-toolbar').isVisible())) return;
  await page.keyboard.press('Shift+F5');
  await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 20_000 }).catch(() => undefined);
}

/** Points 7-10 of issue 15, on the session stopped by the F5 step, then without it. */
async function secondHour(page: Page, workspace: string): Promise<void> {
  await step(page, 'Show Memory (Variables view) opens our memory view, with no other extension', async () => {
    const vars = page.locator('.debug-variables .monaco-list-row');
    const scope = vars.filter({ hasText: /^Memory/ }).first();
    await scope.waitFor({ timeout: 10_000 });
    if ((await scope.getAttribute('aria-expanded')) === 'false') await scope.click();
    const row = vars.filter({ hasText: 'linear memory' }).first();
    await row.waitFor({ timeout: 10_000 });
    check(/64 KiB \(1 page\)/.test(await row.innerText()), `memory row: ${await row.innerText()}`);
    await row.hover();
    const action = row.locator('.action-label[aria-label="Show Memory"]');
    await action.waitFor({ timeout: 10_000 });
    await action.click();
    await page.locator('.tabs-container .tab', { hasText: 'memory.hexdump' }).first().waitFor({ timeout: 15_000 });
    // "nrf-wasm e2e memory" at address 0: its bytes on the first line.
    await page.locator('.monaco-editor .view-line', { hasText: '0x00000000  6e 72 66 2d 77 61 73 6d' }).first().waitFor({ timeout: 15_000 });
    const exts = readdirSync(path.join(RUN_DIR, 'extensions')).filter((d) => !d.startsWith('.') && d !== 'extensions.json');
    check(exts.every((d) => d.startsWith(EXTENSION_ID)), `other extensions are installed: ${exts.join(', ')}`);
    await screenshot(page, '09-memory-view');
    await runCommand(page, 'View: Close All Editor Groups');
  });

  await step(page, 'the editor context menu opens the Disassembly view, with $names and no empty rows first', async () => {
    await openFile(page, 'e2e.wat');
    await goToLine(page, breakLine());
    // Right-click on the line's comment (the mouse, not a locator click: the inline breakpoint
    // markers overlap the line, and a click on one of them opens the breakpoint's menu instead).
    const comment = page.locator('.monaco-editor .view-line span', { hasText: ';; BREAK' }).last();
    const box = await comment.boundingBox();
    check(box, 'the BREAK line is not on screen');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
    const item = page.locator('.context-view .action-label', { hasText: 'Open Disassembly View' }).first();
    await item.waitFor({ timeout: 10_000 });
    await screenshot(page, '10-editor-context-menu');
    await item.click();
    const rows = page.locator('.disassembly-view .monaco-list-row');
    await rows.filter({ hasText: 'local.get $acc' }).first().waitFor({ timeout: 15_000 });
    const texts = await rows.allInnerTexts();
    writeFileSync(path.join(RESULTS, 'disassembly.txt'), texts.join('\n'));
    check(!texts.some((t) => /\b(local\.get|call) \d/.test(t)), `numeric indices in the Disassembly view:\n${texts.join('\n')}`);
    check(texts.some((t) => /call \$log/.test(t)), `no "call $log" in the Disassembly view:\n${texts.join('\n')}`);
    const empty = texts.filter((t) => /^\s*0x[0-9a-f]+\s*$/i.test(t.replace(/\n/g, ' ')));
    check(empty.length === 0, `rows with an address and no instruction:\n${empty.join('\n')}`);
    await screenshot(page, '11-disassembly');
    await endSession(page);
    await runCommand(page, 'View: Close All Editor Groups');
  });

  await step(page, 'Select Device takes a typed serial port path and marks the device in use', async () => {
    await endSession(page); // an earlier step that failed may have left the session running
    await runCommand(page, 'nRF WASM: Select Device…');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    const inUse = page.locator('.quick-input-list .monaco-list-row', { hasText: 'in use' }).first();
    await inUse.waitFor({ timeout: 15_000 });
    check(/Simulator/.test(await inUse.innerText()), `the device in use is not the simulator: ${await inUse.innerText()}`);
    await screenshot(page, '12a-picker-device-in-use');
    await input.fill('/dev/ttyE2E0');
    const typed = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Use serial port /dev/ttyE2E0' }).first();
    await typed.waitFor({ timeout: 10_000 });
    await screenshot(page, '12b-picker-typed-path');
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item', { hasText: 'ttyE2E0' }).first().waitFor({ timeout: 10_000 });
  });

  await step(page, 'F5 on an absent device: Select Device / Show Device Log / Retry, no modal; Select Device retries', async () => {
    await endSession(page); // an earlier step that failed may have left the session running
    await openFile(page, 'e2e.wat');
    await page.locator('.monaco-editor textarea').first().focus();
    await page.keyboard.press('F5');
    const toast = page.locator('.notification-toast', { hasText: /ttyE2E0/ }).first();
    await toast.waitFor({ timeout: 60_000 });
    for (const b of ['Select Device', 'Show Device Log', 'Retry']) await toast.locator('.monaco-button', { hasText: b }).first().waitFor({ timeout: 5_000 });
    await noModal(page);
    await screenshot(page, '13-device-error');
    await toast.locator('.monaco-button', { hasText: 'Select Device' }).first().click();
    const sim = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Simulator' }).first();
    await sim.waitFor({ timeout: 15_000 });
    await sim.click();
    await page.getByText(/paused on breakpoint/i).first().waitFor({ timeout: 60_000 });
    await endSession(page);
  });

  await step(page, 'F5 on a .wat that does not build: the error in Problems and the editor, no modal', async () => {
    await endSession(page); // an earlier step that failed may have left the session running
    await openFile(page, 'broken.wat');
    await page.locator('.monaco-editor textarea').first().focus();
    await page.keyboard.press('F5');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: '$missing' }).first();
    await problem.waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await noModal(page);
    check(!(await page.locator('.debug-toolbar').isVisible()), 'a debug session started for a program that does not build');
    const errLine = readFileSync(path.join(workspace, 'broken.wat'), 'utf8').split('\n').findIndex((l) => l.includes('local.get $missing')) + 1;
    const activeLine = await page.locator('.monaco-editor .line-numbers.active-line-number').allInnerTexts();
    check(activeLine.some((n) => n.trim() === String(errLine)), `the cursor is not on the error (line ${errLine}): ${activeLine.join(',')}`);
    await screenshot(page, '14-build-error-problems');
  });

  await step(page, 'typing "local.get " opens the completion list by itself', async () => {
    await openFile(page, 'typing.wat');
    const empty = readFileSync(path.join(workspace, 'typing.wat'), 'utf8').split('\n').findIndex((l, i, all) => i > 0 && l.trim() === '' && /func \$twice/.test(all[i - 1])) + 1;
    await goToLine(page, empty);
    await page.keyboard.type('    local.get ', { delay: 30 });
    const item = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: '$n' }).first();
    await item.waitFor({ timeout: 15_000 });
    await screenshot(page, '15-completion-after-local-get');
    await page.keyboard.press('Escape');
  });
}

function summary(): number {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  for (const r of results) log(`${r.ok ? 'PASS' : 'FAIL'} ${r.name}${r.error ? `\n      ${r.error.split('\n').join('\n      ')}` : ''}`);
  log(`screenshots and logs in ${path.relative(ROOT, RESULTS)}/`);
  if (FAKE_ADAPTER) log('NOTE: this run used the FAKE debug adapter (E2E_FAKE_ADAPTER=1): it checks the harness, not the product');
  process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(`harness error: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
