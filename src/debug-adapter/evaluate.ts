/**
 * The small expression language of conditions, logpoints, hovers, watches and the Debug Console:
 * `$name` (local, then global), `local[3]`, `global[0]`, numbers, memory reads like `i32[0x100]`
 * (also i8 u8 i16 u16 u32 i64 u64 f32 f64), arithmetic, comparisons, `&&`, `||`, `!`, parentheses.
 */
import type { Value } from '../protocol';

export interface EvalContext {
  /** `$name` or `local[N]`/`global[N]` → value, undefined when unknown. */
  variable(kind: 'name' | 'local' | 'global', key: string | number): Promise<Value | undefined>;
  readMemory(address: number, length: number): Promise<Uint8Array>;
}

type Num = number | bigint;
export type Node =
  | { k: 'num'; v: Num }
  | { k: 'var'; kind: 'name' | 'local' | 'global'; key: string | number }
  | { k: 'mem'; type: MemType; addr: Node }
  | { k: 'un'; op: string; a: Node }
  | { k: 'bin'; op: string; a: Node; b: Node };

export const MEM = { i8: 1, u8: 1, i16: 2, u16: 2, i32: 4, u32: 4, i64: 8, u64: 8, f32: 4, f64: 8 } as const;
export type MemType = keyof typeof MEM;

export class ExpressionError extends Error {}

const TOKEN = /\s*(0x[0-9a-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][-+]?\d+)?|\$[0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~]+|[A-Za-z_][A-Za-z0-9_.]*|==|!=|<=|>=|&&|\|\||<<|>>|[-+*/%()<>!\[\]&|^])/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw new ExpressionError(`Unexpected "${src.slice(pos).trim()[0]}" at column ${pos + 1}.`);
    out.push(m[1]);
    pos = TOKEN.lastIndex;
  }
  return out;
}

const BINARY: [string[], number][] = [
  [['||'], 1], [['&&'], 2], [['|'], 3], [['^'], 4], [['&'], 5], [['==', '!='], 6],
  [['<', '<=', '>', '>='], 7], [['<<', '>>'], 8], [['+', '-'], 9], [['*', '/', '%'], 10],
];
const PREC = new Map<string, number>(BINARY.flatMap(([ops, p]) => ops.map((o) => [o, p] as [string, number])));

export function parseExpression(src: string): Node {
  const t = tokenize(src);
  let i = 0;
  const peek = () => t[i];
  const eat = (s: string) => {
    if (t[i] !== s) throw new ExpressionError(`Expected "${s}"${t[i] ? ` but found "${t[i]}"` : ' at the end'}.`);
    i++;
  };
  const primary = (): Node => {
    const s = t[i++];
    if (s === undefined) throw new ExpressionError('The expression ends too early.');
    if (s === '(') {
      const e = expr(0);
      eat(')');
      return e;
    }
    if (s === '-' || s === '!' || s === '+') return { k: 'un', op: s, a: primary() };
    if (/^\d|^0x/i.test(s)) {
      const c = s.replace(/_/g, '');
      return { k: 'num', v: /[.eE]/.test(c) && !/^0x/i.test(c) ? Number(c) : toNum(BigInt(c)) };
    }
    if (s.startsWith('$')) return { k: 'var', kind: 'name', key: s };
    if (s in MEM && peek() === '[') {
      eat('[');
      const addr = expr(0);
      eat(']');
      return { k: 'mem', type: s as MemType, addr };
    }
    if ((s === 'local' || s === 'global') && peek() === '[') {
      eat('[');
      const n = t[i++];
      if (!n || !/^\d+$/.test(n)) throw new ExpressionError(`${s}[…] takes an index.`);
      eat(']');
      return { k: 'var', kind: s, key: Number(n) };
    }
    throw new ExpressionError(`Unknown name "${s}" (locals and globals are written $name).`);
  };
  const expr = (min: number): Node => {
    let a = primary();
    for (;;) {
      const op = peek();
      const p = op === undefined ? undefined : PREC.get(op);
      if (p === undefined || p <= min) return a;
      i++;
      a = { k: 'bin', op: op!, a, b: expr(p) };
    }
  };
  const e = expr(0);
  if (i < t.length) throw new ExpressionError(`Unexpected "${t[i]}".`);
  return e;
}

function toNum(b: bigint): Num {
  return b >= -(2n ** 53n) && b <= 2n ** 53n ? Number(b) : b;
}

function valueToNum(v: Value): Num {
  if (v.type === 'funcref' || v.type === 'externref') return v.value === null ? -1 : v.value;
  return v.value;
}

async function evalNode(n: Node, ctx: EvalContext): Promise<Num> {
  switch (n.k) {
    case 'num':
      return n.v;
    case 'var': {
      const v = await ctx.variable(n.kind, n.key);
      if (!v) throw new ExpressionError(`${n.kind === 'name' ? n.key : `${n.kind}[${n.key}]`} is not defined here.`);
      return valueToNum(v);
    }
    case 'mem': {
      const addr = await evalNode(n.addr, ctx);
      const a = Number(addr);
      if (!Number.isInteger(a) || a < 0 || a > 0xffffffff) throw new ExpressionError(`${addr} is not a memory address.`);
      const b = await ctx.readMemory(a, MEM[n.type]);
      if (b.length < MEM[n.type]) throw new ExpressionError(`${n.type}[${a}] is past the end of linear memory.`);
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      switch (n.type) {
        case 'i8': return dv.getInt8(0);
        case 'u8': return dv.getUint8(0);
        case 'i16': return dv.getInt16(0, true);
        case 'u16': return dv.getUint16(0, true);
        case 'i32': return dv.getInt32(0, true);
        case 'u32': return dv.getUint32(0, true);
        case 'i64': return toNum(dv.getBigInt64(0, true));
        case 'u64': return toNum(dv.getBigUint64(0, true));
        case 'f32': return dv.getFloat32(0, true);
        case 'f64': return dv.getFloat64(0, true);
      }
      break;
    }
    case 'un': {
      const a = await evalNode(n.a, ctx);
      if (n.op === '!') return isTrue(a) ? 0 : 1;
      return n.op === '-' ? -a : a;
    }
    case 'bin': {
      if (n.op === '&&') return isTrue(await evalNode(n.a, ctx)) && isTrue(await evalNode(n.b, ctx)) ? 1 : 0;
      if (n.op === '||') return isTrue(await evalNode(n.a, ctx)) || isTrue(await evalNode(n.b, ctx)) ? 1 : 0;
      return binary(n.op, await evalNode(n.a, ctx), await evalNode(n.b, ctx));
    }
  }
  throw new ExpressionError('unreachable');
}

function isTrue(v: Num): boolean {
  return v !== 0 && v !== 0n;
}

/** Comparisons give 1 or 0 (both operands of one kind: two bigints or two numbers); undefined for other operators. */
function compare<T extends Num>(op: string, x: T, y: T): 1 | 0 | undefined {
  switch (op) {
    case '==': return x === y ? 1 : 0;
    case '!=': return x !== y ? 1 : 0;
    case '<': return x < y ? 1 : 0;
    case '<=': return x <= y ? 1 : 0;
    case '>': return x > y ? 1 : 0;
    case '>=': return x >= y ? 1 : 0;
  }
  return undefined;
}

function binary(op: string, a: Num, b: Num): Num {
  const ints = Number.isInteger(Number(a)) && Number.isInteger(Number(b)) && (typeof a === 'bigint' || typeof b === 'bigint');
  if (ints) {
    const x = BigInt(a);
    const y = BigInt(b);
    const c = compare(op, x, y);
    if (c !== undefined) return c;
    switch (op) {
      case '+': return toNum(x + y);
      case '-': return toNum(x - y);
      case '*': return toNum(x * y);
      case '/': if (y === 0n) throw new ExpressionError('Division by zero.'); return toNum(x / y);
      case '%': if (y === 0n) throw new ExpressionError('Division by zero.'); return toNum(x % y);
      case '&': return toNum(x & y);
      case '|': return toNum(x | y);
      case '^': return toNum(x ^ y);
      case '<<': return toNum(x << y);
      case '>>': return toNum(x >> y);
    }
  }
  const x = Number(a);
  const y = Number(b);
  const c = compare(op, x, y);
  if (c !== undefined) return c;
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/':
      if (Number.isInteger(x) && Number.isInteger(y)) {
        if (y === 0) throw new ExpressionError('Division by zero.');
        return Math.trunc(x / y);
      }
      return x / y;
    case '%': if (y === 0) throw new ExpressionError('Division by zero.'); return x % y;
    case '&': return toNum(BigInt(x) & BigInt(y));
    case '|': return toNum(BigInt(x) | BigInt(y));
    case '^': return toNum(BigInt(x) ^ BigInt(y));
    case '<<': return toNum(BigInt(x) << BigInt(y));
    case '>>': return toNum(BigInt(x) >> BigInt(y));
  }
  throw new ExpressionError(`Unknown operator ${op}.`);
}

/** Evaluates to a number (bigint past 2^53). */
export async function evaluateExpression(src: string, ctx: EvalContext): Promise<Num> {
  return evalNode(parseExpression(src), ctx);
}

/** A logpoint message: text and `{expression}` parts. `\{` and `\}` are literal braces. */
export type LogPart = { text: string } | { expr: string };

export function parseLogMessage(msg: string): LogPart[] {
  const parts: LogPart[] = [];
  let text = '';
  for (let i = 0; i < msg.length; i++) {
    const c = msg[i];
    if (c === '\\' && (msg[i + 1] === '{' || msg[i + 1] === '}')) {
      text += msg[++i];
    } else if (c === '{') {
      const end = msg.indexOf('}', i + 1);
      if (end < 0) throw new ExpressionError(`The "{" at column ${i + 1} has no closing "}" (write \\{ for a literal brace).`);
      if (text) parts.push({ text });
      text = '';
      parts.push({ expr: msg.slice(i + 1, end) });
      i = end;
    } else text += c;
  }
  if (text) parts.push({ text });
  return parts;
}

/** Expands `{expr}` in a logpoint message (`\{` is a literal brace); `text` evaluates a part its own way (C/Rust parts). */
export async function interpolateLogMessage(msg: string, ctx: EvalContext, text?: (expr: string) => Promise<string> | undefined): Promise<string> {
  let parts: LogPart[];
  try {
    parts = parseLogMessage(msg);
  } catch (e) {
    return `<${(e as Error).message}>`;
  }
  const out: string[] = [];
  for (const p of parts) {
    if ('expr' in p) {
      try {
        out.push(await (text?.(p.expr) ?? evaluateExpression(p.expr, ctx).then(String)));
      } catch (e) {
        out.push(`<${(e as Error).message}>`);
      }
    } else out.push(p.text);
  }
  return out.join('');
}

/** Whether a hover/watch text names something we can evaluate (`$x`, `i32[...]`). */
export function isSimpleHoverTarget(s: string): boolean {
  return /^\$[0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~]+$/.test(s.trim());
}
