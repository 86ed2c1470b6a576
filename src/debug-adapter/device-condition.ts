/**
 * Breakpoint conditions, hit conditions and logpoint messages: checked when they are set (an
 * invalid one leaves the breakpoint unverified with a message, as js-debug does) and compiled
 * into the device's breakpoint programs (protocol 1.1, src/protocol/condition.ts) so that the
 * device decides each hit without a round trip.
 */
import { checkProgram, LOAD_TYPES, Op, PROG_MAX, type LoadType } from '../protocol/condition';
import { HitOp } from '../protocol';
import { ExpressionError, parseExpression, parseLogMessage, type Node } from './evaluate';

export { parseLogMessage };

/** `$name` and `local[N]` / `global[N]` at the breakpoint's function, for the compiler. */
export interface NameScope {
  local(name: string): number | undefined;
  global(name: string): number | undefined;
  localCount: number;
  globalCount: number;
}

export type Compiled = { ok: true; code: Uint8Array } | { ok: false; message: string; invalid: boolean };

/** VS Code hit conditions: `5` (from the 5th hit on), `>5`, `>=5`, `==5`, `<5`, `<=5`, `%5`. */
export function parseHitCondition(cond: string): { op: number; n: number } {
  const m = /^\s*(>=|<=|==|>|<|%)?\s*(\d+)\s*$/.exec(cond);
  if (!m || Number(m[2]) > 0xffffffff) {
    throw new ExpressionError(`Hit condition "${cond}" is not valid: write a number of hits such as 5, >5, >=5, ==5, <5, <=5 or %5.`);
  }
  const op = { '>': HitOp.gt, '<': HitOp.lt, '<=': HitOp.le, '==': HitOp.eq, '%': HitOp.mod, '>=': HitOp.ge }[m[1] ?? '>='] ?? HitOp.ge;
  return { op, n: Number(m[2]) };
}

/** Checks a condition / log message / hit condition; returns the user's message if one is invalid. */
export function validateBreakpoint(b: { condition?: string; hitCondition?: string; logMessage?: string }, scope?: NameScope): string | undefined {
  try {
    if (b.condition?.trim()) checkNames(parseExpression(b.condition), scope);
  } catch (e) {
    return `Invalid condition "${b.condition}": ${(e as Error).message}`;
  }
  try {
    if (b.hitCondition?.trim()) parseHitCondition(b.hitCondition);
  } catch (e) {
    return (e as Error).message;
  }
  if (b.logMessage !== undefined) {
    try {
      for (const p of parseLogMessage(b.logMessage)) if ('expr' in p) checkNames(parseExpression(p.expr), scope);
    } catch (e) {
      return `Invalid log message "${b.logMessage}": ${(e as Error).message}`;
    }
  }
  return undefined;
}

/** Names and indexes that cannot exist at the breakpoint's function are errors at set time. */
function checkNames(n: Node, scope?: NameScope): void {
  if (!scope) return;
  switch (n.k) {
    case 'var':
      if (n.kind === 'name' && scope.local(String(n.key)) === undefined && scope.global(String(n.key)) === undefined) {
        throw new ExpressionError(`${n.key} is not a local of this function nor a global.`);
      }
      if (n.kind === 'local' && Number(n.key) >= scope.localCount) throw new ExpressionError(`local[${n.key}]: this function has ${scope.localCount} locals.`);
      if (n.kind === 'global' && Number(n.key) >= scope.globalCount) throw new ExpressionError(`global[${n.key}]: the module has ${scope.globalCount} globals.`);
      return;
    case 'mem': return checkNames(n.addr, scope);
    case 'un': return checkNames(n.a, scope);
    case 'bin':
      checkNames(n.a, scope);
      return checkNames(n.b, scope);
  }
}

const BIN: Record<string, number> = {
  '+': Op.add, '-': Op.sub, '*': Op.mul, '/': Op.div, '%': Op.rem, '&': Op.and, '|': Op.or, '^': Op.xor,
  '<<': Op.shl, '>>': Op.shr, '==': Op.eq, '!=': Op.ne, '<': Op.lt, '<=': Op.le, '>': Op.gt, '>=': Op.ge,
};

class CannotCompile extends Error {}

function emitNode(n: Node, out: number[], scope?: NameScope): void {
  switch (n.k) {
    case 'num': {
      const b = new DataView(new ArrayBuffer(8));
      if (typeof n.v === 'number' && !Number.isInteger(n.v)) {
        b.setFloat64(0, n.v, true);
        out.push(Op.f64);
      } else {
        const v = BigInt(n.v);
        if (v !== BigInt.asIntN(64, v)) throw new CannotCompile(`${v} does not fit 64 bits`);
        b.setBigInt64(0, v, true);
        out.push(Op.i64);
      }
      out.push(...new Uint8Array(b.buffer));
      return;
    }
    case 'var': {
      let op: number = n.kind === 'global' ? Op.global : Op.local;
      let index = Number(n.key);
      if (n.kind === 'name') {
        const l = scope?.local(String(n.key));
        const g = l === undefined ? scope?.global(String(n.key)) : undefined;
        if (l === undefined && g === undefined) throw new CannotCompile(`${n.key} is not known at this breakpoint`);
        op = l !== undefined ? Op.local : Op.global;
        index = l ?? g!;
      }
      out.push(op, index & 0xff, index >> 8);
      return;
    }
    case 'mem':
      emitNode(n.addr, out, scope);
      out.push(Op.load, LOAD_TYPES.indexOf(n.type as LoadType));
      return;
    case 'un':
      emitNode(n.a, out, scope);
      if (n.op === '-') out.push(Op.neg);
      else if (n.op === '!') out.push(Op.not);
      return;
    case 'bin': {
      emitNode(n.a, out, scope);
      if (n.op === '&&' || n.op === '||') {
        const rhs: number[] = [];
        emitNode(n.b, rhs, scope);
        if (rhs.length > 255) throw new CannotCompile('too long');
        out.push(n.op === '&&' ? Op.andThen : Op.orElse, rhs.length, ...rhs, Op.bool);
        return;
      }
      emitNode(n.b, out, scope);
      out.push(BIN[n.op]);
      return;
    }
  }
}

function finish(code: number[], log: boolean): Compiled {
  const p = Uint8Array.from(code);
  if (p.length > PROG_MAX || !checkProgram(p, log)) {
    return { ok: false, invalid: false, message: `it needs more than the device's ${PROG_MAX} bytes or 8 stack slots` };
  }
  return { ok: true, code: p };
}

function attempt(f: () => number[], log: boolean): Compiled {
  try {
    return finish(f(), log);
  } catch (e) {
    if (e instanceof ExpressionError) return { ok: false, invalid: true, message: e.message };
    if (e instanceof CannotCompile) return { ok: false, invalid: false, message: e.message };
    throw e;
  }
}

/** A condition as a device program (leaves one value: true if non-zero). */
export function compileCondition(src: string, scope?: NameScope): Compiled {
  return attempt(() => {
    const out: number[] = [];
    emitNode(parseExpression(src), out, scope);
    return out;
  }, false);
}

/** A logpoint message's `{expressions}` as a device log program (one value emitted each). */
export function compileLogMessage(msg: string, scope?: NameScope): Compiled {
  return attempt(() => {
    const out: number[] = [];
    for (const p of parseLogMessage(msg)) {
      if (!('expr' in p)) continue;
      emitNode(parseExpression(p.expr), out, scope);
      out.push(Op.emit);
    }
    return out;
  }, true);
}

/** A logpoint's text from the values the device sent, in `{}` order. */
export function formatLogMessage(msg: string, values: (number | bigint | string)[]): string {
  let k = 0;
  return parseLogMessage(msg)
    .map((p) => ('text' in p ? p.text : String(values[k++] ?? '<missing>')))
    .join('');
}
