/*
 * nrf-wasm device debug protocol, version 1: portable C codec.
 *
 * The wire format is specified in docs/protocol.md; the TypeScript codec in src/protocol/ is the
 * other implementation and test/vectors/protocol/vectors.json keeps the two in step.
 *
 *   frame       type u8 | id u16 | body | crc32 u32    (little-endian, CRC-32/ISO-HDLC)
 *   wire block  COBS(frame) | 0x00
 *
 * Portable C11: no allocation, no Zephyr or WAMR headers, no floating point. All buffers are the
 * caller's. Decoded messages are zero-copy: strings, byte fields and lists point into the frame
 * buffer they were decoded from and stay valid only as long as that buffer is not reused.
 *
 * Receiving:
 *
 *	static uint8_t rx_buf[NWP_READER_BUF_SIZE(1024)];
 *	struct nwp_reader rx;
 *	struct nwp_msg msg;
 *
 *	nwp_reader_init(&rx, rx_buf, sizeof(rx_buf), NWP_MIN_MAX_FRAME);
 *	(after answering hello: nwp_reader_set_max_frame(&rx, 1024), the helloOk.maxFrame sent)
 *	...
 *	rc = nwp_reader_push(&rx, byte, &msg);
 *	if (rc == NWP_READ_MSG) {
 *		handle(&msg);                      (msg points into rx_buf)
 *	} else if (rc == -NWP_RX_UNKNOWN_TYPE || rc == -NWP_RX_MALFORMED) {
 *		answer `error` to msg.type / msg.id (NWP_ERR_UNKNOWN_TYPE / NWP_ERR_MALFORMED)
 *	} else if (rc < 0) {
 *		send a `linkError` event with kind -rc (NWP_LINK_*)
 *	}
 *
 * Sending, field by field (the usual way on the device):
 *
 *	struct nwp_writer w;
 *
 *	size = MIN(sizeof(tx_buf), NWP_WIRE_SIZE(peer_max_frame));
 *	nwp_writer_init(&w, tx_buf, size, NWP_MSG_EXITED, seq);
 *	nwp_put_u8(&w, NWP_EXIT_RETURNED);
 *	nwp_put_i32(&w, code);
 *	len = nwp_writer_finish(&w);     (wire bytes in tx_buf[0..len), or -ENOSPC / -EINVAL)
 *
 * or from a filled-in struct nwp_msg with nwp_encode().
 *
 * Return values: decoding returns 0 or -NWP_RX_* (a rejection kind, below); encoding returns a
 * length or -ENOSPC (buffer too small) / -EINVAL (bad argument). The two never mix.
 */
#ifndef NRF_WASM_PROTOCOL_H_
#define NRF_WASM_PROTOCOL_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- protocol constants (src/protocol/schema.ts) ------------------------------------------- */

#define NWP_PROTOCOL_VERSION     1
#define NWP_PROTOCOL_VERSION_MIN 1
/* Every peer accepts decoded frames of at least this size, before and after the handshake. */
#define NWP_MIN_MAX_FRAME        256
/* Upload chunks are multiples of this, the module's last one aside (protocol.md 3.3). */
#define NWP_CHUNK_ALIGN          16u
/* type + id + crc: the smallest frame. */
#define NWP_FRAME_OVERHEAD       7
/* A response's type is its request's type | NWP_RESPONSE_BIT. */
#define NWP_RESPONSE_BIT         0x80
#define NWP_NULL_REF             0xffffffffu
#define NWP_BP_REFUSED           0xffffffffu

/* COBS-encoded size bound of an n-byte frame (delimiter excluded), as docs/protocol.md 1.2. */
#define NWP_COBS_BOUND(n)        ((n) + ((n) + 253) / 254 + 1)
/* Wire buffer that always holds one frame of up to n decoded bytes, delimiter included. */
#define NWP_WIRE_SIZE(n)         (NWP_COBS_BOUND(n) + 1)
/* Stream reader buffer for a maximum frame of n bytes (frames are decoded as they arrive). */
#define NWP_READER_BUF_SIZE(n)   (n)

/** Message types (the frame's first byte). Same names and codes as MESSAGES in schema.ts. */
enum nwp_msg_type {
	/* requests, host -> device */
	NWP_MSG_HELLO = 0x01,
	NWP_MSG_UPLOAD_BEGIN = 0x02,
	NWP_MSG_UPLOAD_CHUNK = 0x03,
	NWP_MSG_UPLOAD_COMMIT = 0x04,
	NWP_MSG_UPLOAD_ABORT = 0x05,
	NWP_MSG_RUN = 0x06,
	NWP_MSG_STOP = 0x07,
	NWP_MSG_RESET = 0x08,
	NWP_MSG_OPTIONS = 0x09,
	NWP_MSG_BP_SET = 0x0a,
	NWP_MSG_BP_CLEAR = 0x0b,
	NWP_MSG_CONTINUE = 0x0c,
	NWP_MSG_PAUSE = 0x0d,
	NWP_MSG_STEP = 0x0e,
	NWP_MSG_FRAMES = 0x0f,
	NWP_MSG_VALUES = 0x10,
	NWP_MSG_SET_VALUE = 0x11,
	NWP_MSG_MEM_READ = 0x12,
	NWP_MSG_MEM_WRITE = 0x13,
	NWP_MSG_DATA_BP_SET = 0x14,
	NWP_MSG_DATA_BP_CLEAR = 0x15,
	NWP_MSG_INPUT = 0x16,
	NWP_MSG_PING = 0x17,
	NWP_MSG_BOND_LIST = 0x18,
	NWP_MSG_BOND_ERASE = 0x19,
	NWP_MSG_BP_SET_COND = 0x1a, /* protocol 1.1 */
	NWP_MSG_VALUES_UP_TO = 0x1e, /* protocol 1.2 */

	/* responses, device -> host: request | 0x80 */
	NWP_MSG_HELLO_OK = 0x81,
	NWP_MSG_UPLOAD_BEGIN_OK = 0x82,
	NWP_MSG_UPLOAD_ACK = 0x83,
	NWP_MSG_UPLOAD_COMMIT_OK = 0x84,
	NWP_MSG_UPLOAD_ABORT_OK = 0x85,
	NWP_MSG_RUN_OK = 0x86,
	NWP_MSG_STOP_OK = 0x87,
	NWP_MSG_RESET_OK = 0x88,
	NWP_MSG_OPTIONS_OK = 0x89,
	NWP_MSG_BP_SET_OK = 0x8a,
	NWP_MSG_BP_CLEAR_OK = 0x8b,
	NWP_MSG_CONTINUE_OK = 0x8c,
	NWP_MSG_PAUSE_OK = 0x8d,
	NWP_MSG_STEP_OK = 0x8e,
	NWP_MSG_FRAMES_OK = 0x8f,
	NWP_MSG_VALUES_OK = 0x90,
	NWP_MSG_SET_VALUE_OK = 0x91,
	NWP_MSG_MEM_READ_OK = 0x92,
	NWP_MSG_MEM_WRITE_OK = 0x93,
	NWP_MSG_DATA_BP_SET_OK = 0x94,
	NWP_MSG_DATA_BP_CLEAR_OK = 0x95,
	NWP_MSG_INPUT_OK = 0x96,
	NWP_MSG_PING_OK = 0x97,
	NWP_MSG_BOND_LIST_OK = 0x98,
	NWP_MSG_BOND_ERASE_OK = 0x99,
	NWP_MSG_BP_SET_COND_OK = 0x9a,
	NWP_MSG_VALUES_UP_TO_OK = 0x9e,

	/* error response, device -> host */
	NWP_MSG_ERROR = 0xff,

	/* events, device -> host; id = event sequence number */
	NWP_MSG_STOPPED = 0x40,
	NWP_MSG_OUTPUT = 0x41,
	NWP_MSG_EXITED = 0x42,
	NWP_MSG_TRAP = 0x43,
	NWP_MSG_DEVICE_RESET = 0x44,
	NWP_MSG_LED = 0x45,
	NWP_MSG_LINK_ERROR = 0x46,
	NWP_MSG_LOG_HIT = 0x47, /* protocol 1.1 */
};

/* Capability: helloOk.capabilities bits */
#define NWP_CAP_UPLOAD           0x001u
#define NWP_CAP_DEBUG            0x002u
#define NWP_CAP_DATA_BREAKPOINTS 0x004u
#define NWP_CAP_SET_LOCAL        0x008u
#define NWP_CAP_SET_GLOBAL       0x010u
#define NWP_CAP_MEMORY_WRITE     0x020u
#define NWP_CAP_BUTTONS_INPUT    0x040u
#define NWP_CAP_LEDS             0x080u
#define NWP_CAP_RESUMABLE_UPLOAD 0x100u
#define NWP_CAP_PERSISTENT_STORE 0x200u
#define NWP_CAP_RESET            0x400u
#define NWP_CAP_BONDS            0x800u
#define NWP_CAP_DEVICE_CONDITIONS 0x1000u /* protocol 1.1: bpSetCond, logHit */
#define NWP_CAP_UPLOAD_ANY_CHUNK 0x8000u /* protocol 1.2: chunks shorter than chunkMax */
#define NWP_CAP_PIPELINING       0x10000u /* protocol 1.2: requests answered in order, pipelined */

/* DeviceState: helloOk.state */
enum { NWP_STATE_IDLE = 0, NWP_STATE_RUNNING = 1, NWP_STATE_PAUSED = 2 };

/* RunFlag: run.flags bits */
#define NWP_RUN_STOP_ON_ENTRY    0x01u

/* Option: options.flags bits */
#define NWP_OPTION_STOP_ON_TRAP  0x01u

/* StepKind: step.kind */
enum { NWP_STEP_INTO = 0, NWP_STEP_OVER = 1, NWP_STEP_OUT = 2 };

/* Scope: values.scope, setValue.scope */
enum { NWP_SCOPE_LOCALS = 0, NWP_SCOPE_OPERAND_STACK = 1, NWP_SCOPE_GLOBALS = 2 };

/* Access: dataBpSet.access */
enum { NWP_ACCESS_WRITE = 1, NWP_ACCESS_READ = 2, NWP_ACCESS_READ_WRITE = 3 };

/* StopReason: stopped.reason */
enum {
	NWP_STOP_ENTRY = 0,
	NWP_STOP_BREAKPOINT = 1,
	NWP_STOP_STEP = 2,
	NWP_STOP_PAUSE = 3,
	NWP_STOP_TRAP = 4,
	NWP_STOP_DATA_BREAKPOINT = 5,
};

/* StopFlag: stopped.flags bits */
#define NWP_STOP_FLAG_LOCALS_COMPLETE 0x01u
#define NWP_STOP_FLAG_CONDITION_ERROR 0x02u

/* bpSetCond.flags and .hit_op */
#define NWP_BPC_FLAG_LOG 0x01u
enum nwp_hit_op {
	NWP_HIT_NONE = 0,
	NWP_HIT_GE = 1,
	NWP_HIT_GT = 2,
	NWP_HIT_EQ = 3,
	NWP_HIT_LT = 4,
	NWP_HIT_LE = 5,
	NWP_HIT_MOD = 6,
};

/* ExitReason: exited.reason */
enum { NWP_EXIT_RETURNED = 0, NWP_EXIT_EXIT = 1, NWP_EXIT_TRAP = 2, NWP_EXIT_STOPPED = 3 };

/* OutputSource: output.source */
enum { NWP_OUTPUT_SOURCE_APP = 0, NWP_OUTPUT_SOURCE_DEVICE = 1 };

/* OutputLevel: output.level */
enum {
	NWP_OUTPUT_LEVEL_ERROR = 0,
	NWP_OUTPUT_LEVEL_WARNING = 1,
	NWP_OUTPUT_LEVEL_INFO = 2,
	NWP_OUTPUT_LEVEL_DEBUG = 3,
};

/* ResetCause: deviceReset.cause */
enum {
	NWP_RESET_CAUSE_POWER_ON = 0,
	NWP_RESET_CAUSE_REQUESTED = 1,
	NWP_RESET_CAUSE_WATCHDOG = 2,
	NWP_RESET_CAUSE_FAULT = 3,
	NWP_RESET_CAUSE_OTHER = 4,
};

/* LinkErrorKind: linkError.kind (equal to the first four enum nwp_rx_error values) */
enum { NWP_LINK_COBS = 1, NWP_LINK_SHORT = 2, NWP_LINK_CRC = 3, NWP_LINK_TOO_LONG = 4 };

/* ErrorCode: error.code (wire codes of the `error` response, not C return values) */
enum {
	NWP_ERR_UNKNOWN_TYPE = 0x01,
	NWP_ERR_UNSUPPORTED_VERSION = 0x02,
	NWP_ERR_NO_HANDSHAKE = 0x03,
	NWP_ERR_MALFORMED = 0x04,
	NWP_ERR_INVALID_STATE = 0x05,
	NWP_ERR_NO_MODULE = 0x06,
	NWP_ERR_HASH_MISMATCH = 0x07,
	NWP_ERR_UPLOAD_SEQUENCE = 0x08,
	NWP_ERR_TOO_LARGE = 0x09,
	NWP_ERR_INVALID_MODULE = 0x0a,
	NWP_ERR_STORAGE = 0x0b,
	NWP_ERR_OUT_OF_BOUNDS = 0x0c,
	NWP_ERR_TABLE_FULL = 0x0d,
	NWP_ERR_UNSUPPORTED = 0x0e,
	NWP_ERR_NOT_AUTHORIZED = 0x0f,
	NWP_ERR_NO_SUCH_EXPORT = 0x10,
	NWP_ERR_INTERNAL = 0x11,
	NWP_ERR_NO_SUCH_BOND = 0x12,
	NWP_ERR_BAD_PROGRAM = 0x14,
};

/* VALUE_TYPES: value tags (the wasm binary value type bytes) */
enum {
	NWP_VAL_I32 = 0x7f,
	NWP_VAL_I64 = 0x7e,
	NWP_VAL_F32 = 0x7d,
	NWP_VAL_F64 = 0x7c,
	NWP_VAL_FUNCREF = 0x70,
	NWP_VAL_EXTERNREF = 0x6f,
};

/**
 * Why a received block was rejected (docs/protocol.md 1.2), returned negated. The first four
 * are link errors (the id cannot be trusted) and equal NWP_LINK_*, so `-rc` is the linkError
 * kind; the last two come with a trustworthy type and id to answer with an `error` response.
 */
enum nwp_rx_error {
	NWP_RX_COBS = 1,         /* a COBS code runs past the end of the block */
	NWP_RX_SHORT = 2,        /* decoded frame shorter than NWP_FRAME_OVERHEAD */
	NWP_RX_CRC = 3,          /* CRC-32 mismatch */
	NWP_RX_TOO_LONG = 4,     /* longer than the maximum frame */
	NWP_RX_UNKNOWN_TYPE = 5, /* good CRC, unknown type: answer NWP_ERR_UNKNOWN_TYPE */
	NWP_RX_MALFORMED = 6,    /* known type, body does not match: answer NWP_ERR_MALFORMED */
};

/* ---- decoded message -------------------------------------------------------------------- */

/** Bytes to the end of the body (`rest` fields). */
struct nwp_bytes {
	const uint8_t *ptr;
	size_t len;
};

/** A `str` field: UTF-8 as received (not validated, not NUL-terminated). */
struct nwp_str {
	const char *ptr;
	size_t len;
};

/**
 * A list field (u32s, frames, ranges, values): `count` items exactly as on the wire at `ptr`,
 * `size` bytes in all. Read items with nwp_list_u32() (u32s: item i; frames and ranges: item i
 * is the pair 2i, 2i+1) or nwp_get_value() (values). To encode one, point `ptr` at wire-format
 * items (values: `size` must be their exact length; fixed-size lists ignore `size`).
 */
struct nwp_list {
	const uint8_t *ptr;
	size_t size;
	uint16_t count;
};

/** One typed WebAssembly value; floats as raw IEEE 754 bits (the codec uses no FPU). */
struct nwp_value {
	uint8_t tag; /* NWP_VAL_* */
	union {
		int32_t i32;
		int64_t i64;
		uint32_t f32_bits;
		uint64_t f64_bits;
		uint32_t ref; /* funcref / externref; NWP_NULL_REF = null */
	};
};

/**
 * A message: type, id and the body of that type in `u` (messages with an empty body have no
 * member). Field names are schema.ts's in snake_case.
 */
struct nwp_msg {
	uint8_t type; /* enum nwp_msg_type */
	uint16_t id;
	union {
		/* requests */
		struct { uint16_t version_min, version_max, max_frame; } hello;
		struct { uint32_t size; const uint8_t *sha256; } upload_begin;
		struct { uint32_t offset; struct nwp_bytes data; } upload_chunk;
		struct { uint8_t flags; struct nwp_str entry; } run;
		struct { uint32_t flags; } options;
		struct { struct nwp_list offsets; } bp_set;    /* u32s */
		struct { struct nwp_list offsets; } bp_clear;  /* u32s */
		struct { uint8_t kind; struct nwp_list ranges; } step; /* (start, end) pairs */
		struct { uint16_t start, count; } frames;
		struct { uint8_t scope; uint16_t frame, start; } values;
		struct { uint8_t scope; uint16_t frame, start, max; } values_up_to;
		struct { uint8_t scope; uint16_t frame, index; struct nwp_value value; } set_value;
		struct { uint32_t address; uint16_t length; } mem_read;
		struct { uint32_t address; struct nwp_bytes data; } mem_write;
		struct { uint32_t address; uint8_t length, access; } data_bp_set;
		struct { uint8_t watch_id; } data_bp_clear;
		struct { uint8_t button, pressed; } input;
		struct { struct nwp_bytes data; } ping;
		struct { struct nwp_bytes bond; } bond_erase; /* 7 bytes, or empty: all */
		struct {
			uint32_t offset;
			uint8_t flags, hit_op;
			uint32_t hit_count;
			uint16_t cond_length;
			struct nwp_bytes program;
		} bp_set_cond;

		/* responses */
		struct {
			uint16_t version;
			uint32_t capabilities;
			uint16_t max_frame;
			uint32_t free_memory;
			uint8_t state;
			const uint8_t *module_sha256; /* 32 bytes */
			uint32_t module_size;
			struct nwp_str board, runtime, runtime_version, firmware_version;
		} hello_ok;
		struct { uint32_t resume_from; uint16_t chunk_max, window; } upload_begin_ok;
		struct { uint32_t received; } upload_ack;
		struct { uint8_t slot; const uint8_t *sha256; uint32_t size; } upload_commit_ok;
		struct { struct nwp_list resolved; } bp_set_ok;  /* u32s */
		struct { uint16_t total; struct nwp_list frames; } frames_ok; /* (func, pc) pairs */
		struct { uint16_t total; struct nwp_list values; } values_ok;
		struct { uint16_t total; struct nwp_list values; } values_up_to_ok;
		struct { uint32_t address, memory_size; struct nwp_bytes data; } mem_read_ok;
		struct { uint8_t watch_id; } data_bp_set_ok;
		struct { struct nwp_bytes data; } ping_ok;
		struct { struct nwp_bytes bonds; } bond_list_ok; /* 7 bytes each */
		struct { uint8_t erased; } bond_erase_ok;
		struct { uint32_t resolved; } bp_set_cond_ok;
		struct { uint16_t code; uint8_t request_type; struct nwp_str message; } error;

		/* events */
		struct {
			uint8_t reason, flags;
			uint32_t hit;
			uint16_t depth;
			uint32_t func, pc;
			struct nwp_list locals; /* values */
		} stopped;
		struct { uint8_t source, level; struct nwp_str text; } output;
		struct { uint8_t reason; int32_t code; } exited;
		struct { uint32_t func, pc; struct nwp_str message; } trap;
		struct { uint8_t cause; } device_reset;
		struct { uint8_t led, on; } led;
		struct { uint8_t kind; uint16_t count; } link_error;
		struct { uint32_t offset; struct nwp_list values; } log_hit;
	} u;
};

/* ---- little-endian helpers ---------------------------------------------------------------- */

static inline uint16_t nwp_get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t nwp_get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static inline void nwp_set_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void nwp_set_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/** Item @p i of a u32s list, or word @p i of a frames / ranges list (pair k = words 2k, 2k+1). */
static inline uint32_t nwp_list_u32(const struct nwp_list *l, size_t i)
{
	return nwp_get_u32(l->ptr + 4 * i);
}

/**
 * Reads one value (tag + payload) from @p p, at most @p avail bytes.
 *
 * @return its encoded size (5 or 9), or 0 for an unknown tag or too few bytes.
 *	   @p v may be NULL to only measure.
 *
 * Iterating a decoded values list (already validated by the decoder):
 *	for (size_t i = 0, off = 0; i < l.count; i++) {
 *		off += nwp_get_value(l.ptr + off, l.size - off, &v);
 *		...
 *	}
 */
size_t nwp_get_value(const uint8_t *p, size_t avail, struct nwp_value *v);

/* ---- CRC-32/ISO-HDLC, COBS ----------------------------------------------------------------- */

/**
 * Updates a CRC-32/ISO-HDLC (zlib crc32() convention: start with 0, pass the previous result to
 * continue). nwp_crc32(0, "123456789", 9) == 0xcbf43926.
 *
 * Build options: default is a 16-entry (64-byte) table, two lookups per byte; define
 * NWP_CRC32_TABLE8 for a 1 KiB table, one lookup per byte; or define NWP_CRC32_UPDATE to the
 * name of an existing function with the same signature and convention (on Zephyr:
 * -DNWP_CRC32_UPDATE=crc32_ieee_update) to share it and drop ours.
 */
uint32_t nwp_crc32(uint32_t crc, const uint8_t *data, size_t len);

/**
 * COBS-encodes @p len bytes from @p src to @p dst (no 0x00 delimiter appended).
 * @p dst must hold NWP_COBS_BOUND(len) bytes. In place is allowed when
 * dst <= src - (1 + len / 254) (the encoding runs ahead of its input by at most that much).
 *
 * @return the encoded length.
 */
size_t nwp_cobs_encode(uint8_t *dst, const uint8_t *src, size_t len);

/**
 * Decodes one COBS block (without its 0x00 delimiter). @p dst may equal @p src (decoding never
 * runs ahead of its input); otherwise it must hold @p len bytes.
 *
 * @return the decoded length, or -NWP_RX_COBS if a code runs past the end or a 0x00 is inside.
 */
int nwp_cobs_decode(uint8_t *dst, const uint8_t *src, size_t len);

/* ---- decoding ----------------------------------------------------------------------------- */

/**
 * Decodes one frame (COBS already removed): length, CRC, type, body layout, in that order.
 *
 * @return 0, or -NWP_RX_SHORT, -NWP_RX_CRC, -NWP_RX_UNKNOWN_TYPE, -NWP_RX_MALFORMED. On the last
 *	   two, msg->type and msg->id are the frame's (answer with an `error` response).
 *	   On success @p msg points into @p frame.
 */
int nwp_decode_frame(const uint8_t *frame, size_t len, struct nwp_msg *msg);

/** Stream reader: splits a byte stream at 0x00 and decodes each block as it arrives. */
struct nwp_reader {
	uint8_t *buf;      /* decoded frame bytes; the last result's frame is buf[0..len) */
	size_t size;       /* capacity of buf */
	size_t max_frame;  /* largest decoded frame accepted */
	size_t bound;      /* NWP_COBS_BOUND(max_frame): longest block accepted */
	size_t next_max;   /* max_frame from the next block on (nwp_reader_set_max_frame) */
	size_t raw;        /* encoded bytes of the current block so far */
	size_t len;        /* decoded bytes of the current block so far */
	uint8_t code;      /* current COBS code byte */
	uint8_t left;      /* data bytes still due in the current COBS group */
	bool skip;         /* dropping an overlong block up to the next 0x00 */
};

/* nwp_reader_push() / nwp_reader_feed() results besides -NWP_RX_* */
#define NWP_READ_MORE 0 /* nothing complete yet */
#define NWP_READ_MSG  1 /* a message was decoded into *msg */

/**
 * Initialises @p r to decode frames of up to @p max_frame bytes into @p buf.
 * @p size must be at least NWP_READER_BUF_SIZE(max_frame) (max_frame is capped to it).
 */
void nwp_reader_init(struct nwp_reader *r, uint8_t *buf, size_t size, size_t max_frame);

/**
 * Changes the maximum frame (after the handshake), from the next block on: a block already
 * begun (or being skipped as too long) is judged by the maximum it began under.
 *
 * @return 0, or -EINVAL if @p max_frame exceeds the buffer (nothing changed).
 */
int nwp_reader_set_max_frame(struct nwp_reader *r, size_t max_frame);

/**
 * Feeds bytes until one block completes or the input is used up; *used (may be NULL when you
 * feed one byte) is the number of bytes consumed. Loop until all are used:
 *
 *	while (len > 0) {
 *		rc = nwp_reader_feed(&r, p, len, &used, &msg);
 *		p += used; len -= used;
 *		if (rc != NWP_READ_MORE) ...
 *	}
 *
 * @return NWP_READ_MORE, NWP_READ_MSG (@p msg valid until the next call), or -NWP_RX_*:
 *	   - NWP_RX_TOO_LONG is reported once, as soon as the block overflows the COBS bound
 *	     of the maximum frame (the rest up to the next 0x00 is skipped), or at the 0x00 if
 *	     the block decodes to more than the maximum frame;
 *	   - NWP_RX_UNKNOWN_TYPE / NWP_RX_MALFORMED come with msg->type and msg->id set.
 *	   Empty blocks (0x00 0x00) are ignored.
 */
int nwp_reader_feed(struct nwp_reader *r, const uint8_t *data, size_t len, size_t *used,
		    struct nwp_msg *msg);

/** One byte at a time: nwp_reader_feed() of one byte. */
int nwp_reader_push(struct nwp_reader *r, uint8_t byte, struct nwp_msg *msg);

/* ---- encoding ----------------------------------------------------------------------------- */

/**
 * Frame writer: builds type, id and body in the caller's wire buffer, then nwp_writer_finish()
 * appends the CRC and COBS-encodes in place, so one buffer of NWP_WIRE_SIZE(max_frame) is all
 * the memory a message needs. Put functions never fail loudly: the first error sticks and is
 * returned by nwp_writer_finish(), so a sequence of puts needs one check.
 */
struct nwp_writer {
	uint8_t *buf;
	size_t start; /* the frame is built at buf[start..), leaving room for COBS codes */
	size_t pos;   /* next frame byte */
	size_t end;   /* end of the frame area, CRC excluded */
	int err;      /* 0, -ENOSPC or -EINVAL */
};

/**
 * Starts a frame of @p type / @p id in @p buf. Frames are limited to the largest that fits
 * @p size bytes of wire: pass NWP_WIRE_SIZE(peer_max_frame) (or less) to respect the peer's
 * maximum frame.
 */
void nwp_writer_init(struct nwp_writer *w, uint8_t *buf, size_t size, uint8_t type, uint16_t id);

void nwp_put_u8(struct nwp_writer *w, uint8_t v);
void nwp_put_u16(struct nwp_writer *w, uint16_t v);
void nwp_put_u32(struct nwp_writer *w, uint32_t v);

static inline void nwp_put_i32(struct nwp_writer *w, int32_t v)
{
	nwp_put_u32(w, (uint32_t)v);
}

/** Raw bytes (sha256 fields, `rest` fields, list items in wire format). */
void nwp_put_bytes(struct nwp_writer *w, const void *data, size_t len);

/** A `str`: u16 length + bytes; -EINVAL if longer than 65535. */
void nwp_put_str(struct nwp_writer *w, const char *s, size_t len);

/** A value: tag + payload; -EINVAL for an unknown tag. */
void nwp_put_value(struct nwp_writer *w, const struct nwp_value *v);

/**
 * Reserves @p len bytes to fill in later (e.g. a list count once you know how many items fit).
 *
 * @return where to write them, or NULL (the writer's error is set).
 */
uint8_t *nwp_put_reserve(struct nwp_writer *w, size_t len);

/** Body bytes still available (to send "as many as fit"). 0 once an error is set. */
size_t nwp_writer_room(const struct nwp_writer *w);

/**
 * Appends the CRC, COBS-encodes the frame to the start of the buffer and appends 0x00.
 *
 * @return the number of wire bytes at the start of the buffer, or the first error: -ENOSPC if
 *	   the frame did not fit, -EINVAL for a bad argument.
 */
int nwp_writer_finish(struct nwp_writer *w);

/**
 * Encodes @p msg (type, id and its body in msg->u) into @p buf as wire bytes, like
 * nwp_writer_*(). Lists are copied as they are (wire format).
 *
 * @return the wire length, -ENOSPC, or -EINVAL (unknown type, bad value tag, values list whose
 *	   `size` does not match its items, string too long).
 */
int nwp_encode(const struct nwp_msg *msg, uint8_t *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* NRF_WASM_PROTOCOL_H_ */
