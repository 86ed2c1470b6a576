/*
 * libFuzzer target for the protocol codec (firmware/protocol): stream reader, frame decoder,
 * encoder and COBS, built with -fsanitize=fuzzer,address,undefined (see run.sh).
 *
 * Input: byte 0 configures, the rest is a byte stream as received.
 *   bits 0-1  maximum frame: 256, 300, 1024, 1100 (300 and 1100 are not multiples of 254)
 *   bits 2-7  chunk size - 1 for the chunked feed
 *
 * Checked on every input:
 *   - the incremental reader (byte by byte, in chunks, all at once) gives exactly the results of
 *     a straight port of the TypeScript FrameReader (src/protocol/stream.ts) and COBS decoder;
 *   - every decoded message re-encodes to the same frame (nwp_encode), needs exactly
 *     NWP_WIRE_SIZE(frame) bytes of buffer, and decodes again;
 *   - the input taken as a raw frame (as is and with its CRC fixed): whatever decodes
 *     re-encodes to itself;
 *   - COBS round trips, out of place and in place;
 *   - breakpoint programs (firmware/agent/src/cond.c): the input itself and the program of
 *     every decoded bpSetCond, as condition and as log program; whatever nrfw_cond_check()
 *     accepts runs to completion (no read outside the program, the stack or linear memory).
 * Buffers are exact-size heap blocks so ASan catches any access past them.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nrf_wasm/protocol.h>

#include "cond.h"

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c)) {                                                                        \
			fprintf(stderr, "fuzz_decoder.c:%d: check failed: %s\n", __LINE__, #c);    \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

struct result {
	int rc;
	size_t len;    /* frame length (messages) */
	uint64_t hash; /* FNV-1a of the frame (messages) */
	uint8_t type;  /* unknown type / malformed */
	uint16_t id;
};

struct results {
	struct result *r;
	size_t n;
};

static uint64_t fnv(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (n--) {
		h = (h ^ *p++) * 0x100000001b3ull;
	}
	return h;
}

static void add(struct results *res, int rc, const uint8_t *frame, size_t len,
		const struct nwp_msg *msg)
{
	struct result *x = &res->r[res->n++];

	memset(x, 0, sizeof(*x));
	x->rc = rc;
	if (rc == NWP_READ_MSG) {
		x->len = len;
		x->hash = fnv(frame, len);
	}
	if (rc == NWP_READ_MSG || rc == -NWP_RX_UNKNOWN_TYPE || rc == -NWP_RX_MALFORMED) {
		x->type = msg->type;
		x->id = msg->id;
	}
}

/* cobsDecode() of src/protocol/cobs.ts, line for line. */
static long ts_cobs_decode(uint8_t *out, const uint8_t *src, size_t len)
{
	size_t o = 0;
	size_t i = 0;

	while (i < len) {
		size_t code = src[i++];
		size_t end;

		if (code == 0) {
			return -1;
		}
		end = i + code - 1;
		if (end > len) {
			return -1;
		}
		for (; i < end; i++) {
			if (src[i] == 0) {
				return -1;
			}
			out[o++] = src[i];
		}
		if (code != 0xff && i < len) {
			out[o++] = 0;
		}
	}
	return (long)o;
}

/* FrameReader.push() of src/protocol/stream.ts, with the C frame decoder. */
static void model(const uint8_t *data, size_t size, size_t max, struct results *res)
{
	size_t bound = NWP_COBS_BOUND(max);
	uint8_t *buf = malloc(bound);
	uint8_t *frame = malloc(bound);
	size_t len = 0;
	bool discarding = false;

	for (size_t i = 0; i < size; i++) {
		uint8_t b = data[i];
		struct nwp_msg msg;
		long n;
		int rc;

		if (b != 0) {
			if (discarding) {
				continue;
			}
			if (len == bound) {
				discarding = true;
				len = 0;
				add(res, -NWP_RX_TOO_LONG, NULL, 0, NULL);
				continue;
			}
			buf[len++] = b;
			continue;
		}
		if (discarding) {
			discarding = false;
			continue;
		}
		if (len == 0) {
			continue;
		}
		n = ts_cobs_decode(frame, buf, len);
		len = 0;
		if (n < 0) {
			add(res, -NWP_RX_COBS, NULL, 0, NULL);
		} else if ((size_t)n > max) {
			add(res, -NWP_RX_TOO_LONG, NULL, 0, NULL);
		} else {
			uint8_t *exact = malloc((size_t)n ? (size_t)n : 1);

			memcpy(exact, frame, (size_t)n);
			rc = nwp_decode_frame(exact, (size_t)n, &msg);
			add(res, rc == 0 ? NWP_READ_MSG : rc, exact, (size_t)n, &msg);
			free(exact);
		}
	}
	free(buf);
	free(frame);
}

static int fake_value(void *ctx, uint16_t index, uint8_t *type, uint64_t *bits)
{
	static const uint8_t types[] = {0x7f, 0x7e, 0x7d, 0x7c, 0x70};

	(void)ctx;
	if (index >= 40) {
		return -1;
	}
	*type = types[index % 5];
	*bits = 0x8000000000000001ull * (index + 1);
	return 0;
}

/* A program the checker accepts runs without crossing any bound (ASan watches). */
static void check_program(const uint8_t *p, size_t len, bool log)
{
	uint8_t *prog;
	uint8_t *mem = malloc(37);
	struct nrfw_cond_env env = {fake_value, fake_value, NULL, mem, 37};
	struct nrfw_cond_val out[NRFW_COND_EMIT_MAX];
	uint8_t n = 0;

	if (len > NRFW_COND_PROG_MAX + 1) {
		len = NRFW_COND_PROG_MAX + 1;
	}
	prog = memcpy(malloc(len ? len : 1), p, len);
	memset(mem, 0xa5, 37);
	if (nrfw_cond_check(prog, (uint16_t)len, log) == 0) {
		CHECK(len <= NRFW_COND_PROG_MAX);
		int rc = nrfw_cond_run(prog, (uint16_t)len, &env, out, &n);

		if (rc == 0) {
			CHECK(log ? n <= NRFW_COND_EMIT_MAX : n == 1);
		}
		if (!log) {
			/* the pre-decoded form of the usual shapes answers as the stack machine */
			struct nrfw_cond_quick q;

			nrfw_cond_quick_compile(prog, (uint16_t)len, &q);
			if (q.op) {
				CHECK(nrfw_cond_quick_run(&q, &env) ==
				      (rc ? -1 : (int)nrfw_cond_true(&out[0])));
			}
		}
	}
	free(prog);
	free(mem);
}

static void check_programs(const struct nwp_msg *msg)
{
	const uint8_t *p = msg->u.bp_set_cond.program.ptr;
	size_t len = msg->u.bp_set_cond.program.len;
	size_t clen = msg->u.bp_set_cond.cond_length;

	if (msg->type != NWP_MSG_BP_SET_COND) {
		return;
	}
	if (clen > len) {
		clen = len;
	}
	check_program(p, clen, false);
	check_program(p + clen, len - clen, true);
}

/* The message decoded from frame[0..len) must encode back to exactly that frame. */
static void check_roundtrip(const struct nwp_msg *msg, const uint8_t *frame, size_t len)
{
	size_t size = NWP_WIRE_SIZE(len);
	uint8_t *wire = malloc(size);
	uint8_t *small = malloc(size - 1);
	uint8_t *back = malloc(size);
	uint8_t *rbuf = malloc(len);
	struct nwp_reader r;
	struct nwp_msg again;
	size_t used;
	int n = nwp_encode(msg, wire, size);

	check_programs(msg);
	CHECK(n > 0 && (size_t)n <= size);
	CHECK(wire[n - 1] == 0 && memchr(wire, 0, (size_t)n - 1) == NULL);
	CHECK(ts_cobs_decode(back, wire, (size_t)n - 1) == (long)len);
	CHECK(memcmp(back, frame, len) == 0);
	CHECK(nwp_encode(msg, small, size - 1) == -ENOSPC);

	nwp_reader_init(&r, rbuf, len, len);
	CHECK(nwp_reader_feed(&r, wire, (size_t)n, &used, &again) == NWP_READ_MSG);
	CHECK(used == (size_t)n && r.len == len && memcmp(rbuf, frame, len) == 0);
	CHECK(again.type == msg->type && again.id == msg->id);

	free(wire);
	free(small);
	free(back);
	free(rbuf);
}

/* Runs the reader over the stream, @p chunk bytes per call (1: nwp_reader_push). */
static void run_reader(const uint8_t *data, size_t size, size_t max, size_t chunk,
		       struct results *res, bool roundtrip)
{
	uint8_t *buf = malloc(max);
	struct nwp_reader r;
	size_t pos = 0;

	nwp_reader_init(&r, buf, max, max);
	while (pos < size) {
		size_t n = size - pos < chunk ? size - pos : chunk;
		struct nwp_msg msg;
		size_t used = 1;
		int rc;

		if (n == 1) {
			rc = nwp_reader_push(&r, data[pos], &msg);
		} else {
			rc = nwp_reader_feed(&r, data + pos, n, &used, &msg);
		}
		CHECK(used >= 1 && used <= n);
		CHECK(rc != NWP_READ_MORE || used == n);
		pos += used;
		if (rc == NWP_READ_MORE) {
			continue;
		}
		CHECK(rc == NWP_READ_MSG || (rc >= -NWP_RX_MALFORMED && rc <= -NWP_RX_COBS));
		add(res, rc, buf, r.len, &msg);
		if (rc == NWP_READ_MSG) {
			CHECK(r.len >= NWP_FRAME_OVERHEAD && r.len <= max);
			if (roundtrip) {
				check_roundtrip(&msg, buf, r.len);
			}
		}
	}
	free(buf);
}

static void same(const struct results *a, const struct results *b)
{
	CHECK(a->n == b->n);
	for (size_t i = 0; i < a->n; i++) {
		CHECK(a->r[i].rc == b->r[i].rc);
		CHECK(a->r[i].len == b->r[i].len && a->r[i].hash == b->r[i].hash);
		CHECK(a->r[i].type == b->r[i].type && a->r[i].id == b->r[i].id);
	}
}

static void raw_frame(const uint8_t *data, size_t size)
{
	uint8_t *f = malloc(size ? size : 1);
	struct nwp_msg msg;
	int rc;

	memcpy(f, data, size);
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			/* Fix the CRC so the body parser sees the bytes. */
			if (size < NWP_FRAME_OVERHEAD) {
				break;
			}
			nwp_set_u32(f + size - 4, nwp_crc32(0, f, size - 4));
		}
		rc = nwp_decode_frame(f, size, &msg);
		if (rc == 0) {
			check_roundtrip(&msg, f, size);
		} else {
			CHECK(rc == -NWP_RX_SHORT || rc == -NWP_RX_CRC ||
			      rc == -NWP_RX_UNKNOWN_TYPE || rc == -NWP_RX_MALFORMED);
			CHECK(pass == 0 || size < NWP_FRAME_OVERHEAD || rc != -NWP_RX_CRC);
		}
	}
	free(f);
}

static void cobs_roundtrip(const uint8_t *data, size_t size)
{
	size_t hdr = 1 + size / 254;
	uint8_t *enc = malloc(NWP_COBS_BOUND(size));
	uint8_t *dec = malloc(NWP_COBS_BOUND(size));
	uint8_t *inplace = malloc(hdr + size);
	size_t n = nwp_cobs_encode(enc, data, size);

	CHECK(n <= NWP_COBS_BOUND(size) && memchr(enc, 0, n) == NULL);
	CHECK(nwp_cobs_decode(dec, enc, n) == (int)size);
	CHECK(size == 0 || memcmp(dec, data, size) == 0);
	if (size > 0) {
		memcpy(inplace + hdr, data, size);
	}
	CHECK(nwp_cobs_encode(inplace, inplace + hdr, size) == n && memcmp(inplace, enc, n) == 0);
	/* Decoding arbitrary bytes agrees with the TS decoder. */
	CHECK(nwp_cobs_decode(dec, data, size) == (int)ts_cobs_decode(enc, data, size) ||
	      (nwp_cobs_decode(dec, data, size) == -NWP_RX_COBS &&
	       ts_cobs_decode(enc, data, size) < 0));
	free(enc);
	free(dec);
	free(inplace);
}

int LLVMFuzzerTestOneInput(const uint8_t *input, size_t input_size);

int LLVMFuzzerTestOneInput(const uint8_t *input, size_t input_size)
{
	static const size_t maxes[4] = {256, 300, 1024, 1100};
	struct results want;
	struct results got;
	const uint8_t *data;
	size_t size;
	size_t max;
	size_t chunk;

	if (input_size < 1) {
		return 0;
	}
	max = maxes[input[0] & 3];
	chunk = 1 + (input[0] >> 2);
	size = input_size - 1;
	/* An exact-size copy: the reader must not look past the bytes it was given. */
	data = memcpy(malloc(size ? size : 1), input + 1, size);

	/* At most one result per byte. */
	want.r = malloc((size + 1) * sizeof(struct result));
	got.r = malloc((size + 1) * sizeof(struct result));

	check_program(data, size, false);
	check_program(data, size, true);

	want.n = 0;
	model(data, size, max, &want);

	got.n = 0;
	run_reader(data, size, max, size ? size : 1, &got, true);
	same(&want, &got);
	got.n = 0;
	run_reader(data, size, max, 1, &got, false);
	same(&want, &got);
	got.n = 0;
	run_reader(data, size, max, chunk, &got, false);
	same(&want, &got);

	raw_frame(data, size);
	cobs_roundtrip(data, size);

	free(want.r);
	free(got.r);
	free((void *)data);
	return 0;
}
