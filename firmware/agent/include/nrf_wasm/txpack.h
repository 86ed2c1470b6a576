/*
 * Packet filling for a radio link (Bluetooth LE notifications): the protocol's byte stream is cut
 * into packets of `payload` (ATT MTU - 3) bytes across frame boundaries, so a frame's short tail
 * shares its packet with the next frame's head (docs/protocol.md 1.3). Each packet costs a slot
 * of a connection event whatever it carries: a 1020-byte frame alone is 5 packets of MTU 247 with
 * 43 bytes in the last.
 *
 * The short tail is held only while more is known to follow (`more`: the agent has received
 * bytes it has not answered yet, e.g. upload chunks); otherwise, and on nrfw_txpack_flush, it
 * goes at once, so a lone answer is never delayed. Portable C: the Zephyr glue
 * (app/src/transport_ble.c) supplies `emit` and the lock; firmware/tests/agent/test_txpack.c.
 */
#ifndef NRF_WASM_TXPACK_H_
#define NRF_WASM_TXPACK_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The largest payload held back: ATT MTU 247 - 3 (Bluetooth LE data length 251). */
#define NRFW_TXPACK_MAX 244

/* Sends one packet of `len` bytes; returns 0 or a negative errno (the packer stops there). */
typedef int (*nrfw_txpack_emit)(void *ctx, const uint8_t *data, size_t len);

struct nrfw_txpack {
	uint8_t tail[NRFW_TXPACK_MAX];
	uint16_t tail_len;
};

/* Forgets a held tail (a new peer). */
void nrfw_txpack_reset(struct nrfw_txpack *p);

/*
 * Queues `len` bytes for packets of `payload` bytes (clamped to 1..NRFW_TXPACK_MAX): emits every
 * full packet, then holds what is left if `more`, else emits it too. Returns 0 or emit's error
 * (bytes not emitted are dropped: the protocol's CRC and acks recover, as on a lost packet).
 */
int nrfw_txpack_put(struct nrfw_txpack *p, size_t payload, const uint8_t *data, size_t len,
		    bool more, nrfw_txpack_emit emit, void *ctx);

/* Emits a held tail, if any. Returns 0 or emit's error (the tail is then kept: try again). */
int nrfw_txpack_flush(struct nrfw_txpack *p, nrfw_txpack_emit emit, void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* NRF_WASM_TXPACK_H_ */
