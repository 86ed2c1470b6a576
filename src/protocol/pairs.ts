/** Which response answers which request (the response code is the request code | 0x80). */
import type { MessageName } from './schema';
import type { MessageOf } from './types';

export const RESPONSE_OF = {
  hello: 'helloOk', uploadBegin: 'uploadBeginOk', uploadChunk: 'uploadAck', uploadCommit: 'uploadCommitOk',
  uploadAbort: 'uploadAbortOk', run: 'runOk', stop: 'stopOk', reset: 'resetOk', options: 'optionsOk',
  bpSet: 'bpSetOk', bpClear: 'bpClearOk', continue: 'continueOk', pause: 'pauseOk', step: 'stepOk',
  frames: 'framesOk', values: 'valuesOk', setValue: 'setValueOk', memRead: 'memReadOk', memWrite: 'memWriteOk',
  dataBpSet: 'dataBpSetOk', dataBpClear: 'dataBpClearOk', input: 'inputOk', ping: 'pingOk',
  bondList: 'bondListOk', bondErase: 'bondEraseOk',
  bpSetCond: 'bpSetCondOk',
  valuesUpTo: 'valuesUpToOk',
} as const satisfies Record<string, MessageName>;

export type RequestName = keyof typeof RESPONSE_OF;
export type ResponseTo<N extends RequestName> = MessageOf<(typeof RESPONSE_OF)[N]>;
export type EventName = 'stopped' | 'output' | 'exited' | 'trap' | 'deviceReset' | 'led' | 'linkError' | 'logHit';
export type EventMessage = MessageOf<EventName>;
