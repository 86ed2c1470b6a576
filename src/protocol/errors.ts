/**
 * The only exception the protocol codec throws. `kind` names the same rejection classes as the
 * C codec (PB_ERR_*), so the shared test vectors can compare them.
 */
export type ProtocolErrorKind =
  | 'cobs' // invalid COBS encoding
  | 'short' // shorter than type + id + crc
  | 'crc' // CRC-32 mismatch
  | 'too_long' // longer than the negotiated maximum frame
  | 'unknown_type' // well-formed frame of a type this side does not know
  | 'malformed'; // known type, but the body does not match its layout

export class ProtocolError extends Error {
  constructor(readonly kind: ProtocolErrorKind, message: string, readonly type?: number, readonly id?: number) {
    super(message);
    this.name = 'ProtocolError';
  }
}
