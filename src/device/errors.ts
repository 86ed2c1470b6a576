/** Device error codes, as sentences a user can act on. */
import { ErrorCode, messageNameOf } from '../protocol';

const HINTS: Record<number, string> = {
  [ErrorCode.unknownType]: 'The device does not know this request; its firmware may be older than the extension. Update the firmware.',
  [ErrorCode.unsupportedVersion]: 'The device speaks another protocol version. Update the extension or the firmware so they match.',
  [ErrorCode.noHandshake]: 'Another connection to the board (its USB serial port or Bluetooth LE) took over the debug session, or this one was not greeted first. Reconnect to take the session back.',
  [ErrorCode.malformed]: 'The device could not read the request; reconnect, and report this if it persists.',
  [ErrorCode.invalidState]: 'The device is not in a state that allows this (e.g. already running).',
  [ErrorCode.noModule]: 'No module is stored on the device. Deploy one first.',
  [ErrorCode.hashMismatch]: 'The module arrived corrupted (SHA-256 mismatch); deploy again. The previous module is still active.',
  [ErrorCode.uploadSequence]: 'The upload got out of step; deploy again. The previous module is still active.',
  [ErrorCode.tooLarge]: 'The module is larger than the device\'s module store slot.',
  [ErrorCode.invalidModule]: 'The device\'s runtime refused the module. The previous module is still active.',
  [ErrorCode.storage]: 'Writing the device\'s flash failed. The previous module is still active.',
  [ErrorCode.outOfBounds]: 'The address or index is outside what the module has.',
  [ErrorCode.tableFull]: 'The device has no room for more breakpoints; remove some.',
  [ErrorCode.unsupported]: 'This device does not support that.',
  [ErrorCode.notAuthorized]: 'The board serves deploy and debug over Bluetooth only to a computer paired with it (LE Secure Connections, passkey) and bonded. Pair it: hold button 2 while resetting the board to open its 60-second pairing window, then type the 6-digit passkey the board prints on its log (RTT / UART console) into the pairing dialog. Listing and erasing bonds works over the USB serial port only.',
  [ErrorCode.noSuchExport]: 'The module has no export by that name.',
  [ErrorCode.internal]: 'The device hit an internal error.',
  [ErrorCode.noSuchBond]: 'The board has no bond with that address (it may have been erased already).',
  [ErrorCode.badProgram]: 'The device refused a breakpoint condition program (it breaks a rule of the device protocol, section 3.7); the debugger decides that breakpoint itself.',
};

/** "2,048.1 KiB", "256 KiB", "95 bytes". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const kib = Math.round((bytes / 1024) * 10) / 10;
  return `${kib.toLocaleString('en-US')} KiB`;
}

/**
 * The sentence the user reads: what happened and what to do, without the protocol's words (the
 * request's name stays in `request` for logs). The device's own text is added only where it says
 * more than the hint (which export, why the runtime refused the module).
 */
export function deviceErrorText(code: number, deviceMessage: string): string {
  const detail = deviceMessage.trim().replace(/\.$/, '');
  if (code === ErrorCode.tooLarge) {
    // The simulator says "module of N bytes is larger than the M-byte slot"; the firmware less.
    const m = /(\d+) bytes?\D+(\d+)-byte/.exec(detail);
    return m
      ? `The module (${sizeText(Number(m[1]))}) does not fit in the device's module store (${sizeText(Number(m[2]))} at most). Make it smaller.`
      : "The module does not fit in the device's module store. Make it smaller.";
  }
  const hint = HINTS[code];
  if (!hint) return `The device reported error ${code}${detail ? `: ${detail}` : ''}.`;
  if (!detail || SELF_EXPLAINED.has(code)) return hint;
  // The device's words complete the hint's first sentence: "... refused the module (unknown import env.foo). ..."
  const m = /^(.+?)\.(\s|$)/.exec(hint);
  return m ? `${m[1]} (${detail}).${hint.slice(m[0].length - m[2].length)}` : `${hint} (${detail})`;
}

/** Codes whose hint says all there is: the device's text would only repeat it in its own words. */
const SELF_EXPLAINED = new Set<number>([ErrorCode.tooLarge, ErrorCode.notAuthorized, ErrorCode.noHandshake, ErrorCode.noModule, ErrorCode.hashMismatch, ErrorCode.tableFull]);

export class DeviceError extends Error {
  /** The request that failed, by its protocol name (for logs, not for the user). */
  readonly request: string;
  constructor(readonly code: number, readonly requestType: number, readonly deviceMessage: string) {
    super(deviceErrorText(code, deviceMessage));
    this.request = messageNameOf(requestType) ?? `0x${requestType.toString(16)}`;
    this.name = 'DeviceError';
  }
}

/** The device did not answer in time, or the link ended while waiting. */
export class DeviceTimeoutError extends Error {
  constructor(request: string, ms: number, label: string) {
    super(`The device at ${label} did not answer "${request}" within ${ms} ms. Check the connection, or reset the board.`);
    this.name = 'DeviceTimeoutError';
  }
}

export class LinkLostError extends Error {
  constructor(label: string, cause?: Error) {
    super(cause?.message ?? `The link to ${label} was lost.`);
    this.name = 'LinkLostError';
  }
}
