/*
 * Protocol codec throughput on the host (bench/protocol-c.ts builds it in Release and runs it):
 * encode (writer + CRC + in-place COBS) and decode (stream reader, whole buffers and byte by
 * byte) of three typical messages. Plain lines on stdout.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <nrf_wasm/protocol.h>

#if defined(NWP_CRC32_TABLE8)
#define CRC_NAME "1 KiB table"
#else
#define CRC_NAME "16-entry table"
#endif

#define MAX_FRAME 1100

static uint8_t wire[NWP_WIRE_SIZE(MAX_FRAME)];
static uint8_t rx_buf[MAX_FRAME];
static uint8_t chunk[1024];
static volatile uint32_t sink;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A stop at a breakpoint with the top frame and four i32 locals: the common event. */
static int enc_stopped(uint32_t i)
{
	struct nwp_writer w;

	nwp_writer_init(&w, wire, sizeof(wire), NWP_MSG_STOPPED, (uint16_t)i);
	nwp_put_u8(&w, NWP_STOP_BREAKPOINT);
	nwp_put_u8(&w, NWP_STOP_FLAG_LOCALS_COMPLETE);
	nwp_put_u32(&w, 0x4c);
	nwp_put_u16(&w, 2);
	nwp_put_u32(&w, 1);
	nwp_put_u32(&w, 0x4c);
	nwp_put_u16(&w, 4);
	for (int k = 0; k < 4; k++) {
		struct nwp_value v = {.tag = NWP_VAL_I32, .i32 = (int32_t)(i + (uint32_t)k)};

		nwp_put_value(&w, &v);
	}
	return nwp_writer_finish(&w);
}

/* A 1 KiB module chunk (the upload's bulk). */
static int enc_chunk(uint32_t i)
{
	struct nwp_writer w;

	nwp_writer_init(&w, wire, sizeof(wire), NWP_MSG_UPLOAD_CHUNK, (uint16_t)i);
	nwp_put_u32(&w, i * 1024);
	nwp_put_bytes(&w, chunk, sizeof(chunk));
	return nwp_writer_finish(&w);
}

/* A frames response with 8 frames (as bench/protocol.ts). */
static int enc_frames(uint32_t i)
{
	struct nwp_writer w;

	nwp_writer_init(&w, wire, sizeof(wire), NWP_MSG_FRAMES_OK, (uint16_t)i);
	nwp_put_u16(&w, 8);
	nwp_put_u16(&w, 8);
	for (uint32_t k = 0; k < 8; k++) {
		nwp_put_u32(&w, 7 - k);
		nwp_put_u32(&w, 0x40 + 8 * k + i % 8);
	}
	return nwp_writer_finish(&w);
}

static void report(const char *what, double secs, unsigned long n, size_t bytes)
{
	printf("  %-22s %8.2f M msg/s %8.1f MB/s\n", what, (double)n / secs / 1e6,
	       (double)n * (double)bytes / secs / 1e6);
}

static void bench(const char *name, int (*enc)(uint32_t))
{
	static uint8_t stream[64 * 1024];
	struct nwp_reader r;
	struct nwp_msg msg;
	unsigned long n;
	size_t len = (size_t)enc(0);
	size_t per;
	size_t stream_len;
	double t0;
	double t;

	printf("%s: %zu bytes on the wire\n", name, len);

	/* encode */
	n = 0;
	t0 = now();
	do {
		for (int k = 0; k < 1000; k++, n++) {
			sink += (uint32_t)enc((uint32_t)n);
		}
		t = now() - t0;
	} while (t < 0.3);
	report("encode", t, n, len);

	/* decode: a stream of back-to-back frames, fed whole */
	per = sizeof(stream) / len;
	stream_len = 0;
	for (size_t k = 0; k < per; k++) {
		memcpy(stream + stream_len, wire, len);
		stream_len += len;
	}
	nwp_reader_init(&r, rx_buf, sizeof(rx_buf), sizeof(rx_buf));
	n = 0;
	t0 = now();
	do {
		const uint8_t *p = stream;
		size_t left = stream_len;

		while (left > 0) {
			size_t used;
			int rc = nwp_reader_feed(&r, p, left, &used, &msg);

			p += used;
			left -= used;
			if (rc == NWP_READ_MSG) {
				n++;
				sink += msg.id;
			}
		}
		t = now() - t0;
	} while (t < 0.3);
	report("decode (feed)", t, n, len);

	/* decode byte by byte, as from a UART interrupt */
	n = 0;
	t0 = now();
	do {
		for (size_t k = 0; k < stream_len; k++) {
			if (nwp_reader_push(&r, stream[k], &msg) == NWP_READ_MSG) {
				n++;
				sink += msg.id;
			}
		}
		t = now() - t0;
	} while (t < 0.3);
	report("decode (push)", t, n, len);
}

int main(void)
{
	static uint8_t crc_buf[4096];
	unsigned long n = 0;
	double t0;
	double t;

	for (size_t k = 0; k < sizeof(chunk); k++) {
		chunk[k] = (uint8_t)(k * 7 + 1);
	}
	printf("protocol-c codec, CRC-32 with a %s\n", CRC_NAME);
	bench("stopped, 4 i32 locals", enc_stopped);
	bench("uploadChunk, 1 KiB", enc_chunk);
	bench("framesOk, 8 frames", enc_frames);

	t0 = now();
	do {
		for (int k = 0; k < 100; k++, n++) {
			sink += nwp_crc32(0, crc_buf, sizeof(crc_buf));
		}
		t = now() - t0;
	} while (t < 0.3);
	printf("crc32 alone: %.1f MB/s\n", (double)n * sizeof(crc_buf) / t / 1e6);
	return sink == 0x12345678 ? 1 : 0;
}
