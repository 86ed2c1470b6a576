/** The debug adapter process: DAP over stdin/stdout (`node dist/debug-adapter.js`). */
import { DebugSession } from '@vscode/debugadapter';
import { NrfWasmSession } from './session';

DebugSession.run(NrfWasmSession);
