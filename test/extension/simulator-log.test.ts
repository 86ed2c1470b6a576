/** The Device Log shows each line of the module's output once. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEvent } from '../../src/extension/device-manager';
import { simulatorLogLine } from '../../src/extension/simulator-log';
import { OutputLevel } from '../../src/protocol';

test('with the link open, the app output comes from the link only (not the simulator echo too)', () => {
  const echoed = simulatorLogLine('[app] fib(10) = 55', true);
  const event = describeEvent({ name: 'output', level: OutputLevel.info, source: 0, text: 'fib(10) = 55\n' } as Parameters<typeof describeEvent>[0]);
  assert.equal(echoed, undefined);
  assert.equal(event?.text, '[app] fib(10) = 55');
});

test('without the link (a debug session owns the simulator), the echo is the only copy and stays', () => {
  assert.deepEqual(simulatorLogLine('[app] fib(10) = 55', false), { level: 'info', text: '[simulator] [app] fib(10) = 55' });
});

test('the simulator\'s own lines always show, warnings by their words', () => {
  assert.deepEqual(simulatorLogLine('LED1 on  [● ○ ○ ○]', true), { level: 'info', text: '[simulator] LED1 on  [● ○ ○ ○]' });
  assert.equal(simulatorLogLine('nrf-wasm-sim: cannot open flash store', true)?.level, 'warn');
  assert.equal(simulatorLogLine('  ', true), undefined);
});
