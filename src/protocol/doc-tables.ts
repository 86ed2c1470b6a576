/** Renders the message tables of docs/protocol.md from the schema (npm run docs:protocol). */
import * as S from './schema';
import { MESSAGES, type FieldKind } from './schema';

const SIZE: Partial<Record<FieldKind, number>> = { u8: 1, u16: 2, u32: 4, i32: 4, sha256: 32 };
const ENCODING: Record<FieldKind, string> = {
  u8: 'u8', u16: 'u16', u32: 'u32', i32: 'i32', sha256: '32 bytes', str: 'str (u16 length + UTF-8)',
  value: 'value', values: 'u16 count + value × count', u32s: 'u16 count + u32 × count',
  frames: 'u16 count + (u32 func, u32 pc) × count', ranges: 'u16 count + (u32 start, u32 end) × count',
  rest: 'bytes to the end of the body',
};

export function renderMessageTables(): string {
  const out: string[] = [];
  const groups: [string, string][] = [['request', 'Requests (host → device)'], ['response', 'Responses (device → host)'], ['error', 'Error response (device → host)'], ['event', 'Events (device → host)']];
  for (const [kind, title] of groups) {
    out.push(`### ${title}`, '');
    for (const [name, d] of Object.entries(MESSAGES)) {
      if (d.kind !== kind) continue;
      const fields = Object.entries(d.fields) as [string, FieldKind][];
      out.push(`#### \`${name}\` — 0x${d.code.toString(16).padStart(2, '0')}`, '');
      if (d.doc) out.push(d.doc, '');
      if (fields.length === 0) {
        out.push('Empty body.', '');
        continue;
      }
      out.push('| offset | field | encoding |', '|---|---|---|');
      let off: number | undefined = 0;
      for (const [f, k] of fields) {
        out.push(`| ${off === undefined ? '…' : off} | \`${f}\` | ${ENCODING[k]} |`);
        const s = SIZE[k];
        off = off === undefined || s === undefined ? undefined : off + s;
      }
      out.push('');
    }
  }
  out.push('### Constants', '');
  const enums: [string, Record<string, number>, string][] = [
    ['Capability', S.Capability, '`helloOk.capabilities` bits'],
    ['DeviceState', S.DeviceState, '`helloOk.state`'],
    ['RunFlag', S.RunFlag, '`run.flags` bits'],
    ['Option', S.Option, '`options.flags` bits'],
    ['StepKind', S.StepKind, '`step.kind`'],
    ['Scope', S.Scope, '`values.scope`, `setValue.scope`'],
    ['Access', S.Access, '`dataBpSet.access`'],
    ['StopReason', S.StopReason, '`stopped.reason`'],
    ['StopFlag', S.StopFlag, '`stopped.flags` bits'],
    ['BpCondFlag', S.BpCondFlag, '`bpSetCond.flags` bits'],
    ['HitOp', S.HitOp, '`bpSetCond.hitOp`'],
    ['ExitReason', S.ExitReason, '`exited.reason`'],
    ['OutputSource', S.OutputSource, '`output.source`'],
    ['OutputLevel', S.OutputLevel, '`output.level`'],
    ['ResetCause', S.ResetCause, '`deviceReset.cause`'],
    ['LinkErrorKind', S.LinkErrorKind, '`linkError.kind`'],
    ['ErrorCode', S.ErrorCode, '`error.code`'],
    ['VALUE_TYPES', S.VALUE_TYPES, 'value tags'],
  ];
  for (const [name, e, where] of enums) {
    out.push(`#### ${name} (${where})`, '', '| name | value |', '|---|---|');
    for (const [k, v] of Object.entries(e)) out.push(`| \`${k}\` | ${v > 9 ? '0x' + v.toString(16) : v} |`);
    out.push('');
  }
  return out.join('\n');
}

export const BEGIN = '<!-- BEGIN GENERATED MESSAGE TABLES (npm run docs:protocol) -->';
export const END = '<!-- END GENERATED MESSAGE TABLES -->';

export function spliceTables(doc: string): string {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error('docs/protocol.md lacks the generated-table markers');
  return doc.slice(0, a + BEGIN.length) + '\n\n' + renderMessageTables() + '\n' + doc.slice(b);
}
