/*
 * Host tests of the protocol codec (firmware/protocol): the shared vectors
 * (test/vectors/protocol/vectors.json) decoded whole, byte by byte and in random chunks, wire
 * round trips, COBS and CRC edge cases, encoder limits, stream reader rules, out-of-bounds
 * probes (built with ASan/UBSan where available) and the constants of docs/protocol.md.
 *
 * usage: test_protocol <repo root> <group>        group: vectors roundtrip cobs crc encoder
 *                                                         reader bounds constants all
 *        test_protocol <repo root> differential <file>    vectors from differential.ts
 *        test_protocol <repo root> --write-corpus <dir>   seeds for the fuzz target
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include <nrf_wasm/protocol.h>

#include "dump.h"

static unsigned int checks;
static unsigned int failures;

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		checks++;                                                                          \
		if (!(cond)) {                                                                     \
			failures++;                                                                \
			fprintf(stderr, "%s:%d: failed: %s: ", __FILE__, __LINE__, #cond);         \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
		}                                                                                  \
	} while (0)

/* Exact-size heap copies, so that ASan sees any access past the end. */
static uint8_t *dup_exact(const uint8_t *p, size_t n)
{
	uint8_t *q = malloc(n ? n : 1);

	if (n) {
		memcpy(q, p, n);
	}
	return q;
}

static uint32_t rng_state = 0x12345678;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* ---- vectors ------------------------------------------------------------------------------ */

struct vector {
	char *name;
	uint8_t *wire;
	size_t len;
	size_t max_frame;
	char **expect;
	size_t nexpect;
};

static struct vector *vectors;
static size_t nvectors;
static const char *root;

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL) {
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		n = 0;
	}
	buf[n] = 0;
	fclose(f);
	if (len) {
		*len = (size_t)n;
	}
	return buf;
}

static int load_vectors(const char *file)
{
	char path[1024];
	char *text;
	cJSON *doc;
	cJSON *arr;
	cJSON *v;

	if (file != NULL) {
		snprintf(path, sizeof(path), "%s", file);
	} else {
		snprintf(path, sizeof(path), "%s/test/vectors/protocol/vectors.json", root);
	}
	text = read_file(path, NULL);
	if (text == NULL) {
		fprintf(stderr, "cannot read %s\n", path);
		return -1;
	}
	doc = cJSON_Parse(text);
	free(text);
	arr = cJSON_GetObjectItemCaseSensitive(doc, "vectors");
	if (!cJSON_IsArray(arr)) {
		fprintf(stderr, "%s: no vectors array\n", path);
		return -1;
	}
	nvectors = (size_t)cJSON_GetArraySize(arr);
	vectors = calloc(nvectors, sizeof(*vectors));
	size_t i = 0;
	cJSON_ArrayForEach(v, arr)
	{
		struct vector *x = &vectors[i++];
		const char *hex = cJSON_GetObjectItemCaseSensitive(v, "wire")->valuestring;
		cJSON *max = cJSON_GetObjectItemCaseSensitive(v, "maxFrame");
		cJSON *exp = cJSON_GetObjectItemCaseSensitive(v, "expect");
		cJSON *e;

		x->name = strdup(cJSON_GetObjectItemCaseSensitive(v, "name")->valuestring);
		x->len = strlen(hex) / 2;
		x->wire = malloc(x->len + 1);
		for (size_t k = 0; k < x->len; k++) {
			unsigned int b;

			sscanf(hex + 2 * k, "%2x", &b);
			x->wire[k] = (uint8_t)b;
		}
		x->max_frame = cJSON_IsNumber(max) ? (size_t)max->valuedouble : 1024;
		x->nexpect = (size_t)cJSON_GetArraySize(exp);
		x->expect = calloc(x->nexpect + 1, sizeof(char *));
		size_t k = 0;
		cJSON_ArrayForEach(e, exp)
		{
			x->expect[k++] = strdup(e->valuestring);
		}
	}
	cJSON_Delete(doc);
	return 0;
}

static const struct vector *find_vector(const char *name)
{
	for (size_t i = 0; i < nvectors; i++) {
		if (strcmp(vectors[i].name, name) == 0) {
			return &vectors[i];
		}
	}
	CHECK(0, "no vector %s", name);
	return NULL;
}

static const char *rx_kind(int rc)
{
	switch (-rc) {
	case NWP_RX_COBS:
		return "cobs";
	case NWP_RX_SHORT:
		return "short";
	case NWP_RX_CRC:
		return "crc";
	case NWP_RX_TOO_LONG:
		return "too_long";
	case NWP_RX_UNKNOWN_TYPE:
		return "unknown_type";
	case NWP_RX_MALFORMED:
		return "malformed";
	default:
		return "?";
	}
}

#define MAX_RESULTS 16
#define LINE_SIZE   8192

struct results {
	char line[MAX_RESULTS][LINE_SIZE];
	size_t n;
	size_t overflow;
};

static void result_add(struct results *res, int rc, const struct nwp_msg *msg)
{
	if (res->n == MAX_RESULTS) {
		res->overflow++;
		return;
	}
	if (rc == NWP_READ_MSG) {
		nwp_test_dump(msg, res->line[res->n], LINE_SIZE);
	} else {
		snprintf(res->line[res->n], LINE_SIZE, "error:%s", rx_kind(rc));
	}
	res->n++;
}

/*
 * Feeds a vector in pieces of `chunk` bytes (0: all at once, SIZE_MAX: random sizes), checks
 * the results against `expect` and, for each message, that re-encoding it gives back the very
 * block it came from.
 */
static void run_vector(const struct vector *v, size_t chunk, const char *mode)
{
	uint8_t *buf = malloc(v->max_frame);
	static struct results res;
	struct nwp_reader r;
	struct nwp_msg msg;
	size_t pos = 0;

	memset(&res, 0, sizeof(res));
	nwp_reader_init(&r, buf, v->max_frame, v->max_frame);
	while (pos < v->len) {
		size_t n = v->len - pos;
		size_t used;
		int rc;

		if (chunk == SIZE_MAX) {
			size_t c = 1 + rnd() % 40;

			n = n < c ? n : c;
		} else if (chunk != 0 && n > chunk) {
			n = chunk;
		}
		if (n == 1) {
			rc = nwp_reader_push(&r, v->wire[pos], &msg);
			used = 1;
		} else {
			rc = nwp_reader_feed(&r, v->wire + pos, n, &used, &msg);
		}
		CHECK(used >= 1 && used <= n, "%s/%s: used %zu of %zu", v->name, mode, used, n);
		pos += used;
		if (rc == NWP_READ_MORE) {
			CHECK(used == n, "%s/%s: stopped early without a result", v->name, mode);
			continue;
		}
		result_add(&res, rc, &msg);
		if (rc == NWP_READ_MSG) {
			/* A message completes exactly at its block's 0x00; the block is re-encoded.
			 */
			size_t block_start = pos - 1;

			while (block_start > 0 && v->wire[block_start - 1] != 0) {
				block_start--;
			}
			const uint8_t *block = v->wire + block_start;
			size_t block_len = pos - block_start;
			size_t size = NWP_WIRE_SIZE(r.len);
			uint8_t *out = malloc(size);
			int len = nwp_encode(&msg, out, size);

			CHECK(v->wire[pos - 1] == 0, "%s/%s: message before a 0x00", v->name, mode);
			CHECK(len > 0 && (size_t)len == block_len &&
				      memcmp(out, block, block_len) == 0,
			      "%s/%s: re-encoded %d bytes differ from the %zu-byte block", v->name,
			      mode, len, block_len);
			free(out);
		}
	}
	CHECK(res.overflow == 0 && res.n == v->nexpect, "%s/%s: %zu results, expected %zu", v->name,
	      mode, res.n + res.overflow, v->nexpect);
	for (size_t i = 0; i < res.n && i < v->nexpect; i++) {
		CHECK(strcmp(res.line[i], v->expect[i]) == 0,
		      "%s/%s: result %zu\n  got:    %s\n  expect: %s", v->name, mode, i,
		      res.line[i], v->expect[i]);
	}
	free(buf);
}

static void test_vectors(void)
{
	unsigned int kinds = 0;

	CHECK(nvectors >= 70, "only %zu vectors", nvectors);
	for (size_t i = 0; i < nvectors; i++) {
		run_vector(&vectors[i], 0, "whole");
		run_vector(&vectors[i], 1, "byte-by-byte");
		run_vector(&vectors[i], 7, "7-byte chunks");
		run_vector(&vectors[i], SIZE_MAX, "random chunks");
		for (size_t k = 0; k < vectors[i].nexpect; k++) {
			for (int e = 1; e <= NWP_RX_MALFORMED; e++) {
				if (strcmp(vectors[i].expect[k] + 6, rx_kind(-e)) == 0) {
					kinds |= 1u << e;
				}
			}
		}
	}
	CHECK(kinds == 0x7e, "vectors cover every rejection kind (mask %#x)", kinds);

	/* Unknown type and malformed expose the frame's type and id, for the `error` answer. */
	struct {
		const char *name;
		uint8_t type;
		uint16_t id;
		int rc;
	} exposed[] = {
		{"unknown-request-type", 0x3e, 42, -NWP_RX_UNKNOWN_TYPE},
		{"unknown-response-type", 0xc0, 43, -NWP_RX_UNKNOWN_TYPE},
		{"hello-body-short", NWP_MSG_HELLO, 44, -NWP_RX_MALFORMED},
		{"list-count-past-end", NWP_MSG_BP_SET, 48, -NWP_RX_MALFORMED},
	};
	for (size_t i = 0; i < sizeof(exposed) / sizeof(exposed[0]); i++) {
		const struct vector *v = find_vector(exposed[i].name);
		uint8_t buf[1024];
		struct nwp_reader r;
		struct nwp_msg msg = {0};
		size_t used;
		int rc;

		if (v == NULL) {
			continue;
		}
		nwp_reader_init(&r, buf, sizeof(buf), 1024);
		rc = nwp_reader_feed(&r, v->wire, v->len, &used, &msg);
		CHECK(rc == exposed[i].rc && msg.type == exposed[i].type && msg.id == exposed[i].id,
		      "%s: rc %d type %#x id %u", v->name, rc, msg.type, msg.id);
	}
}

/* A vector that is one good message, one block: the ones a round trip must reproduce. */
static int is_sample(const struct vector *x)
{
	return x->nexpect == 1 && strncmp(x->expect[0], "error:", 6) != 0 && x->len > 0 &&
	       memchr(x->wire, 0, x->len - 1) == NULL;
}

/* ---- the writer API rebuilds sample vectors field by field ----------------------------- */

static void check_wire(const char *name, const uint8_t *buf, int len)
{
	const struct vector *v = find_vector(name);

	if (v != NULL) {
		CHECK(len == (int)v->len && memcmp(buf, v->wire, v->len) == 0,
		      "%s built with puts: %d bytes", name, len);
	}
}

static void test_roundtrip(void)
{
	static uint8_t buf[NWP_WIRE_SIZE(1024)];
	struct nwp_writer w;
	struct nwp_value v;

	/* stopped-1: the common stop, 47 bytes on the wire */
	nwp_writer_init(&w, buf, sizeof(buf), NWP_MSG_STOPPED, 1);
	nwp_put_u8(&w, NWP_STOP_BREAKPOINT);
	nwp_put_u8(&w, NWP_STOP_FLAG_LOCALS_COMPLETE);
	nwp_put_u32(&w, 0x4c);
	nwp_put_u16(&w, 2);
	nwp_put_u32(&w, 1);
	nwp_put_u32(&w, 0x4c);
	nwp_put_u16(&w, 4);
	const int32_t locals[] = {10, 3, 0, -7};
	for (int i = 0; i < 4; i++) {
		v.tag = NWP_VAL_I32;
		v.i32 = locals[i];
		nwp_put_value(&w, &v);
	}
	int len = nwp_writer_finish(&w);
	CHECK(len == 47, "stopped is %d bytes on the wire", len);
	check_wire("stopped-1", buf, len);

	/* valuesOk-1: every value type */
	nwp_writer_init(&w, buf, sizeof(buf), NWP_MSG_VALUES_OK, 19);
	nwp_put_u16(&w, 8);
	nwp_put_u16(&w, 8);
	struct nwp_value vals[8] = {
		{.tag = NWP_VAL_I32, .i32 = -1},
		{.tag = NWP_VAL_I64, .i64 = 0x1122334455667788},
		{.tag = NWP_VAL_F32, .f32_bits = 0x3fc00000},
		{.tag = NWP_VAL_F64, .f64_bits = 0xbfb999999999999aull},
		{.tag = NWP_VAL_FUNCREF, .ref = NWP_NULL_REF},
		{.tag = NWP_VAL_EXTERNREF, .ref = 7},
		{.tag = NWP_VAL_I32, .i32 = 0},
		{.tag = NWP_VAL_I64, .i64 = INT64_MIN},
	};
	for (int i = 0; i < 8; i++) {
		nwp_put_value(&w, &vals[i]);
	}
	check_wire("valuesOk-1", buf, nwp_writer_finish(&w));

	/* helloOk-1 through nwp_encode() from a filled-in struct */
	uint8_t sha[32];
	for (int i = 0; i < 32; i++) {
		sha[i] = (uint8_t)(9 + i * 7);
	}
	struct nwp_msg m = {.type = NWP_MSG_HELLO_OK, .id = 1};
	m.u.hello_ok.version = 1;
	m.u.hello_ok.capabilities = 0x7ff;
	m.u.hello_ok.max_frame = 1024;
	m.u.hello_ok.free_memory = 123456;
	m.u.hello_ok.state = NWP_STATE_PAUSED;
	m.u.hello_ok.module_sha256 = sha;
	m.u.hello_ok.module_size = 4321;
#define S(x) ((struct nwp_str){x, sizeof(x) - 1})
	m.u.hello_ok.board = S("nrf5340dk/nrf5340/cpuapp");
	m.u.hello_ok.runtime = S("WAMR classic interpreter");
	m.u.hello_ok.runtime_version = S("2.4.5");
	m.u.hello_ok.firmware_version = S("0.1.0 \"dev\" \\ \xc2\xb5");
	check_wire("helloOk-1", buf, nwp_encode(&m, buf, sizeof(buf)));

	/* framesOk-1: a pairs list given in wire format */
	uint8_t items[24];
	const uint32_t fr[] = {2, 0x52, 1, 0x44, 0, 0x30};
	for (int i = 0; i < 6; i++) {
		nwp_set_u32(items + 4 * i, fr[i]);
	}
	m = (struct nwp_msg){.type = NWP_MSG_FRAMES_OK, .id = 18};
	m.u.frames_ok.total = 3;
	m.u.frames_ok.frames = (struct nwp_list){items, 0, 3};
	check_wire("framesOk-1", buf, nwp_encode(&m, buf, sizeof(buf)));

	/* empty body, max id */
	m = (struct nwp_msg){.type = NWP_MSG_PING, .id = 65535};
	check_wire("ping-2", buf, nwp_encode(&m, buf, sizeof(buf)));

	/* Decode -> encode -> decode of every sample gives the same text. */
	for (size_t i = 0; i < nvectors; i++) {
		const struct vector *x = &vectors[i];
		static uint8_t rbuf[1024];
		static char a[LINE_SIZE];
		static char b[LINE_SIZE];
		struct nwp_reader r;
		struct nwp_msg msg;
		size_t used;

		if (!is_sample(x)) {
			continue;
		}
		nwp_reader_init(&r, rbuf, sizeof(rbuf), 1024);
		if (nwp_reader_feed(&r, x->wire, x->len, &used, &msg) != NWP_READ_MSG) {
			CHECK(0, "%s does not decode", x->name);
			continue;
		}
		nwp_test_dump(&msg, a, sizeof(a));
		len = nwp_encode(&msg, buf, sizeof(buf));
		CHECK(len == (int)x->len, "%s: re-encoded to %d bytes", x->name, len);
		CHECK(nwp_reader_feed(&r, buf, (size_t)len, &used, &msg) == NWP_READ_MSG &&
			      used == (size_t)len,
		      "%s: re-encoded does not decode", x->name);
		nwp_test_dump(&msg, b, sizeof(b));
		CHECK(strcmp(a, b) == 0, "%s: %s != %s", x->name, a, b);
	}
}

/* ---- COBS ------------------------------------------------------------------------------- */

static void cobs_case(const char *name, const uint8_t *in, size_t n, const uint8_t *want, size_t wn)
{
	uint8_t *src = dup_exact(in, n);
	uint8_t *enc = malloc(NWP_COBS_BOUND(n));
	uint8_t *dec = malloc(wn ? wn : 1);
	size_t len = nwp_cobs_encode(enc, src, n);
	int dlen;

	CHECK(len == wn && memcmp(enc, want, wn) == 0, "cobs %s: encoded to %zu bytes", name, len);
	dlen = nwp_cobs_decode(dec, enc, len);
	CHECK(dlen == (int)n && (n == 0 || memcmp(dec, in, n) == 0), "cobs %s: decodes to %d bytes",
	      name, dlen);
	free(src);
	free(enc);
	free(dec);
}

static void test_cobs(void)
{
	uint8_t in[600];
	uint8_t want[610];

	cobs_case("empty", NULL, 0, (const uint8_t[]){1}, 1);
	cobs_case("00", (const uint8_t[]){0}, 1, (const uint8_t[]){1, 1}, 2);
	cobs_case("00 00", (const uint8_t[]){0, 0}, 2, (const uint8_t[]){1, 1, 1}, 3);
	cobs_case("11 22 00 33", (const uint8_t[]){0x11, 0x22, 0, 0x33}, 4,
		  (const uint8_t[]){3, 0x11, 0x22, 2, 0x33}, 5);
	cobs_case("11 00 00 00", (const uint8_t[]){0x11, 0, 0, 0}, 4,
		  (const uint8_t[]){2, 0x11, 1, 1, 1}, 5);

	/* Runs around the 254-byte group limit. */
	for (size_t run = 252; run <= 256; run++) {
		char name[32];
		size_t w = 0;

		for (size_t i = 0; i < run; i++) {
			in[i] = (uint8_t)(1 + i % 255);
		}
		/* Like the TS encoder: a full group is followed by a new code even at the end. */
		want[w++] = run >= 254 ? 0xff : (uint8_t)(run + 1);
		for (size_t i = 0; i < run && i < 254; i++) {
			want[w++] = in[i];
		}
		if (run >= 254) {
			want[w++] = (uint8_t)(run - 254 + 1);
			for (size_t i = 254; i < run; i++) {
				want[w++] = in[i];
			}
		}
		snprintf(name, sizeof(name), "run of %zu", run);
		cobs_case(name, in, run, want, w);

		/* The same run followed by 0x00. */
		in[run] = 0;
		w = 0;
		want[w++] = run >= 254 ? 0xff : (uint8_t)(run + 1);
		for (size_t i = 0; i < run && i < 254; i++) {
			want[w++] = in[i];
		}
		if (run >= 254) {
			want[w++] = (uint8_t)(run - 254 + 1);
			for (size_t i = 254; i < run; i++) {
				want[w++] = in[i];
			}
		}
		want[w++] = 1;
		snprintf(name, sizeof(name), "run of %zu + 00", run);
		cobs_case(name, in, run + 1, want, w);
	}

	/* A final full group without the trailing code decodes the same (the reader accepts both).
	 */
	want[0] = 0xff;
	memset(want + 1, 0x42, 254);
	uint8_t out[300];
	CHECK(nwp_cobs_decode(out, want, 255) == 254, "ff + 254 without trailing 01");
	want[255] = 1;
	CHECK(nwp_cobs_decode(out, want, 256) == 254, "ff + 254 + 01");

	/* Invalid blocks. */
	CHECK(nwp_cobs_decode(out, (const uint8_t[]){0}, 1) == -NWP_RX_COBS, "code 0");
	CHECK(nwp_cobs_decode(out, (const uint8_t[]){2}, 1) == -NWP_RX_COBS, "code past the end");
	CHECK(nwp_cobs_decode(out, (const uint8_t[]){3, 0x11}, 2) == -NWP_RX_COBS,
	      "code past the end");
	CHECK(nwp_cobs_decode(out, (const uint8_t[]){3, 0x11, 0, 1}, 4) == -NWP_RX_COBS,
	      "00 in a group");
	CHECK(nwp_cobs_decode(out, (const uint8_t[]){9, 1, 2, 3}, 4) == -NWP_RX_COBS,
	      "vector cobs-code-past-end");
	CHECK(nwp_cobs_decode(out, NULL, 0) == 0, "empty block");

	/* Random round trips, out of place and in place, with every zero density. */
	static uint8_t big[3000];
	static uint8_t enc[3100];
	static uint8_t dec[3000];
	for (int iter = 0; iter < 2000; iter++) {
		size_t n = rnd() % 2000;
		unsigned int zeros = rnd() % 4;
		size_t len;
		size_t len2;
		size_t hdr = 1 + n / 254;

		for (size_t i = 0; i < n; i++) {
			uint32_t x = rnd();

			big[i] = (zeros == 0 || x % (zeros == 1   ? 2
						     : zeros == 2 ? 50
								  : 1000))
					 ? (uint8_t)(x >> 8 | 1)
					 : 0;
		}
		len = nwp_cobs_encode(enc, big, n);
		CHECK(len <= NWP_COBS_BOUND(n) && len <= n + 1 + n / 254,
		      "encoded %zu bytes to %zu", n, len);
		CHECK(memchr(enc, 0, len) == NULL, "no 0x00 in the encoding");
		CHECK(nwp_cobs_decode(dec, enc, len) == (int)n && memcmp(dec, big, n) == 0,
		      "round trip of %zu", n);

		/* In place: the frame sits 1 + n/254 bytes into the buffer, the encoding starts at
		 * 0. */
		uint8_t *inplace = malloc(hdr + n + 1);
		memcpy(inplace + hdr, big, n);
		len2 = nwp_cobs_encode(inplace, inplace + hdr, n);
		CHECK(len2 == len && memcmp(inplace, enc, len) == 0, "in-place encoding of %zu", n);
		CHECK(nwp_cobs_decode(inplace, inplace, len2) == (int)n &&
			      memcmp(inplace, big, n) == 0,
		      "in-place decoding of %zu", n);
		free(inplace);
	}
}

/* ---- CRC ---------------------------------------------------------------------------------- */

static uint32_t crc_bitwise(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++) {
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		}
	}
	return ~c;
}

/* Stand-in for an external implementation (the NWP_CRC32_UPDATE build of the tests). */
uint32_t test_crc32_update(uint32_t crc, const uint8_t *data, size_t len);
uint32_t test_crc32_update(uint32_t crc, const uint8_t *data, size_t len)
{
	uint32_t c = ~crc;

	while (len--) {
		c ^= *data++;
		for (int k = 0; k < 8; k++) {
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		}
	}
	return ~c;
}

static void test_crc(void)
{
	static uint8_t buf[1100];

	CHECK(nwp_crc32(0, (const uint8_t *)"123456789", 9) == 0xcbf43926u, "check value %#" PRIx32,
	      nwp_crc32(0, (const uint8_t *)"123456789", 9));
	CHECK(nwp_crc32(0, NULL, 0) == 0, "empty");
	CHECK(nwp_crc32(0, (const uint8_t[]){0}, 1) == 0xd202ef8du, "one zero byte");
	for (size_t i = 0; i < sizeof(buf); i++) {
		buf[i] = (uint8_t)rnd();
	}
	for (size_t n = 0; n <= sizeof(buf); n += 1 + n / 16) {
		uint32_t want = crc_bitwise(buf, n);

		CHECK(nwp_crc32(0, buf, n) == want, "crc of %zu bytes", n);
		CHECK(nwp_crc32(nwp_crc32(0, buf, n / 3), buf + n / 3, n - n / 3) == want,
		      "incremental crc of %zu bytes", n);
	}
}

/* ---- encoder limits ----------------------------------------------------------------------- */

static void test_encoder(void)
{
	static uint8_t big[NWP_WIRE_SIZE(1200)];
	struct nwp_writer w;

	/* The writer's frame limit is the largest n with n + ceil(n/254) + 2 <= size. */
	for (size_t size = 0; size < 3000; size++) {
		size_t want = 0;

		while (NWP_WIRE_SIZE(want + 1) <= size) {
			want++;
		}
		nwp_writer_init(&w, big, size, NWP_MSG_PING, 1);
		if (want < NWP_FRAME_OVERHEAD) {
			CHECK(nwp_writer_finish(&w) == -ENOSPC, "size %zu holds no frame", size);
		} else {
			CHECK(nwp_writer_room(&w) == want - NWP_FRAME_OVERHEAD,
			      "size %zu: room %zu, want %zu", size, nwp_writer_room(&w),
			      want - NWP_FRAME_OVERHEAD);
		}
	}
	/* NWP_WIRE_SIZE(max) gives frames of exactly max: the peer's limit is respected. */
	for (size_t max = 256; max < 1100; max += 37) {
		nwp_writer_init(&w, big, NWP_WIRE_SIZE(max), NWP_MSG_PING, 1);
		CHECK(nwp_writer_room(&w) == max - NWP_FRAME_OVERHEAD, "max %zu", max);
	}

	/* Every sample: each size below NWP_WIRE_SIZE(frame) fails cleanly, that size works. */
	for (size_t i = 0; i < nvectors; i++) {
		const struct vector *x = &vectors[i];
		static uint8_t rbuf[1024];
		struct nwp_reader r;
		struct nwp_msg msg;
		size_t used;

		if (!is_sample(x)) {
			continue;
		}
		nwp_reader_init(&r, rbuf, sizeof(rbuf), 1024);
		if (nwp_reader_feed(&r, x->wire, x->len, &used, &msg) != NWP_READ_MSG) {
			continue;
		}
		size_t need = NWP_WIRE_SIZE(r.len);
		for (size_t size = 0; size <= need + 1; size++) {
			uint8_t *out = malloc(size ? size : 1);
			int rc = nwp_encode(&msg, out, size);

			if (size < need) {
				CHECK(rc == -ENOSPC, "%s in %zu bytes: %d", x->name, size, rc);
			} else {
				CHECK(rc == (int)x->len && memcmp(out, x->wire, x->len) == 0,
				      "%s in %zu bytes: %d", x->name, size, rc);
			}
			free(out);
		}
	}

	/* -EINVAL for bad arguments; the first error sticks. */
	struct nwp_msg m = {.type = 0x3e, .id = 1};
	CHECK(nwp_encode(&m, big, sizeof(big)) == -EINVAL, "unknown type");
	m = (struct nwp_msg){.type = NWP_MSG_SET_VALUE, .id = 1};
	m.u.set_value.value.tag = 0x7b;
	CHECK(nwp_encode(&m, big, sizeof(big)) == -EINVAL, "bad value tag");
	m = (struct nwp_msg){.type = NWP_MSG_UPLOAD_BEGIN, .id = 1};
	CHECK(nwp_encode(&m, big, sizeof(big)) == -EINVAL, "NULL sha256");
	static char long_str[70000];
	m = (struct nwp_msg){.type = NWP_MSG_RUN, .id = 1};
	m.u.run.entry = (struct nwp_str){long_str, sizeof(long_str)};
	CHECK(nwp_encode(&m, big, sizeof(big)) == -EINVAL, "string longer than 65535");
	const uint8_t two_values[] = {NWP_VAL_I32, 1, 0, 0, 0, NWP_VAL_I64, 1, 2, 3, 4, 5, 6, 7, 8};
	m = (struct nwp_msg){.type = NWP_MSG_VALUES_OK, .id = 1};
	m.u.values_ok.values = (struct nwp_list){two_values, sizeof(two_values), 2};
	CHECK(nwp_encode(&m, big, sizeof(big)) > 0, "good values list");
	m.u.values_ok.values.size = sizeof(two_values) - 1;
	CHECK(nwp_encode(&m, big, sizeof(big)) == -EINVAL, "values list size too small");
	m.u.values_ok.values.size = sizeof(two_values) + 1;
	CHECK(nwp_encode(&m, big, sizeof(big)) == -EINVAL, "values list size too large");
	m.u.values_ok.values.size = 0;
	CHECK(nwp_encode(&m, big, sizeof(big)) == -EINVAL, "values list without size");
	m.u.values_ok.values = (struct nwp_list){NULL, 0, 1};
	CHECK(nwp_encode(&m, big, sizeof(big)) == -EINVAL, "values list without items");
	m = (struct nwp_msg){.type = NWP_MSG_BP_SET, .id = 1};
	m.u.bp_set.offsets = (struct nwp_list){NULL, 0, 2};
	CHECK(nwp_encode(&m, big, sizeof(big)) == -EINVAL, "u32 list without items");

	nwp_writer_init(&w, big, NWP_WIRE_SIZE(256), NWP_MSG_SET_VALUE, 1);
	nwp_put_value(&w, &(struct nwp_value){.tag = 0x42});
	nwp_put_bytes(&w, big, 1000);
	CHECK(nwp_writer_finish(&w) == -EINVAL, "first error sticks");
	CHECK(nwp_writer_room(&w) == 0, "no room after an error");
	nwp_writer_init(&w, big, NWP_WIRE_SIZE(256), NWP_MSG_PING, 1);
	nwp_put_bytes(&w, big, 250);
	nwp_put_str(&w, long_str, sizeof(long_str));
	CHECK(nwp_writer_finish(&w) == -ENOSPC, "first error sticks");
	CHECK(nwp_put_reserve(&w, 0) == NULL, "reserve after an error");

	/* "As many as fit": values of a 256-byte frame, count filled in afterwards. */
	nwp_writer_init(&w, big, NWP_WIRE_SIZE(256), NWP_MSG_VALUES_OK, 9);
	nwp_put_u16(&w, 1000);
	uint8_t *count = nwp_put_reserve(&w, 2);
	uint16_t n = 0;
	while (nwp_writer_room(&w) >= 5) {
		nwp_put_value(&w, &(struct nwp_value){.tag = NWP_VAL_I32, .i32 = -(int32_t)n});
		n++;
	}
	nwp_set_u16(count, n);
	int len = nwp_writer_finish(&w);
	CHECK(n == (256 - 7 - 4) / 5 && len > 0, "%u values fit", n);
	uint8_t rbuf[256];
	struct nwp_reader r;
	struct nwp_msg msg;
	size_t used;
	nwp_reader_init(&r, rbuf, sizeof(rbuf), 256);
	CHECK(nwp_reader_feed(&r, big, (size_t)len, &used, &msg) == NWP_READ_MSG && r.len <= 256 &&
		      msg.u.values_ok.values.count == n && msg.u.values_ok.total == 1000,
	      "the full frame decodes");
}

/* ---- stream reader rules ------------------------------------------------------------------ */

static void test_reader(void)
{
	static uint8_t wire[8000];
	static uint8_t buf[1100];
	const struct vector *pause_ok = find_vector("pauseOk-1");
	struct nwp_reader r;
	struct nwp_msg msg;
	size_t used;
	int rc;

	/* Buffer and maximum frame. */
	nwp_reader_init(&r, buf, 300, 256);
	CHECK(nwp_reader_set_max_frame(&r, 301) == -EINVAL && r.max_frame == 256,
	      "max above the buffer");
	CHECK(nwp_reader_set_max_frame(&r, 300) == 0 && r.bound == 300 + 2 + 1, "max = buffer");
	nwp_reader_init(&r, buf, 300, 1024);
	CHECK(r.max_frame == 300, "init caps max_frame to the buffer");

	/* Garbage without 0x00: too_long exactly once, at the first byte past the COBS bound. */
	nwp_reader_init(&r, buf, 256, 256);
	memset(wire, 0x55, 5000);
	rc = nwp_reader_feed(&r, wire, 5000, &used, &msg);
	CHECK(rc == -NWP_RX_TOO_LONG && used == NWP_COBS_BOUND(256) + 1, "too_long at byte %zu",
	      used);
	rc = nwp_reader_feed(&r, wire, 5000 - used, &used, &msg);
	CHECK(rc == NWP_READ_MORE, "the rest is skipped quietly");
	CHECK(nwp_reader_push(&r, 0, &msg) == NWP_READ_MORE, "its 0x00 ends the skip quietly");
	if (pause_ok != NULL) {
		rc = nwp_reader_feed(&r, pause_ok->wire, pause_ok->len, &used, &msg);
		CHECK(rc == NWP_READ_MSG && msg.type == NWP_MSG_PAUSE_OK, "next frame decodes");
	}

	/* A block of exactly the COBS bound is not too_long by itself. */
	nwp_reader_init(&r, buf, 256, 256);
	memset(wire, 0x01, NWP_COBS_BOUND(256)); /* 258 zeros: too long once decoded */
	rc = nwp_reader_feed(&r, wire, NWP_COBS_BOUND(256), &used, &msg);
	CHECK(rc == NWP_READ_MORE, "bound-long block still open");
	CHECK(nwp_reader_push(&r, 0, &msg) == -NWP_RX_TOO_LONG,
	      "decodes to more than max: too_long at 0x00");

	/* A frame of max + 1 bytes whose COBS fits the bound: too_long at its 0x00. */
	for (size_t max = 256; max <= 1024; max += 768) {
		static uint8_t data[1100];
		struct nwp_writer w;
		int len;

		memset(data, 0xab, sizeof(data));
		nwp_writer_init(&w, wire, sizeof(wire), NWP_MSG_PING, 3);
		nwp_put_bytes(&w, data, max + 1 - NWP_FRAME_OVERHEAD);
		len = nwp_writer_finish(&w);
		CHECK((size_t)len - 1 <= NWP_COBS_BOUND(max), "fits the bound");
		nwp_reader_init(&r, buf, max, max);
		rc = nwp_reader_feed(&r, wire, (size_t)len, &used, &msg);
		CHECK(rc == -NWP_RX_TOO_LONG && used == (size_t)len, "max %zu + 1: rc %d at %zu",
		      max, rc, used);

		/* One byte less is exactly max and decodes. */
		nwp_writer_init(&w, wire, sizeof(wire), NWP_MSG_PING, 4);
		nwp_put_bytes(&w, data, max - NWP_FRAME_OVERHEAD);
		len = nwp_writer_finish(&w);
		rc = nwp_reader_feed(&r, wire, (size_t)len, &used, &msg);
		CHECK(rc == NWP_READ_MSG && r.len == max && msg.u.ping.data.len == max - 7,
		      "max %zu", max);
	}

	/* Raising the maximum after the handshake: a 1 KiB uploadChunk. */
	{
		static uint8_t chunk[1024];
		struct nwp_writer w;
		int len;

		nwp_writer_init(&w, wire, sizeof(wire), NWP_MSG_UPLOAD_CHUNK, 5);
		nwp_put_u32(&w, 4096);
		nwp_put_bytes(&w, chunk, sizeof(chunk));
		len = nwp_writer_finish(&w);
		nwp_reader_init(&r, buf, sizeof(buf), NWP_MIN_MAX_FRAME);
		CHECK(nwp_reader_feed(&r, wire, (size_t)len, &used, &msg) == -NWP_RX_TOO_LONG,
		      "before");
		nwp_reader_feed(&r, wire + used, (size_t)len - used, &used, &msg);
		CHECK(nwp_reader_set_max_frame(&r, 1035) == 0, "raise");
		rc = nwp_reader_feed(&r, wire, (size_t)len, &used, &msg);
		CHECK(rc == NWP_READ_MSG && msg.u.upload_chunk.data.len == 1024 &&
			      msg.u.upload_chunk.offset == 4096,
		      "1 KiB chunk after raising the maximum");
	}

	/* A new maximum set mid-block applies from the next block on (docs/protocol.md 1.1). */
	{
		static uint8_t data[400];
		struct nwp_writer w;
		size_t len;

		memset(data, 0x5a, sizeof(data));
		nwp_writer_init(&w, wire, sizeof(wire), NWP_MSG_PING, 6);
		nwp_put_bytes(&w, data, sizeof(data)); /* a 407-byte frame */
		len = (size_t)nwp_writer_finish(&w);

		/* Raised while a too-long frame arrives: still too_long; the next one fits. */
		nwp_reader_init(&r, buf, sizeof(buf), 256);
		CHECK(nwp_reader_feed(&r, wire, 100, &used, &msg) == NWP_READ_MORE, "up: first part");
		CHECK(nwp_reader_set_max_frame(&r, 1024) == 0 && r.max_frame == 256, "up: deferred");
		rc = nwp_reader_feed(&r, wire + 100, len - 100, &used, &msg);
		CHECK(rc == -NWP_RX_TOO_LONG, "up: the frame begun under 256 is too_long (rc %d)", rc);
		nwp_reader_feed(&r, wire + 100 + used, len - 100 - used, &used, &msg);
		CHECK(r.max_frame == 1024, "up: applied after the block");
		rc = nwp_reader_feed(&r, wire, len, &used, &msg);
		CHECK(rc == NWP_READ_MSG && msg.u.ping.data.len == sizeof(data), "up: next frame fits");

		/* Lowered while a frame within the old limit arrives: kept; the next is refused. */
		nwp_reader_init(&r, buf, sizeof(buf), 1024);
		CHECK(nwp_reader_feed(&r, wire, 200, &used, &msg) == NWP_READ_MORE, "down: first part");
		CHECK(nwp_reader_set_max_frame(&r, 256) == 0 && r.max_frame == 1024, "down: deferred");
		rc = nwp_reader_feed(&r, wire + 200, len - 200, &used, &msg);
		CHECK(rc == NWP_READ_MSG && r.max_frame == 256, "down: the frame begun under 1024 decodes");
		rc = nwp_reader_feed(&r, wire, len, &used, &msg);
		CHECK(rc == -NWP_RX_TOO_LONG, "down: the next one is too_long (rc %d)", rc);

		/* Set while an overlong block is skipped: applies after its 0x00. */
		nwp_reader_init(&r, buf, sizeof(buf), 256);
		rc = nwp_reader_feed(&r, wire, 300, &used, &msg);
		CHECK(rc == -NWP_RX_TOO_LONG && used < 300, "skip: too_long");
		nwp_reader_feed(&r, wire + used, 300 - used, &used, &msg);
		CHECK(nwp_reader_set_max_frame(&r, 1024) == 0 && r.max_frame == 256, "skip: deferred");
		memcpy(wire + len, wire, len);
		rc = nwp_reader_feed(&r, wire + 300, 2 * len - 300, &used, &msg);
		CHECK(rc == NWP_READ_MSG && r.max_frame == 1024 && msg.u.ping.data.len == sizeof(data),
		      "skip: the next frame decodes under 1024 (rc %d)", rc);
	}

	/* The canonical final full group (ff + 254 + 01 00) and the form without the 01 both decode. */
	{
		const struct vector *full = find_vector("cobs-final-full-group");

		if (full != NULL && full->len == 257) {
			memcpy(wire, full->wire, 255);
			wire[255] = 0;
			nwp_reader_init(&r, buf, 256, 256);
			rc = nwp_reader_feed(&r, wire, 256, &used, &msg);
			CHECK(rc == NWP_READ_MSG && r.len == 254 && memcmp(buf, full->wire + 1, 254) == 0,
			      "final full group without its 01 (rc %d)", rc);
		} else {
			CHECK(0, "vector cobs-final-full-group missing or not 257 bytes");
		}
	}

	/* Several frames in one feed come out one per call; empty blocks between are ignored. */
	if (pause_ok != NULL) {
		size_t n = 0;
		size_t pos = 0;
		int got = 0;

		wire[n++] = 0;
		for (int i = 0; i < 3; i++) {
			memcpy(wire + n, pause_ok->wire, pause_ok->len);
			n += pause_ok->len;
			wire[n++] = 0;
		}
		nwp_reader_init(&r, buf, 256, 256);
		while (pos < n) {
			rc = nwp_reader_feed(&r, wire + pos, n - pos, &used, &msg);
			pos += used;
			if (rc == NWP_READ_MSG) {
				got++;
				CHECK(wire[pos - 1] == 0 && msg.id == 15, "one message per call");
			} else {
				CHECK(rc == NWP_READ_MORE && pos == n, "rc %d", rc);
			}
		}
		CHECK(got == 3, "%d messages", got);
	}

	/* The frame of a result stays in buf[0..len) until the next byte. */
	if (pause_ok != NULL) {
		nwp_reader_init(&r, buf, 256, 256);
		rc = nwp_reader_feed(&r, pause_ok->wire, pause_ok->len, &used, &msg);
		CHECK(rc == NWP_READ_MSG && r.len == 7 && buf[0] == NWP_MSG_PAUSE_OK &&
			      nwp_get_u16(buf + 1) == 15,
		      "frame in buf");
	}

	/* Corruption costs only the frames it touches: flip every bit of a frame in a stream. */
	const struct vector *stop = find_vector("stopped-1");
	if (stop != NULL && pause_ok != NULL) {
		for (size_t bit = 0; bit < (stop->len - 1) * 8; bit++) {
			size_t n = 0;

			memcpy(wire, stop->wire, stop->len);
			wire[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			n = stop->len;
			memcpy(wire + n, pause_ok->wire, pause_ok->len);
			n += pause_ok->len;
			nwp_reader_init(&r, buf, 256, 256);
			size_t pos = 0;
			int msgs = 0;
			int last = 0;
			while (pos < n) {
				rc = nwp_reader_feed(&r, wire + pos, n - pos, &used, &msg);
				pos += used;
				if (rc == NWP_READ_MSG) {
					msgs++;
					CHECK(msg.type != NWP_MSG_STOPPED,
					      "bit %zu: corrupted frame accepted", bit);
				}
				if (rc != NWP_READ_MORE) {
					last = rc;
				}
			}
			CHECK(last == NWP_READ_MSG && msg.id == 15,
			      "bit %zu: the next frame still decodes", bit);
			(void)msgs;
		}
	}
}

/* ---- bounds: truncations and mutations of every sample frame ------------------------- */

static void try_frame(const uint8_t *frame, size_t len, const char *name)
{
	uint8_t *f = dup_exact(frame, len);
	struct nwp_msg msg;
	int rc = nwp_decode_frame(f, len, &msg);

	if (rc == 0) {
		size_t size = NWP_WIRE_SIZE(len);
		uint8_t *out = malloc(size);
		uint8_t *back = malloc(size);
		int n = nwp_encode(&msg, out, size);

		CHECK(n > 0 && nwp_cobs_decode(back, out, (size_t)n - 1) == (int)len &&
			      memcmp(back, frame, len) == 0,
		      "%s: accepted frame does not re-encode to itself", name);
		free(out);
		free(back);
	} else {
		CHECK(rc >= -NWP_RX_MALFORMED && rc <= -NWP_RX_SHORT && rc != -NWP_RX_TOO_LONG,
		      "%s: rc %d", name, rc);
	}
	free(f);
}

static void test_bounds(void)
{
	static uint8_t rbuf[1024];
	static uint8_t frame[1100];
	unsigned int tried = 0;

	for (size_t i = 0; i < nvectors; i++) {
		const struct vector *x = &vectors[i];
		struct nwp_reader r;
		struct nwp_msg msg;
		size_t used;
		size_t len;

		if (!is_sample(x)) {
			continue;
		}
		nwp_reader_init(&r, rbuf, sizeof(rbuf), 1024);
		if (nwp_reader_feed(&r, x->wire, x->len, &used, &msg) != NWP_READ_MSG) {
			continue;
		}
		len = r.len;
		memcpy(frame, rbuf, len);

		/* Every prefix as is (short or crc) and with its CRC fixed (the body parser). */
		for (size_t n = 0; n <= len; n++) {
			try_frame(frame, n, x->name);
			if (n >= 3) {
				static uint8_t t[1100];

				memcpy(t, frame, n);
				nwp_set_u32(t + n, nwp_crc32(0, t, n));
				try_frame(t, n + 4, x->name);
				tried += 2;
			}
		}
		/* Every body byte mutated, CRC fixed. */
		for (size_t pos = 0; pos + 4 < len; pos++) {
			static const uint8_t xors[] = {0x01, 0x80, 0xff, 0x7f, 0x10};

			for (size_t k = 0; k < sizeof(xors); k++) {
				static uint8_t t[1100];

				memcpy(t, frame, len);
				t[pos] ^= xors[k];
				nwp_set_u32(t + len - 4, nwp_crc32(0, t, len - 4));
				try_frame(t, len, x->name);
				tried++;
			}
		}
	}
	CHECK(tried > 10000, "%u frames tried", tried);

	/* Every type byte with short bodies: unknown types and malformed bodies, never a crash. */
	for (unsigned int type = 0; type < 256; type++) {
		for (size_t body = 0; body < 48; body++) {
			uint8_t t[64];

			t[0] = (uint8_t)type;
			t[1] = 1;
			t[2] = 0;
			for (size_t k = 0; k < body; k++) {
				t[3 + k] = (uint8_t)(k == 0 ? 1 : rnd());
			}
			nwp_set_u32(t + 3 + body, nwp_crc32(0, t, 3 + body));
			try_frame(t, 7 + body, "type sweep");
		}
	}
}

/* ---- constants: docs/protocol.md tables against the header --------------------------------- */

static const struct {
	const char *table;
	const char *name;
	uint32_t value;
} constants[] = {
	{"Capability", "upload", NWP_CAP_UPLOAD},
	{"Capability", "debug", NWP_CAP_DEBUG},
	{"Capability", "dataBreakpoints", NWP_CAP_DATA_BREAKPOINTS},
	{"Capability", "setLocal", NWP_CAP_SET_LOCAL},
	{"Capability", "setGlobal", NWP_CAP_SET_GLOBAL},
	{"Capability", "memoryWrite", NWP_CAP_MEMORY_WRITE},
	{"Capability", "buttonsInput", NWP_CAP_BUTTONS_INPUT},
	{"Capability", "leds", NWP_CAP_LEDS},
	{"Capability", "resumableUpload", NWP_CAP_RESUMABLE_UPLOAD},
	{"Capability", "persistentStore", NWP_CAP_PERSISTENT_STORE},
	{"Capability", "reset", NWP_CAP_RESET},
	{"Capability", "bonds", NWP_CAP_BONDS},
	{"Capability", "deviceConditions", NWP_CAP_DEVICE_CONDITIONS},
	{"Capability", "uploadAnyChunk", NWP_CAP_UPLOAD_ANY_CHUNK},
	{"Capability", "pipelining", NWP_CAP_PIPELINING},
	{"DeviceState", "idle", NWP_STATE_IDLE},
	{"DeviceState", "running", NWP_STATE_RUNNING},
	{"DeviceState", "paused", NWP_STATE_PAUSED},
	{"RunFlag", "stopOnEntry", NWP_RUN_STOP_ON_ENTRY},
	{"Option", "stopOnTrap", NWP_OPTION_STOP_ON_TRAP},
	{"StepKind", "into", NWP_STEP_INTO},
	{"StepKind", "over", NWP_STEP_OVER},
	{"StepKind", "out", NWP_STEP_OUT},
	{"Scope", "locals", NWP_SCOPE_LOCALS},
	{"Scope", "operandStack", NWP_SCOPE_OPERAND_STACK},
	{"Scope", "globals", NWP_SCOPE_GLOBALS},
	{"Access", "write", NWP_ACCESS_WRITE},
	{"Access", "read", NWP_ACCESS_READ},
	{"Access", "readWrite", NWP_ACCESS_READ_WRITE},
	{"StopReason", "entry", NWP_STOP_ENTRY},
	{"StopReason", "breakpoint", NWP_STOP_BREAKPOINT},
	{"StopReason", "step", NWP_STOP_STEP},
	{"StopReason", "pause", NWP_STOP_PAUSE},
	{"StopReason", "trap", NWP_STOP_TRAP},
	{"StopReason", "dataBreakpoint", NWP_STOP_DATA_BREAKPOINT},
	{"StopFlag", "localsComplete", NWP_STOP_FLAG_LOCALS_COMPLETE},
	{"StopFlag", "conditionError", NWP_STOP_FLAG_CONDITION_ERROR},
	{"BpCondFlag", "log", NWP_BPC_FLAG_LOG},
	{"HitOp", "none", NWP_HIT_NONE},
	{"HitOp", "ge", NWP_HIT_GE},
	{"HitOp", "gt", NWP_HIT_GT},
	{"HitOp", "eq", NWP_HIT_EQ},
	{"HitOp", "lt", NWP_HIT_LT},
	{"HitOp", "le", NWP_HIT_LE},
	{"HitOp", "mod", NWP_HIT_MOD},
	{"ExitReason", "returned", NWP_EXIT_RETURNED},
	{"ExitReason", "exit", NWP_EXIT_EXIT},
	{"ExitReason", "trap", NWP_EXIT_TRAP},
	{"ExitReason", "stopped", NWP_EXIT_STOPPED},
	{"OutputSource", "app", NWP_OUTPUT_SOURCE_APP},
	{"OutputSource", "device", NWP_OUTPUT_SOURCE_DEVICE},
	{"OutputLevel", "error", NWP_OUTPUT_LEVEL_ERROR},
	{"OutputLevel", "warning", NWP_OUTPUT_LEVEL_WARNING},
	{"OutputLevel", "info", NWP_OUTPUT_LEVEL_INFO},
	{"OutputLevel", "debug", NWP_OUTPUT_LEVEL_DEBUG},
	{"ResetCause", "powerOn", NWP_RESET_CAUSE_POWER_ON},
	{"ResetCause", "requested", NWP_RESET_CAUSE_REQUESTED},
	{"ResetCause", "watchdog", NWP_RESET_CAUSE_WATCHDOG},
	{"ResetCause", "fault", NWP_RESET_CAUSE_FAULT},
	{"ResetCause", "other", NWP_RESET_CAUSE_OTHER},
	{"LinkErrorKind", "cobs", NWP_LINK_COBS},
	{"LinkErrorKind", "short", NWP_LINK_SHORT},
	{"LinkErrorKind", "crc", NWP_LINK_CRC},
	{"LinkErrorKind", "tooLong", NWP_LINK_TOO_LONG},
	{"ErrorCode", "unknownType", NWP_ERR_UNKNOWN_TYPE},
	{"ErrorCode", "unsupportedVersion", NWP_ERR_UNSUPPORTED_VERSION},
	{"ErrorCode", "noHandshake", NWP_ERR_NO_HANDSHAKE},
	{"ErrorCode", "malformed", NWP_ERR_MALFORMED},
	{"ErrorCode", "invalidState", NWP_ERR_INVALID_STATE},
	{"ErrorCode", "noModule", NWP_ERR_NO_MODULE},
	{"ErrorCode", "hashMismatch", NWP_ERR_HASH_MISMATCH},
	{"ErrorCode", "uploadSequence", NWP_ERR_UPLOAD_SEQUENCE},
	{"ErrorCode", "tooLarge", NWP_ERR_TOO_LARGE},
	{"ErrorCode", "invalidModule", NWP_ERR_INVALID_MODULE},
	{"ErrorCode", "storage", NWP_ERR_STORAGE},
	{"ErrorCode", "outOfBounds", NWP_ERR_OUT_OF_BOUNDS},
	{"ErrorCode", "tableFull", NWP_ERR_TABLE_FULL},
	{"ErrorCode", "unsupported", NWP_ERR_UNSUPPORTED},
	{"ErrorCode", "notAuthorized", NWP_ERR_NOT_AUTHORIZED},
	{"ErrorCode", "noSuchExport", NWP_ERR_NO_SUCH_EXPORT},
	{"ErrorCode", "internal", NWP_ERR_INTERNAL},
	{"ErrorCode", "noSuchBond", NWP_ERR_NO_SUCH_BOND},
	{"ErrorCode", "badProgram", NWP_ERR_BAD_PROGRAM},
	{"VALUE_TYPES", "i32", NWP_VAL_I32},
	{"VALUE_TYPES", "i64", NWP_VAL_I64},
	{"VALUE_TYPES", "f32", NWP_VAL_F32},
	{"VALUE_TYPES", "f64", NWP_VAL_F64},
	{"VALUE_TYPES", "funcref", NWP_VAL_FUNCREF},
	{"VALUE_TYPES", "externref", NWP_VAL_EXTERNREF},
};

#define NCONST (sizeof(constants) / sizeof(constants[0]))

static void test_constants(void)
{
	char path[1024];
	char *text;
	char table[64] = "";
	int in_constants = 0;
	int seen[NCONST] = {0};
	int seen_msg[256] = {0};
	unsigned int rows = 0;
	unsigned int msgs = 0;

	snprintf(path, sizeof(path), "%s/docs/protocol.md", root);
	text = read_file(path, NULL);
	CHECK(text != NULL, "cannot read %s", path);
	if (text == NULL) {
		return;
	}
	for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		char name[64];
		char value[32];
		unsigned int code;

		if (strncmp(line, "### ", 4) == 0) {
			in_constants = strcmp(line, "### Constants") == 0;
			continue;
		}
		/* Message headings: #### `name` — 0xNN */
		if (!in_constants &&
		    sscanf(line, "#### `%63[^`]` \xe2\x80\x94 0x%x", name, &code) == 2) {
			const char *mine = code < 256 ? nwp_test_msg_name((uint8_t)code) : NULL;

			CHECK(mine != NULL && strcmp(mine, name) == 0,
			      "message %s = %#x: ours is %s", name, code, mine ? mine : "missing");
			if (code < 256) {
				seen_msg[code] = 1;
			}
			msgs++;
			continue;
		}
		if (!in_constants) {
			continue;
		}
		if (sscanf(line, "#### %63s", table) == 1) {
			continue;
		}
		if (sscanf(line, "| `%63[^`]` | %31s |", name, value) == 2) {
			uint32_t v = (uint32_t)strtoul(value, NULL, 0);
			size_t k;

			rows++;
			for (k = 0; k < NCONST; k++) {
				if (strcmp(constants[k].table, table) == 0 &&
				    strcmp(constants[k].name, name) == 0) {
					break;
				}
			}
			CHECK(k < NCONST, "doc constant %s.%s has no C twin", table, name);
			if (k < NCONST) {
				CHECK(constants[k].value == v,
				      "%s.%s = %#" PRIx32 " in the doc, %#" PRIx32 " in C", table,
				      name, v, constants[k].value);
				seen[k] = 1;
			}
		}
	}
	for (size_t k = 0; k < NCONST; k++) {
		CHECK(seen[k], "C constant %s.%s is not in the doc", constants[k].table,
		      constants[k].name);
	}
	for (unsigned int t = 0; t < 256; t++) {
		CHECK(seen_msg[t] || nwp_test_msg_name((uint8_t)t) == NULL,
		      "message %#x is not in the doc", t);
	}
	CHECK(msgs == 63 && rows == NCONST, "%u messages, %u constants in the doc", msgs, rows);
	free(text);
}

/* ---- fuzz seeds --------------------------------------------------------------------------- */

static int write_corpus(const char *dir)
{
	for (size_t i = 0; i < nvectors; i++) {
		const struct vector *x = &vectors[i];
		char path[1200];
		FILE *f;
		/* First byte: fuzz_decoder.c's configuration; maximum frame 256 or 1024. */
		uint8_t cfg = x->max_frame == 256 ? 0x00 : 0x02;

		snprintf(path, sizeof(path), "%s/%s", dir, x->name);
		f = fopen(path, "wb");
		if (f == NULL) {
			perror(path);
			return 1;
		}
		fwrite(&cfg, 1, 1, f);
		fwrite(x->wire, 1, x->len, f);
		fclose(f);
	}
	printf("wrote %zu seeds to %s\n", nvectors, dir);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} groups[] = {
		{"vectors", test_vectors}, {"roundtrip", test_roundtrip}, {"cobs", test_cobs},
		{"crc", test_crc},         {"encoder", test_encoder},     {"reader", test_reader},
		{"bounds", test_bounds},   {"constants", test_constants},
	};
	int ran = 0;

	if (argc < 3) {
		fprintf(stderr,
			"usage: %s <repo root> <group>|all | differential <file> | --write-corpus <dir>\n",
			argv[0]);
		return 2;
	}
	root = argv[1];
	if (strcmp(argv[2], "differential") == 0) {
		/* Random streams decoded by the TS codec: the C codec must print the same. */
		if (argc < 4 || load_vectors(argv[3]) != 0) {
			return 2;
		}
		for (size_t i = 0; i < nvectors; i++) {
			run_vector(&vectors[i], 0, "whole");
			run_vector(&vectors[i], 1, "byte-by-byte");
			run_vector(&vectors[i], SIZE_MAX, "random chunks");
		}
		printf("differential: %zu streams, %u checks, %u failed\n", nvectors, checks, failures);
		return failures ? 1 : 0;
	}
	if (load_vectors(NULL) != 0) {
		return 1;
	}
	if (strcmp(argv[2], "--write-corpus") == 0) {
		return argc > 3 ? write_corpus(argv[3]) : 2;
	}
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		if (strcmp(argv[2], "all") == 0 || strcmp(argv[2], groups[i].name) == 0) {
			unsigned int before = failures;

			groups[i].fn();
			printf("%-10s %s\n", groups[i].name, failures == before ? "ok" : "FAILED");
			ran++;
		}
	}
	if (ran == 0) {
		fprintf(stderr, "unknown group %s\n", argv[2]);
		return 2;
	}
	printf("%u checks, %u failed\n", checks, failures);
	for (size_t i = 0; i < nvectors; i++) {
		for (size_t k = 0; k < vectors[i].nexpect; k++) {
			free(vectors[i].expect[k]);
		}
		free(vectors[i].expect);
		free(vectors[i].wire);
		free(vectors[i].name);
	}
	free(vectors);
	return failures ? 1 : 0;
}
