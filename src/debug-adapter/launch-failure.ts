/** What the extension is told when launch/attach fails (see REPORTS_LAUNCH_FAILURES). */
import type { LaunchFailure } from './custom-requests';
import type { AdapterError, ErrorName } from './errors';

/** Errors about the program itself; every other launch failure is about the device or the link. */
const PROGRAM_ERRORS: readonly ErrorName[] = ['noProgram', 'programNotFound', 'buildFailed', 'unsupportedProgram', 'buildCommandFailed', 'dwarfFailed'];

export function launchFailure(err: AdapterError): LaunchFailure {
  const f: LaunchFailure = { kind: PROGRAM_ERRORS.includes(err.error) ? 'program' : 'device', message: err.message };
  const v = err.variables;
  if (err.error === 'buildFailed' && typeof v.path === 'string') {
    f.path = v.path;
    if (typeof v.line === 'number') f.line = v.line;
    if (typeof v.column === 'number') f.column = v.column;
  }
  return f;
}
