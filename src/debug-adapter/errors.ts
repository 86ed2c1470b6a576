/**
 * Every error the adapter reports to the client, with its DAP error code, in one place. Messages
 * are for the user: what happened and what to do. `{name}` placeholders are DAP variables.
 */
export const ERRORS = {
  noProgram: { id: 2001, format: 'No program to debug. Open a .wat file or set "program" in launch.json.' },
  programNotFound: { id: 2002, format: 'Cannot read {path}: {reason}' },
  buildFailed: { id: 2003, format: 'Build failed: {path}:{line}:{column}: {message}' },
  unsupportedProgram: { id: 2004, format: '{path} is neither a .wat nor a .wasm file.' },
  buildCommandFailed: { id: 2005, format: 'The build command "{command}" failed ({reason}). Its output is in the Debug Console.' },
  dwarfFailed: { id: 2006, format: 'Cannot read the DWARF debug info of {path}: {message}' },
  noDevice: { id: 2010, format: '{message}' },
  badTransport: { id: 2011, format: 'Transport "{transport}" needs {setting} in the launch configuration.' },
  protocolVersion: { id: 2012, format: '{message}' },
  simulatorFailed: { id: 2013, format: 'The simulator did not start: {message}' },
  uploadFailed: { id: 2020, format: 'Deploy failed: {message}' },
  moduleMismatch: { id: 2021, format: 'The device runs a different module (SHA-256 {device}) than {path} ({program}). Launch (which deploys) instead of attaching, or open the right program.' },
  noModuleOnDevice: { id: 2022, format: 'The device has no module to attach to. Launch instead (it deploys {path}).' },
  deviceRequest: { id: 2030, format: '{message}' },
  notPaused: { id: 2031, format: 'The program is running; pause it first.' },
  cannotSetLocal: { id: 2032, format: 'This device cannot change locals ({device}); it can change mutable globals and memory.' },
  badValue: { id: 2033, format: 'Cannot use "{value}" as {type}.' },
  evaluate: { id: 2040, format: '{message}' },
  unknownVariable: { id: 2041, format: 'Unknown variable {name}.' },
  linkLost: { id: 2050, format: '{message}' },
  restartUnsupported: { id: 2060, format: 'This debugger does not restart a session in place: end it and start debugging again (a new launch rebuilds, deploys and runs the program).' },
} as const satisfies Record<string, { id: number; format: string }>;

export type ErrorName = keyof typeof ERRORS;

/** Thrown inside request handlers; the session turns it into a DAP error response. */
export class AdapterError extends Error {
  constructor(readonly error: ErrorName, readonly variables: Record<string, string | number> = {}) {
    super(ERRORS[error].format.replace(/\{(\w+)\}/g, (_, k: string) => String(variables[k] ?? `{${k}}`)));
    this.name = 'AdapterError';
  }
  get code(): number {
    return ERRORS[this.error].id;
  }
}
