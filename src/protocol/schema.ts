/**
 * The device debug protocol's message set: one table that the TypeScript codec interprets and
 * docs/protocol.md's byte layouts are generated from (`npm run docs:protocol`). The C codec in
 * firmware/ implements the same table by hand; test/vectors/protocol keeps the two honest.
 */

export const PROTOCOL_VERSION = 1;
/** Oldest protocol version this host still speaks. */
export const PROTOCOL_VERSION_MIN = 1;
/** Every peer accepts frames of at least this size (decoded: type + id + body + crc), before and after the handshake. */
export const MIN_MAX_FRAME = 256;
/** Upload chunks (protocol 1.2 `uploadAnyChunk`) are multiples of this, the module's last one aside (docs/protocol.md 3.3). */
export const CHUNK_ALIGN = 16;

/** Field encodings. All multi-byte integers are little-endian. */
export type FieldKind =
  | 'u8' | 'u16' | 'u32' | 'i32'
  | 'sha256' // 32 raw bytes
  | 'str' // u16 byte length + UTF-8
  | 'value' // one typed wasm value, see VALUE_TYPES
  | 'values' // u16 count + values
  | 'u32s' // u16 count + u32 each
  | 'frames' // u16 count + {u32 func, u32 pc} each
  | 'ranges' // u16 count + {u32 start, u32 end} each (end exclusive)
  | 'rest'; // all remaining bytes of the body (last field only)

export type MessageKind = 'request' | 'response' | 'event' | 'error';

interface Def {
  readonly code: number;
  readonly kind: MessageKind;
  readonly fields: Readonly<Record<string, FieldKind>>;
  readonly doc: string;
}

const def = <F extends Record<string, FieldKind>>(code: number, kind: MessageKind, doc: string, fields: F) =>
  ({ code, kind, doc, fields }) as const;

/** A response's code is its request's code with the top bit set. */
export const RESPONSE_BIT = 0x80;
export const ERROR_CODE = 0xff;

export const MESSAGES = {
  // ---- requests (host -> device), 0x01..0x3f --------------------------------------------------
  hello: def(0x01, 'request', 'Handshake; must be the first request of every connection.', {
    versionMin: 'u16', versionMax: 'u16', maxFrame: 'u16',
  }),
  uploadBegin: def(0x02, 'request', 'Start (or resume) uploading a module of `size` bytes whose SHA-256 is `sha256`.', {
    size: 'u32', sha256: 'sha256',
  }),
  uploadChunk: def(0x03, 'request', 'Module bytes at `offset`. Sent windowed: up to `window` chunks unacknowledged. `chunkMax` bytes, the last chunk shorter; on a device with `uploadAnyChunk` (1.2) any multiple of 16 bytes up to `chunkMax` (section 3.3).', {
    offset: 'u32', data: 'rest',
  }),
  uploadCommit: def(0x04, 'request', 'Verify the SHA-256 of the uploaded bytes, validate the module and make it the active one atomically.', {}),
  uploadAbort: def(0x05, 'request', 'Drop the upload in progress; the active module is untouched.', {}),
  run: def(0x06, 'request', 'Instantiate the active module and run `entry` (empty: the start function, else `_start`, else `main`; section 3.4).', {
    flags: 'u8', entry: 'str',
  }),
  stop: def(0x07, 'request', 'Terminate the running module (an `exited` event with reason `stopped` follows).', {}),
  reset: def(0x08, 'request', 'Reboot the device; the response is sent before rebooting, a `deviceReset` event after.', {}),
  options: def(0x09, 'request', 'Session options (OPTION_* bits), e.g. stop on traps.', { flags: 'u32' }),
  bpSet: def(0x0a, 'request', 'Add code breakpoints at module byte offsets.', { offsets: 'u32s' }),
  bpClear: def(0x0b, 'request', 'Remove code breakpoints; an empty list removes all.', { offsets: 'u32s' }),
  continue: def(0x0c, 'request', 'Resume a paused module.', {}),
  pause: def(0x0d, 'request', 'Pause a running module (a `stopped` event with reason `pause` follows).', {}),
  step: def(0x0e, 'request', 'Step on the device (STEP_* kind). With ranges: keep stepping while the pc stays inside them in the same frame.', {
    kind: 'u8', ranges: 'ranges',
  }),
  frames: def(0x0f, 'request', 'Call frames from `start` (0 = innermost), as many as fit in a frame. A caller\'s `pc` is its `call` instruction.', { start: 'u16', count: 'u16' }),
  values: def(0x10, 'request', 'Values of a scope (SCOPE_*) of frame `frame`, from index `start`, as many as fit.', {
    scope: 'u8', frame: 'u16', start: 'u16',
  }),
  setValue: def(0x11, 'request', 'Assign one local, operand stack slot or global.', {
    scope: 'u8', frame: 'u16', index: 'u16', value: 'value',
  }),
  memRead: def(0x12, 'request', 'Read linear memory; the answer stops at the end of memory.', { address: 'u32', length: 'u16' }),
  memWrite: def(0x13, 'request', 'Write linear memory; all or nothing.', { address: 'u32', data: 'rest' }),
  dataBpSet: def(0x14, 'request', 'Watch `length` bytes of linear memory at `address` for ACCESS_* accesses.', {
    address: 'u32', length: 'u8', access: 'u8',
  }),
  dataBpClear: def(0x15, 'request', 'Remove one data breakpoint by `watchId`, or all with 0xff.', { watchId: 'u8' }),
  input: def(0x16, 'request', 'Press (1) or release (0) a button, for simulators and remote tests.', { button: 'u8', pressed: 'u8' }),
  ping: def(0x17, 'request', 'Echo `data` back (link check, round-trip measurement).', { data: 'rest' }),
  bondList: def(0x18, 'request', 'List the Bluetooth LE bonds (CAP_BONDS; wired links only, section 1.3).', {}),
  bondErase: def(0x19, 'request', 'Erase one bond (`bond`: 7 bytes, as in bondListOk) or, with `bond` empty, every bond (CAP_BONDS; wired links only). The peer must pair again.', {
    bond: 'rest',
  }),
  bpSetCond: def(0x1a, 'request', 'Protocol 1.1 (`deviceConditions`): a code breakpoint at `offset` decided on the device: `program` holds the condition program (its first `condLength` bytes; none: always true) and, for a logpoint (BPC_FLAG_LOG), the log program. HIT_* `hitOp` with `hitCount` is the hit condition (section 3.7).', {
    offset: 'u32', flags: 'u8', hitOp: 'u8', hitCount: 'u32', condLength: 'u16', program: 'rest',
  }),
  valuesUpTo: def(0x1e, 'request', 'Protocol 1.2 (`pipelining`): like `values`, but at most `max` values, so that the answer\'s size is known before it is asked for (a prefetch stays within its bound).', {
    scope: 'u8', frame: 'u16', start: 'u16', max: 'u16',
  }),

  // ---- responses (device -> host): request code | 0x80 -----------------------------------------
  helloOk: def(0x81, 'response', 'Agreed version, capabilities and device info.', {
    version: 'u16', capabilities: 'u32', maxFrame: 'u16', freeMemory: 'u32', state: 'u8',
    moduleSha256: 'sha256', moduleSize: 'u32',
    board: 'str', runtime: 'str', runtimeVersion: 'str', firmwareVersion: 'str',
  }),
  uploadBeginOk: def(0x82, 'response', 'Where to start sending (non-zero when resuming the same module), chunk size and window.', {
    resumeFrom: 'u32', chunkMax: 'u16', window: 'u16',
  }),
  uploadAck: def(0x83, 'response', 'Cumulative ack: the device holds bytes [0, received) of the module. A chunk at any other offset is dropped and answered with the same ack (go back to `received`).', {
    received: 'u32',
  }),
  uploadCommitOk: def(0x84, 'response', 'The module is stored and active.', { slot: 'u8', sha256: 'sha256', size: 'u32' }),
  uploadAbortOk: def(0x85, 'response', '', {}),
  runOk: def(0x86, 'response', '', {}),
  stopOk: def(0x87, 'response', '', {}),
  resetOk: def(0x88, 'response', '', {}),
  optionsOk: def(0x89, 'response', '', {}),
  bpSetOk: def(0x8a, 'response', 'Per requested offset: the offset the breakpoint landed on (snapped forward to an instruction), or 0xffffffff if refused.', {
    resolved: 'u32s',
  }),
  bpClearOk: def(0x8b, 'response', '', {}),
  continueOk: def(0x8c, 'response', '', {}),
  pauseOk: def(0x8d, 'response', '', {}),
  stepOk: def(0x8e, 'response', '', {}),
  framesOk: def(0x8f, 'response', '`total` = call depth; `frames` from the requested start.', { total: 'u16', frames: 'frames' }),
  valuesOk: def(0x90, 'response', '`total` = number of values in the scope.', { total: 'u16', values: 'values' }),
  setValueOk: def(0x91, 'response', '', {}),
  memReadOk: def(0x92, 'response', '`memorySize` = current size of linear memory in bytes.', {
    address: 'u32', memorySize: 'u32', data: 'rest',
  }),
  memWriteOk: def(0x93, 'response', '', {}),
  dataBpSetOk: def(0x94, 'response', '', { watchId: 'u8' }),
  dataBpClearOk: def(0x95, 'response', '', {}),
  inputOk: def(0x96, 'response', '', {}),
  pingOk: def(0x97, 'response', '', { data: 'rest' }),
  bondListOk: def(0x98, 'response', '`bonds`: 7 bytes per bond: address type (0 public, 1 random) then the 6-byte address, least significant byte first.', {
    bonds: 'rest',
  }),
  bondEraseOk: def(0x99, 'response', '`erased` = bonds removed.', { erased: 'u8' }),
  bpSetCondOk: def(0x9a, 'response', 'The offset the breakpoint landed on (snapped forward to an instruction).', { resolved: 'u32' }),
  valuesUpToOk: def(0x9e, 'response', 'As `valuesOk`: `total` = number of values in the scope; at most `max` of them from `start`.', { total: 'u16', values: 'values' }),

  // ---- error response (device -> host) ----------------------------------------------------------
  error: def(ERROR_CODE, 'error', 'The request with this id failed: ERR_* code, the request type it answers, and a short message for the user.', {
    code: 'u16', requestType: 'u8', message: 'str',
  }),

  // ---- events (device -> host), 0x40..0x7f; id = event sequence number ---------------------------
  stopped: def(0x40, 'event', 'Execution stopped. `hit`: the breakpoint\'s offset or the watched address accessed, else 0 (section 3.5). Carries the top frame and its first locals so that the common stop needs no further request.', {
    reason: 'u8', flags: 'u8', hit: 'u32', depth: 'u16', func: 'u32', pc: 'u32', locals: 'values',
  }),
  output: def(0x41, 'event', 'Text from the module (`log`) or from the device.', { source: 'u8', level: 'u8', text: 'str' }),
  exited: def(0x42, 'event', 'The module finished (EXIT_* reason) with an exit code.', { reason: 'u8', code: 'i32' }),
  trap: def(0x43, 'event', 'The module trapped at `pc` in `func`. A `stopped` (reason trap) follows if OPTION_STOP_ON_TRAP is set, else `exited`.', {
    func: 'u32', pc: 'u32', message: 'str',
  }),
  deviceReset: def(0x44, 'event', 'The device (re)booted: every session state is gone, say hello again.', { cause: 'u8' }),
  led: def(0x45, 'event', 'An LED changed.', { led: 'u8', on: 'u8' }),
  linkError: def(0x46, 'event', 'The device dropped a frame it could not decode (LINK_* kind); `count` = frames dropped so far.', {
    kind: 'u8', count: 'u16',
  }),
  logHit: def(0x47, 'event', 'Protocol 1.1: a logpoint at `offset` was reached (its condition and hit condition held); `values` = what its log program emitted, in order. The module runs on.', {
    offset: 'u32', values: 'values',
  }),
} as const;

export type MessageName = keyof typeof MESSAGES;

// ---- enumerations ----------------------------------------------------------------------------

export const Capability = {
  upload: 1 << 0,
  debug: 1 << 1, // breakpoints, stepping, frames, values
  dataBreakpoints: 1 << 2,
  setLocal: 1 << 3, // setValue on locals and the operand stack
  setGlobal: 1 << 4,
  memoryWrite: 1 << 5,
  buttonsInput: 1 << 6,
  leds: 1 << 7,
  resumableUpload: 1 << 8,
  persistentStore: 1 << 9, // A/B slots that survive a reset
  reset: 1 << 10,
  bonds: 1 << 11, // Bluetooth LE bonds: bondList, bondErase (boards with Bluetooth LE)
  /** Protocol 1.1: bpSetCond, logHit, conditions and hit counts evaluated on the device. */
  deviceConditions: 1 << 12,
  /** Protocol 1.2: uploadChunk may be shorter than chunkMax (a multiple of 16 bytes; the last chunk any length), so a host can size chunks to a lossy link. */
  uploadAnyChunk: 1 << 15,
  /** Protocol 1.2: requests may be pipelined; answered in the order received, each once (section 3.2). */
  pipelining: 1 << 16,
} as const;

export const DeviceState = { idle: 0, running: 1, paused: 2 } as const;
export const RunFlag = { stopOnEntry: 1 << 0 } as const;
export const Option = { stopOnTrap: 1 << 0 } as const;
export const StepKind = { into: 0, over: 1, out: 2 } as const;
export const Scope = { locals: 0, operandStack: 1, globals: 2 } as const;
export const Access = { write: 1, read: 2, readWrite: 3 } as const;
export const StopReason = { entry: 0, breakpoint: 1, step: 2, pause: 3, trap: 4, dataBreakpoint: 5 } as const;
/** `stopped.flags` bits. */
export const StopFlag = {
  localsComplete: 1 << 0,
  /** Protocol 1.1: a device-side condition or log program failed (e.g. a memory read out of bounds): the breakpoint stopped. */
  conditionError: 1 << 1,
} as const;
/** bpSetCond.flags bits. */
export const BpCondFlag = { log: 1 << 0 } as const;
/** bpSetCond.hitOp: how the hit count (hits so far, this one included) meets `hitCount`. */
export const HitOp = { none: 0, ge: 1, gt: 2, eq: 3, lt: 4, le: 5, mod: 6 } as const;
export const ExitReason = { returned: 0, exit: 1, trap: 2, stopped: 3 } as const;
export const OutputSource = { app: 0, device: 1 } as const;
export const OutputLevel = { error: 0, warning: 1, info: 2, debug: 3 } as const;
export const ResetCause = { powerOn: 0, requested: 1, watchdog: 2, fault: 3, other: 4 } as const;
export const LinkErrorKind = { cobs: 1, short: 2, crc: 3, tooLong: 4 } as const;

/** Error codes carried by the `error` response. Stable: the host maps them to user messages. */
export const ErrorCode = {
  unknownType: 1, // the device does not know this message type
  unsupportedVersion: 2, // no common protocol version
  noHandshake: 3, // a request before hello
  malformed: 4, // body too short, too long or with bad values
  invalidState: 5, // e.g. step while running, run while running
  noModule: 6, // no active module stored
  hashMismatch: 7, // uploaded bytes do not match the announced SHA-256
  uploadSequence: 8, // chunk/commit without begin, or commit before all bytes arrived
  tooLarge: 9, // module larger than a store slot
  invalidModule: 10, // the runtime refused to load the module
  storage: 11, // flash write/erase failed
  outOfBounds: 12, // memory access outside linear memory, bad frame or value index
  tableFull: 13, // no room for another breakpoint
  unsupported: 14, // capability not present on this device
  notAuthorized: 15, // BLE link not authenticated (LE Secure Connections) and bonded, or a wired-only request over BLE
  noSuchExport: 16, // run: entry export not found
  internal: 17,
  noSuchBond: 18, // bondErase: no bond with that address
  badProgram: 0x14, // bpSetCond: the condition or log program breaks a rule of section 3.7
} as const;

/** Typed wasm value tags: the wasm binary encoding's value type bytes. */
export const VALUE_TYPES = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, funcref: 0x70, externref: 0x6f } as const;
export type ValueType = keyof typeof VALUE_TYPES;
/** Null reference on the wire. */
export const NULL_REF = 0xffffffff;
/** bpSetOk: refused breakpoint. */
export const BP_REFUSED = 0xffffffff;
