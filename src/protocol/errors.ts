/**
 * The only exception the protocol codec throws. `kind` names the same rejection classes as the
 * C codec (NWP_RX_* in firmware/protocol, same order), so the shared test vectors can compare them.
 */
export const PROTOCOL_ERROR_KINDS = [
  'cobs', // invalid COBS encoding
  'short', // shorter than type + id + crc
  'crc', // CRC-32 mismatch
  'too_long', // longer than the negotiated maximum frame
  'unknown_type', // well-formed frame of a type this side does not know
  'malformed', // known type, but the body does not match its layout
] as const;

export type ProtocolErrorKind = (typeof PROTOCOL_ERROR_KINDS)[number];

export class ProtocolError extends Error {
  constructor(readonly kind: ProtocolErrorKind, message: string, readonly type?: number, readonly id?: number) {
    super(message);
    this.name = 'ProtocolError';
  }
}
