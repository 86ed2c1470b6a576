/**
 * A .wasm with DWARF and no DWARF engine (forced absent: NRF_WASM_DWARF_ENGINE=none): the real
 * adapter debugs it in disassembly, says why in the Debug Console and sends its custom event; the
 * extension's handler, given that very event, offers to install the engine's extension in the
 * user's words, installs it on "Install" and offers to restart.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DWARF_ENGINE_MISSING_EVENT } from '../../src/debug-adapter/custom-requests';
import { dwarfEngineOffer, INSTALL, RESTART } from '../../src/extension/dwarf-engine-offer';
import { buildC, ROOT } from './dwarf-build';
import { adapterScript, lineOf } from './helpers';
import { THREAD, collectOutput, stopAfter } from './session-helpers';

const built = buildC(path.join(ROOT, 'examples/c-blink/main.c'), 'c-blink-no-engine');

test('no DWARF engine: disassembly debugging, a line in the Debug Console, and the extension offers the install', { skip: 'skip' in built ? `skipped: ${built.skip}` : false }, async () => {
  if ('skip' in built) return;
  const dc = new DebugClient(process.execPath, adapterScript(), 'nrf-wasm', { cwd: ROOT, env: { ...process.env, NRF_WASM_DWARF_ENGINE: 'none' } }, !!process.env.NRF_WASM_ADAPTER_STDERR);
  dc.defaultTimeout = 20000;
  await dc.start();
  try {
    const out = collectOutput(dc);
    const missing = dc.waitForEvent(DWARF_ENGINE_MISSING_EVENT);
    await stopAfter(dc, () => Promise.all([
      dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()),
      dc.launch({ program: built.wasm, transport: 'simulator', stopOnEntry: true } as DebugProtocol.LaunchRequestArguments),
    ]));
    const ev = await missing;
    assert.deepEqual(ev.body, { program: built.wasm, extension: 'ms-vscode.wasm-dwarf-debugging' });
    assert.match(out.join(''), /c-blink-no-engine\.wasm has C\/C\+\+\/Rust debug info \(DWARF\), but the DWARF engine is not installed: debugging it in the Disassembly view\. Install the "WebAssembly DWARF Debugging" extension/);
    // Debugged all the same, at the wasm level: no source, the instruction pointer for the Disassembly view.
    const f = (await dc.stackTraceRequest({ threadId: THREAD, levels: 1 })).body.stackFrames[0];
    assert.equal(f.source, undefined);
    assert.ok(f.instructionPointerReference);
    const bp = await dc.setBreakpointsRequest({ source: { path: path.join(ROOT, 'examples/c-blink/main.c') }, breakpoints: [{ line: lineOf('b->count++;', path.join(ROOT, 'examples/c-blink/main.c')) }] });
    assert.equal(bp.body.breakpoints[0].verified, false);

    // The extension's side, with that event: VS Code's APIs replaced by a recorder (test double).
    const calls: string[] = [];
    const answers = [INSTALL, RESTART];
    const offer = dwarfEngineOffer({
      showInformationMessage: async (m, ...actions) => {
        calls.push(`message: ${m} [${actions.join('|')}]`);
        return answers.shift();
      },
      executeCommand: async (c, ...args) => void calls.push(`command: ${c}${args.length ? ` ${args.join(' ')}` : ''}`),
      activeSessionType: () => 'nrf-wasm',
    });
    await offer({ sessionType: 'nrf-wasm', event: ev.event, body: ev.body });
    await offer({ sessionType: 'nrf-wasm', event: ev.event, body: ev.body }); // once per window
    assert.deepEqual(calls, [
      'message: c-blink-no-engine.wasm was built from C, C++ or Rust with debug info. To debug its source instead of the disassembly, install the "WebAssembly DWARF Debugging" extension, then start debugging again. [Install]',
      'command: workbench.extensions.installExtension ms-vscode.wasm-dwarf-debugging',
      'message: WebAssembly DWARF Debugging is installed. [Restart Debugging]',
      'command: workbench.action.debug.restart',
    ]);
    // Dismissed: nothing is installed; another session type's events are not ours.
    const quiet: string[] = [];
    const dismissed = dwarfEngineOffer({ showInformationMessage: async (m) => void quiet.push(m), executeCommand: async (c) => void quiet.push(c), activeSessionType: () => undefined });
    await dismissed({ sessionType: 'node', event: ev.event, body: ev.body });
    assert.deepEqual(quiet, []);
    await dismissed({ sessionType: 'nrf-wasm', event: ev.event, body: ev.body });
    assert.equal(quiet.length, 1);
  } finally {
    await dc.stop();
  }
});
