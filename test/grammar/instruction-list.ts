// The instruction mnemonics of WebAssembly 2.0 (MVP + sign extension + non-trapping float-to-int
// conversions + multi-value + bulk memory + reference types + fixed-width SIMD), written out one by one
// on purpose: this list is the independent oracle the grammar's compact regular expressions are
// checked against (test/grammar/instructions.test.ts), and it is itself checked against wabt's parser.
// Each group maps to the scope its mnemonics must get.

const words = (s: string): string[] => s.trim().split(/\s+/);

export const CONTROL = words(`
  unreachable nop block loop if else end br br_if br_table return call call_indirect
`);

export const PARAMETRIC = words(`drop select`);

export const VARIABLE = words(`local.get local.set local.tee global.get global.set`);

export const TABLE = words(`
  table.get table.set table.size table.grow table.fill table.copy table.init elem.drop
`);

export const REFERENCE = words(`ref.null ref.is_null ref.func`);

export const MEMORY = words(`
  i32.load i64.load f32.load f64.load
  i32.load8_s i32.load8_u i32.load16_s i32.load16_u
  i64.load8_s i64.load8_u i64.load16_s i64.load16_u i64.load32_s i64.load32_u
  i32.store i64.store f32.store f64.store
  i32.store8 i32.store16 i64.store8 i64.store16 i64.store32
  memory.size memory.grow memory.fill memory.copy memory.init data.drop
  v128.load v128.store
  v128.load8x8_s v128.load8x8_u v128.load16x4_s v128.load16x4_u v128.load32x2_s v128.load32x2_u
  v128.load8_splat v128.load16_splat v128.load32_splat v128.load64_splat
  v128.load32_zero v128.load64_zero
  v128.load8_lane v128.load16_lane v128.load32_lane v128.load64_lane
  v128.store8_lane v128.store16_lane v128.store32_lane v128.store64_lane
`);

export const NUMERIC = words(`
  i32.const i64.const f32.const f64.const

  i32.eqz i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u i32.ge_s i32.ge_u
  i64.eqz i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s i64.le_u i64.ge_s i64.ge_u
  f32.eq f32.ne f32.lt f32.gt f32.le f32.ge
  f64.eq f64.ne f64.lt f64.gt f64.le f64.ge

  i32.clz i32.ctz i32.popcnt i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s i32.rem_u
  i32.and i32.or i32.xor i32.shl i32.shr_s i32.shr_u i32.rotl i32.rotr
  i64.clz i64.ctz i64.popcnt i64.add i64.sub i64.mul i64.div_s i64.div_u i64.rem_s i64.rem_u
  i64.and i64.or i64.xor i64.shl i64.shr_s i64.shr_u i64.rotl i64.rotr

  f32.abs f32.neg f32.ceil f32.floor f32.trunc f32.nearest f32.sqrt
  f32.add f32.sub f32.mul f32.div f32.min f32.max f32.copysign
  f64.abs f64.neg f64.ceil f64.floor f64.trunc f64.nearest f64.sqrt
  f64.add f64.sub f64.mul f64.div f64.min f64.max f64.copysign

  i32.wrap_i64
  i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s i32.trunc_f64_u
  i64.extend_i32_s i64.extend_i32_u
  i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s i64.trunc_f64_u
  f32.convert_i32_s f32.convert_i32_u f32.convert_i64_s f32.convert_i64_u f32.demote_f64
  f64.convert_i32_s f64.convert_i32_u f64.convert_i64_s f64.convert_i64_u f64.promote_f32
  i32.reinterpret_f32 i64.reinterpret_f64 f32.reinterpret_i32 f64.reinterpret_i64

  i32.extend8_s i32.extend16_s i64.extend8_s i64.extend16_s i64.extend32_s

  i32.trunc_sat_f32_s i32.trunc_sat_f32_u i32.trunc_sat_f64_s i32.trunc_sat_f64_u
  i64.trunc_sat_f32_s i64.trunc_sat_f32_u i64.trunc_sat_f64_s i64.trunc_sat_f64_u
`);

export const VECTOR = words(`
  v128.const i8x16.shuffle i8x16.swizzle
  i8x16.splat i16x8.splat i32x4.splat i64x2.splat f32x4.splat f64x2.splat
  i8x16.extract_lane_s i8x16.extract_lane_u i8x16.replace_lane
  i16x8.extract_lane_s i16x8.extract_lane_u i16x8.replace_lane
  i32x4.extract_lane i32x4.replace_lane i64x2.extract_lane i64x2.replace_lane
  f32x4.extract_lane f32x4.replace_lane f64x2.extract_lane f64x2.replace_lane

  i8x16.eq i8x16.ne i8x16.lt_s i8x16.lt_u i8x16.gt_s i8x16.gt_u i8x16.le_s i8x16.le_u i8x16.ge_s i8x16.ge_u
  i16x8.eq i16x8.ne i16x8.lt_s i16x8.lt_u i16x8.gt_s i16x8.gt_u i16x8.le_s i16x8.le_u i16x8.ge_s i16x8.ge_u
  i32x4.eq i32x4.ne i32x4.lt_s i32x4.lt_u i32x4.gt_s i32x4.gt_u i32x4.le_s i32x4.le_u i32x4.ge_s i32x4.ge_u
  i64x2.eq i64x2.ne i64x2.lt_s i64x2.gt_s i64x2.le_s i64x2.ge_s
  f32x4.eq f32x4.ne f32x4.lt f32x4.gt f32x4.le f32x4.ge
  f64x2.eq f64x2.ne f64x2.lt f64x2.gt f64x2.le f64x2.ge

  v128.not v128.and v128.andnot v128.or v128.xor v128.bitselect v128.any_true

  i8x16.abs i8x16.neg i8x16.popcnt i8x16.all_true i8x16.bitmask
  i8x16.narrow_i16x8_s i8x16.narrow_i16x8_u
  i8x16.shl i8x16.shr_s i8x16.shr_u
  i8x16.add i8x16.add_sat_s i8x16.add_sat_u i8x16.sub i8x16.sub_sat_s i8x16.sub_sat_u
  i8x16.min_s i8x16.min_u i8x16.max_s i8x16.max_u i8x16.avgr_u

  i16x8.extadd_pairwise_i8x16_s i16x8.extadd_pairwise_i8x16_u
  i16x8.abs i16x8.neg i16x8.q15mulr_sat_s i16x8.all_true i16x8.bitmask
  i16x8.narrow_i32x4_s i16x8.narrow_i32x4_u
  i16x8.extend_low_i8x16_s i16x8.extend_high_i8x16_s i16x8.extend_low_i8x16_u i16x8.extend_high_i8x16_u
  i16x8.shl i16x8.shr_s i16x8.shr_u
  i16x8.add i16x8.add_sat_s i16x8.add_sat_u i16x8.sub i16x8.sub_sat_s i16x8.sub_sat_u i16x8.mul
  i16x8.min_s i16x8.min_u i16x8.max_s i16x8.max_u i16x8.avgr_u
  i16x8.extmul_low_i8x16_s i16x8.extmul_high_i8x16_s i16x8.extmul_low_i8x16_u i16x8.extmul_high_i8x16_u

  i32x4.extadd_pairwise_i16x8_s i32x4.extadd_pairwise_i16x8_u
  i32x4.abs i32x4.neg i32x4.all_true i32x4.bitmask
  i32x4.extend_low_i16x8_s i32x4.extend_high_i16x8_s i32x4.extend_low_i16x8_u i32x4.extend_high_i16x8_u
  i32x4.shl i32x4.shr_s i32x4.shr_u i32x4.add i32x4.sub i32x4.mul
  i32x4.min_s i32x4.min_u i32x4.max_s i32x4.max_u i32x4.dot_i16x8_s
  i32x4.extmul_low_i16x8_s i32x4.extmul_high_i16x8_s i32x4.extmul_low_i16x8_u i32x4.extmul_high_i16x8_u

  i64x2.abs i64x2.neg i64x2.all_true i64x2.bitmask
  i64x2.extend_low_i32x4_s i64x2.extend_high_i32x4_s i64x2.extend_low_i32x4_u i64x2.extend_high_i32x4_u
  i64x2.shl i64x2.shr_s i64x2.shr_u i64x2.add i64x2.sub i64x2.mul
  i64x2.extmul_low_i32x4_s i64x2.extmul_high_i32x4_s i64x2.extmul_low_i32x4_u i64x2.extmul_high_i32x4_u

  f32x4.ceil f32x4.floor f32x4.trunc f32x4.nearest f32x4.abs f32x4.neg f32x4.sqrt
  f32x4.add f32x4.sub f32x4.mul f32x4.div f32x4.min f32x4.max f32x4.pmin f32x4.pmax
  f64x2.ceil f64x2.floor f64x2.trunc f64x2.nearest f64x2.abs f64x2.neg f64x2.sqrt
  f64x2.add f64x2.sub f64x2.mul f64x2.div f64x2.min f64x2.max f64x2.pmin f64x2.pmax

  i32x4.trunc_sat_f32x4_s i32x4.trunc_sat_f32x4_u f32x4.convert_i32x4_s f32x4.convert_i32x4_u
  i32x4.trunc_sat_f64x2_s_zero i32x4.trunc_sat_f64x2_u_zero f64x2.convert_low_i32x4_s f64x2.convert_low_i32x4_u
  f32x4.demote_f64x2_zero f64x2.promote_low_f32x4
`);

/** Every instruction group with the scope its mnemonics must get. */
export const GROUPS: ReadonlyArray<{ name: string; scope: string; mnemonics: readonly string[] }> = [
  { name: 'control', scope: 'keyword.control.wat', mnemonics: CONTROL },
  { name: 'parametric', scope: 'support.function.parametric.wat', mnemonics: PARAMETRIC },
  { name: 'variable', scope: 'support.function.variable.wat', mnemonics: VARIABLE },
  { name: 'table', scope: 'support.function.table.wat', mnemonics: TABLE },
  { name: 'reference', scope: 'support.function.reference.wat', mnemonics: REFERENCE },
  { name: 'memory', scope: 'support.function.memory.wat', mnemonics: MEMORY },
  { name: 'numeric', scope: 'support.function.numeric.wat', mnemonics: NUMERIC },
  { name: 'vector', scope: 'support.function.vector.wat', mnemonics: VECTOR },
];

export const ALL: readonly string[] = GROUPS.flatMap((g) => g.mnemonics);

/**
 * A minimal well-formed use of `m` inside a function body (immediates included) so that a WAT parser
 * accepts it; used to check this list against wabt. Names refer to the module built by wrapForParser().
 */
export function sampleUse(m: string): string {
  const special: Record<string, string> = {
    block: 'block end', loop: 'loop end', if: 'if end', else: 'if else end', end: 'block end',
    br: 'block br 0 end', br_if: 'block br_if 0 end', br_table: 'block br_table 0 0 end',
    call: 'call $f', call_indirect: 'call_indirect (type $t)',
    'ref.null': 'ref.null func', 'ref.func': 'ref.func $f',
    'table.init': 'table.init $e', 'elem.drop': 'elem.drop $e',
    'memory.init': 'memory.init $d', 'data.drop': 'data.drop $d',
    'v128.const': 'v128.const i32x4 0 0 0 0',
    'i8x16.shuffle': 'i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15',
  };
  if (special[m]) return special[m];
  if (/^local\./.test(m)) return `${m} $l`;
  if (/^global\./.test(m)) return `${m} $g`;
  if (/^table\.(get|set|size|grow|fill)$/.test(m)) return `${m} $tab`;
  if (/\.const$/.test(m)) return `${m} 0`;
  if (/_lane(_[su])?$/.test(m)) return `${m} 0`;
  return m;
}

export function wrapForParser(body: string): string {
  return `(module (type $t (func)) (memory 1) (table $tab 1 funcref) (global $g (mut i32) (i32.const 0))
  (func $f) (elem $e func $f) (data $d "")
  (func (local $l i32) ${body}))`;
}
