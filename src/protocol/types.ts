/** TypeScript shapes of the messages, derived from the schema so the two cannot drift. */
import type { FieldKind, MESSAGES, MessageName } from './schema';

/**
 * One wasm value. Floats: `bits` holds the IEEE 754 bits of a NaN (u32 for f32, u64 for f64),
 * because a JS number cannot keep a NaN's payload. The decoder sets it on every NaN and only
 * there; the encoder writes it when `value` is NaN. Other floats are exact in `value` alone.
 */
export type Value =
  | { type: 'i32'; value: number }
  | { type: 'i64'; value: bigint }
  | { type: 'f32'; value: number; bits?: number }
  | { type: 'f64'; value: number; bits?: bigint }
  | { type: 'funcref'; value: number | null }
  | { type: 'externref'; value: number | null };

export interface FrameRef { func: number; pc: number }
export interface Range { start: number; end: number }

interface FieldTypes {
  u8: number; u16: number; u32: number; i32: number;
  sha256: Uint8Array; str: string; value: Value; values: Value[];
  u32s: number[]; frames: FrameRef[]; ranges: Range[]; rest: Uint8Array;
}

type Body<F> = { -readonly [K in keyof F]: F[K] extends FieldKind ? FieldTypes[F[K]] : never };

export type Message = { [N in MessageName]: { name: N; id: number } & Body<(typeof MESSAGES)[N]['fields']> }[MessageName];
export type MessageOf<N extends MessageName> = Extract<Message, { name: N }>;
/** A message as given to the encoder: like Message, fields required. */
export type Body_<N extends MessageName> = Body<(typeof MESSAGES)[N]['fields']>;

// A field may not be called `name` or `id`: those are the frame's own.
type Clash = { [N in MessageName]: Extract<keyof (typeof MESSAGES)[N]['fields'], 'name' | 'id'> }[MessageName];
const noClash: [Clash] extends [never] ? true : false = true;
void noClash;
