/* Packet filling across frame boundaries (nrf_wasm/txpack.h): what the BLE glue notifies. */
#include <string.h>

#include "nrf_wasm/txpack.h"
#include "tinytest.h"

static struct nrfw_txpack pk;
static uint8_t out[8192];
static size_t out_len;
static size_t sizes[256];
static int packets;
static int fail_at = -1;

static int emit(void *ctx, const uint8_t *data, size_t len)
{
	(void)ctx;
	if (packets == fail_at) {
		return -12;
	}
	memcpy(out + out_len, data, len);
	out_len += len;
	sizes[packets++] = len;
	return 0;
}

void tt_setup(void)
{
	nrfw_txpack_reset(&pk);
	out_len = 0;
	packets = 0;
	fail_at = -1;
}

static void frame(uint8_t *buf, size_t n, uint8_t v)
{
	memset(buf, v, n - 1);
	buf[n - 1] = 0; /* the delimiter */
}

/* Ten 100-byte frames while more is coming: 244-byte packets, the stream intact. */
TEST(txpack_fills_packets_across_frames)
{
	uint8_t f[100], want[1000];

	for (int i = 0; i < 10; i++) {
		frame(f, sizeof(f), (uint8_t)(i + 1));
		memcpy(want + i * 100, f, 100);
		CHECK_EQ(nrfw_txpack_put(&pk, 244, f, sizeof(f), i < 9, emit, NULL), 0);
	}
	CHECK_EQ(packets, 5);
	for (int i = 0; i < 4; i++) {
		CHECK_EQ(sizes[i], 244u);
	}
	CHECK_EQ(sizes[4], 1000u - 4 * 244);
	CHECK_EQ(out_len, sizeof(want));
	CHECK(memcmp(out, want, sizeof(want)) == 0);
}

/* A lone answer is never held back: nothing follows it. */
TEST(txpack_lone_frame_goes_at_once)
{
	uint8_t f[300];

	frame(f, sizeof(f), 7);
	CHECK_EQ(nrfw_txpack_put(&pk, 244, f, sizeof(f), false, emit, NULL), 0);
	CHECK_EQ(packets, 2);
	CHECK_EQ(sizes[0], 244u);
	CHECK_EQ(sizes[1], 56u);
	CHECK_EQ(pk.tail_len, 0);
}

/* A held tail goes on flush (the agent waits for input), and only once. */
TEST(txpack_flush_sends_the_held_tail)
{
	uint8_t f[30];

	frame(f, sizeof(f), 9);
	CHECK_EQ(nrfw_txpack_put(&pk, 20, f, sizeof(f), true, emit, NULL), 0);
	CHECK_EQ(packets, 1);
	CHECK_EQ(pk.tail_len, 10);
	CHECK_EQ(nrfw_txpack_flush(&pk, emit, NULL), 0);
	CHECK_EQ(packets, 2);
	CHECK_EQ(sizes[1], 10u);
	CHECK_EQ(nrfw_txpack_flush(&pk, emit, NULL), 0);
	CHECK_EQ(packets, 2);
}

/* MTU 23 acks (small frames) share 20-byte packets. */
TEST(txpack_small_frames_share_packets)
{
	uint8_t f[13];

	for (int i = 0; i < 6; i++) {
		frame(f, sizeof(f), (uint8_t)(0x40 + i));
		CHECK_EQ(nrfw_txpack_put(&pk, 20, f, sizeof(f), i < 5, emit, NULL), 0);
	}
	CHECK_EQ(out_len, 78u);
	CHECK_EQ(packets, 4); /* 20 + 20 + 20 + 18, not 6 x 13 */
}

/* A payload below the held tail (a new, smaller MTU) sends the tail first; nothing is lost. */
TEST(txpack_smaller_payload_flushes_first)
{
	uint8_t f[50];

	frame(f, sizeof(f), 3);
	CHECK_EQ(nrfw_txpack_put(&pk, 244, f, sizeof(f), true, emit, NULL), 0);
	CHECK_EQ(packets, 0);
	CHECK_EQ(nrfw_txpack_put(&pk, 20, f, sizeof(f), false, emit, NULL), 0);
	CHECK_EQ(out_len, 100u);
	CHECK_EQ(sizes[0], 50u);
	for (int i = 1; i < packets; i++) {
		CHECK(sizes[i] <= 20u);
	}
}

/* The radio refusing a packet is reported; what it did take stays in order. */
TEST(txpack_emit_error_is_returned)
{
	uint8_t f[100];

	frame(f, sizeof(f), 5);
	fail_at = 1;
	CHECK_EQ(nrfw_txpack_put(&pk, 20, f, sizeof(f), false, emit, NULL), -12);
	CHECK_EQ(packets, 1);
	CHECK_EQ(sizes[0], 20u);
}

/* A flush the radio cannot take now (out of buffers) keeps the tail for the next try. */
TEST(txpack_failed_flush_keeps_the_tail)
{
	uint8_t f[30];

	frame(f, sizeof(f), 4);
	CHECK_EQ(nrfw_txpack_put(&pk, 20, f, sizeof(f), true, emit, NULL), 0);
	fail_at = 1;
	CHECK_EQ(nrfw_txpack_flush(&pk, emit, NULL), -12);
	CHECK_EQ(pk.tail_len, 10);
	fail_at = -1;
	CHECK_EQ(nrfw_txpack_flush(&pk, emit, NULL), 0);
	CHECK_EQ(out_len, 30u);
	CHECK(memcmp(out, f, sizeof(f)) == 0);
}
