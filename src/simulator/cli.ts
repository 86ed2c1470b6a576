/** Command line of nrf-wasm-sim. */
import { parseArgs } from 'node:util';

export interface CliOptions {
  port: number | null;
  pty: boolean;
  flash: string | null;
  boardName: string;
  slotSize: number;
  maxFrame: number;
  debug: 'always' | 'on-demand';
  quiet: boolean;
  stdinLifeline: boolean;
}

export const USAGE = `usage: nrf-wasm-sim [--port N] [--pty] [--flash DIR] [--board-name NAME] [options]

Simulated nRF5340 board: runs uploaded WebAssembly modules in V8 and serves the nrf-wasm device
debug protocol (docs/protocol.md), like the board's UART.

  --port N          listen on tcp://127.0.0.1:N (0 = any free port; default when --pty is absent)
  --pty             create a pseudo-terminal and serve it like a serial port (needs python3)
  --flash DIR       file-backed flash store with A/B slots (default: a temporary directory)
  --board-name S    board name in helloOk (default: simulator)
  --slot-size N     bytes per flash slot (default: 262144)
  --max-frame N     largest frame this device accepts (default: 1024)
  --debug MODE      always (default): V8's debugger is on for every run, breakpoints set while the
                    module runs take effect at once; on-demand: the module runs at full speed until
                    a breakpoint, pause or stop-on-entry needs the debugger (see docs/native-api.md)
  --quiet           do not echo LEDs, buttons and app output on stderr
  --stdin-lifeline  exit when stdin closes (a parent that spawns the simulator with a stdin pipe
                    takes it down even if the parent is killed)

Prints "nrf-wasm-sim listening on tcp://127.0.0.1:PORT" and/or
"nrf-wasm-sim listening on serial /dev/pts/N" on stdout when ready.`;

export function parseCli(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      pty: { type: 'boolean', default: false },
      flash: { type: 'string' },
      'board-name': { type: 'string', default: 'simulator' },
      'slot-size': { type: 'string', default: String(256 * 1024) },
      'max-frame': { type: 'string', default: '1024' },
      debug: { type: 'string', default: 'always' },
      quiet: { type: 'boolean', default: false },
      'stdin-lifeline': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) throw new CliHelp();
  const int = (name: string, v: string, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in ${min}..${max}, got "${v}"`);
    return n;
  };
  const debug = values.debug;
  if (debug !== 'always' && debug !== 'on-demand') throw new Error(`--debug must be always or on-demand, got "${debug}"`);
  const port = values.port !== undefined ? int('port', values.port, 0, 65535) : values.pty ? null : 0;
  return {
    port,
    pty: values.pty!,
    flash: values.flash ?? null,
    boardName: values['board-name']!,
    slotSize: int('slot-size', values['slot-size']!, 1024, 16 * 1024 * 1024),
    maxFrame: int('max-frame', values['max-frame']!, 256, 65535),
    debug,
    quiet: values.quiet!,
    stdinLifeline: values['stdin-lifeline']!,
  };
}

export class CliHelp extends Error {}
