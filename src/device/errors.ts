/** Device error codes, as sentences a user can act on. */
import { ErrorCode, messageNameOf } from '../protocol';

const HINTS: Record<number, string> = {
  [ErrorCode.unknownType]: 'The device does not know this request; its firmware may be older than the extension. Update the firmware.',
  [ErrorCode.unsupportedVersion]: 'The device speaks another protocol version. Update the extension or the firmware so they match.',
  [ErrorCode.noHandshake]: 'The device was not greeted first (internal error); reconnect.',
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
};

export class DeviceError extends Error {
  constructor(readonly code: number, readonly requestType: number, readonly deviceMessage: string) {
    const req = messageNameOf(requestType) ?? `0x${requestType.toString(16)}`;
    super(`${deviceMessage || 'error ' + code} (${req}). ${HINTS[code] ?? ''}`.trim());
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
