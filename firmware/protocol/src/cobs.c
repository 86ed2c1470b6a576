/*
 * Consistent Overhead Byte Stuffing: removes every 0x00 from a frame so that 0x00 delimits
 * frames on a byte stream. Byte-for-byte the same encoding as src/protocol/cobs.ts (including
 * the 0x01 code that follows a final run of 254 non-zero bytes), so wire bytes compare equal.
 */
#include <nrf_wasm/protocol.h>

size_t nwp_cobs_encode(uint8_t *dst, const uint8_t *src, size_t len)
{
	size_t code_at = 0;
	size_t o = 1;
	uint8_t code = 1;

	for (size_t i = 0; i < len; i++) {
		/* Read before writing: in place, dst[o] may be the byte just read. */
		uint8_t b = src[i];

		if (b == 0) {
			dst[code_at] = code;
			code_at = o++;
			code = 1;
			continue;
		}
		dst[o++] = b;
		if (++code == 0xff) {
			dst[code_at] = code;
			code_at = o++;
			code = 1;
		}
	}
	dst[code_at] = code;
	return o;
}

int nwp_cobs_decode(uint8_t *dst, const uint8_t *src, size_t len)
{
	size_t i = 0;
	size_t o = 0;

	while (i < len) {
		uint8_t code = src[i++];

		if (code == 0 || (size_t)code - 1 > len - i) {
			return -NWP_RX_COBS;
		}
		for (size_t end = i + code - 1; i < end; i++) {
			if (src[i] == 0) {
				return -NWP_RX_COBS;
			}
			dst[o++] = src[i];
		}
		/* A group shorter than 254 stands for a 0x00, except at the very end. */
		if (code != 0xff && i < len) {
			dst[o++] = 0;
		}
	}
	return (int)o;
}
