/*
 * The agent's links (UART, Bluetooth LE, the host build's TCP): one receive queue, decoder and
 * session state per link, so that what arrives on one link is judged and answered on that link
 * only. docs/protocol.md 1.3 has the rules; agent/src/link.c implements them.
 *
 * The platform's side is three calls: queue received bytes with the link's security at that
 * moment (nrfw_link_rx), say that a new peer took a link (nrfw_link_connected), and ask whether
 * anything is queued (nrfw_link_rx_any, for nrfw_plat_rx_wait). Each link has one producer
 * context (an interrupt, a driver thread); the agent's thread is the only consumer.
 */
#ifndef NRF_WASM_LINK_H_
#define NRF_WASM_LINK_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Link ids. The wired link is trusted (whoever holds the cable holds the board); the radio link
 * is served deploy and debug requests only at security level 4 with a bond. */
#define NRFW_LINK_WIRED 0
#define NRFW_LINK_BLE   1
#ifndef NRFW_LINK_COUNT
#define NRFW_LINK_COUNT 2
#endif
#define NRFW_LINK_NONE  0xff

/* Bytes queued per link (a power of two). Must hold the upload window while flash is written. */
#ifndef NRFW_LINK_RX_SIZE
#define NRFW_LINK_RX_SIZE 8192
#endif

/* Security of received bytes, sampled when they arrive: Bluetooth's level 1..4 (4: LE Secure
 * Connections, authenticated, 128-bit key) in the low bits, NRFW_SEC_BONDED if the peer's keys
 * are stored. Wired links pass 0 (ignored). */
#define NRFW_SEC_LEVEL_MASK 0x0f
#define NRFW_SEC_BONDED     0x80

/*
 * Queues `len` received bytes of `link` that arrived at security `sec`. Interrupt-safe (one
 * producer per link). Returns the bytes queued: fewer when the queue is full (the protocol's
 * CRC and acknowledgements recover). Calls nrfw_agent_rx_notify().
 */
size_t nrfw_link_rx(uint8_t link, const uint8_t *data, size_t len, uint8_t sec);

/*
 * A new peer on `link` (BLE connect or disconnect, TCP accept): bytes still queued from the
 * previous peer are dropped, and that link's handshake, frame size and partial frame are
 * forgotten before the agent reads anything more from it. Other links are untouched. Any
 * context.
 */
void nrfw_link_connected(uint8_t link);

/* Whether received bytes wait on any link (for nrfw_plat_rx_wait). Any context. */
bool nrfw_link_rx_any(void);

/*
 * How long a transport waits before restarting reception after its `failures`-th failure in a
 * row (a UART line error or break that persists): 10 ms doubling up to NRFW_LINK_RETRY_MAX_MS,
 * so a stuck line costs a few wake-ups a second instead of a loop. 0 for failures == 0.
 */
#define NRFW_LINK_RETRY_MIN_MS 10u
#define NRFW_LINK_RETRY_MAX_MS 1000u
uint32_t nrfw_link_retry_ms(uint32_t failures);

#ifdef __cplusplus
}
#endif

#endif /* NRF_WASM_LINK_H_ */
