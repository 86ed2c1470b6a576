/**
 * e2e, issue 16: C source debugging in a real VS Code. F5 on examples/c-blink/main.c (no
 * launch.json): the extension runs `make` (clang + wasi-libc), the adapter reads the DWARF with
 * @vscode/dwarf-debugging from our optional dependency (NRF_WASM_DWARF_ENGINE: no marketplace
 * offline), stops at the breakpoint in main.c and shows the struct in the Variables view.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, goToLine, log, openFile, runCommand, screenshot } from './harness';

/** The engine the adapter of the installed .vsix uses: the npm package, found through this variable. */
export function useDwarfEngineFromNpm(): void {
  process.env.NRF_WASM_DWARF_ENGINE ??= path.join(ROOT, 'node_modules/@vscode/dwarf-debugging');
}

type Step = (page: Page | undefined, name: string, fn: () => Promise<void>) => Promise<boolean>;

export async function cSourceDebugging(page: Page, workspace: string, step: Step, check: (cond: unknown, msg: string) => asserts cond): Promise<void> {
  const clang = spawnSync('clang', ['--version']);
  if (clang.error) {
    log('skipped: C source debugging (clang not installed; Debian: apt install clang lld wasi-libc)');
    return;
  }
  await step(page, 'C: F5 on main.c makes it and stops at a breakpoint in main.c, the struct in Variables', async () => {
    if (await page.locator('.debug-toolbar').isVisible()) {
      await page.keyboard.press('Shift+F5');
      await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 20_000 }).catch(() => undefined);
    }
    // A main.wasm copied with the workspace names the repository's main.c: let make build ours.
    rmSync(path.join(workspace, 'c-blink', 'main.wasm'), { force: true });
    // The examples build against ../../sdk, as in the repository and the installed extension.
    cpSync(path.join(ROOT, 'sdk'), path.join(workspace, '..', 'sdk'), { recursive: true });
    await openFile(page, 'main.c');
    const src = readFileSync(path.join(ROOT, 'examples/c-blink/main.c'), 'utf8').split('\n');
    const line = src.findIndex((l) => l.includes('if (blink.count % 10 == 0)')) + 1;
    await goToLine(page, line);
    await runCommand(page, 'Debug: Toggle Breakpoint');
    await page.locator('.monaco-editor .codicon-debug-breakpoint').first().waitFor({ timeout: 10_000 });
    await page.locator('.monaco-editor textarea').first().focus();
    await page.keyboard.press('F5');
    await page.locator('.debug-toolbar').waitFor({ timeout: 60_000 });
    await page.getByText(/paused on breakpoint/i).first().waitFor({ timeout: 90_000 });
    const vars = page.locator('.debug-variables .monaco-list-row');
    await vars.first().waitFor({ timeout: 15_000 });
    const locals = vars.filter({ hasText: /^Locals/i }).first();
    if ((await locals.count()) && (await locals.getAttribute('aria-expanded')) === 'false') await locals.click();
    const blink = vars.filter({ hasText: /^blink\b/ }).first();
    await blink.waitFor({ timeout: 15_000 });
    if ((await blink.getAttribute('aria-expanded')) === 'false') await blink.click();
    await vars.filter({ hasText: /period_ms/ }).first().waitFor({ timeout: 15_000 });
    const rows = await vars.allInnerTexts();
    await screenshot(page, '16-c-struct-in-variables');
    check(rows.some((r) => /period_ms\s*[:=]?\s*500/.test(r)), `the struct's period_ms is not 500 in Variables:\n${rows.join('\n')}`);
    check(rows.some((r) => /name\s*[:=]?\s*"LED1"/.test(r)), `the struct's name is not "LED1" in Variables:\n${rows.join('\n')}`);
    const active = await page.locator('.monaco-editor .line-numbers.active-line-number').allInnerTexts();
    const tab = await page.locator('.tab.active').allInnerTexts();
    check(tab.some((t) => t.includes('main.c')) && active.some((n) => n.trim() === String(line)), `not stopped in main.c:${line} (tab ${tab.join(',')}, line ${active.join(',')})`);
    await page.keyboard.press('Shift+F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 20_000 }).catch(() => undefined);
  });
}
