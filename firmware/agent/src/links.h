/*
 * The agent's side of the links (nrf_wasm/link.h is the platform's): per-link decoder and
 * session state, where a frame came from and at what security, who holds the debug session.
 * Agent thread only.
 */
#ifndef NRFW_AGENT_LINKS_H_
#define NRFW_AGENT_LINKS_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nrf_wasm/link.h"
#include "nrf_wasm/protocol.h"

/* Where a frame came from. */
struct nrfw_link_in {
	uint8_t link;
	uint8_t sec;  /* the lowest security any of its bytes arrived at (nrf_wasm/link.h) */
	uint32_t gen; /* the link's peer at arrival: a reply is not sent to a later peer */
};

#define NRFW_LINK_GEN_ANY 0xffffffffu

/* All links closed: queues empty, no handshake, no session. */
void nrfw_links_init(void);

/*
 * Feeds queued bytes to the links' decoders (round robin, a link's bytes in order) until one
 * gives a result: NWP_READ_MSG or -NWP_RX_* (nwp_reader_feed) with *in set, or NWP_READ_MORE
 * when nothing is left. *consumed is set if any byte was used.
 */
int nrfw_links_next(struct nwp_msg *m, struct nrfw_link_in *in, bool *consumed);

/* Bytes taken from a queue but not yet decoded (held back after a request that settles). */
bool nrfw_links_pending(void);

/* The link's host said hello (and got helloOk). */
bool nrfw_links_hello_done(uint8_t link);
/* The host's maxFrame on `link` (NWP_MIN_MAX_FRAME until its hello). */
uint16_t nrfw_links_peer_max(uint8_t link);
/*
 * `link` said hello with maxFrame `peer_max`: it may send frames up to `own_max` from now on.
 * With `take_session` it becomes the session's link (the takeover rule of protocol.md 1.3):
 * every other link's handshake is forgotten, so their next request gets noHandshake.
 */
void nrfw_links_hello(uint8_t link, uint16_t peer_max, uint16_t own_max, bool take_session);
/* `link`'s hello was refused (no common version, maxFrame below 256): like a new connection, it
 * must say hello again (links without connection events, a UART, inherit no handshake from an
 * earlier host that way); if it held the session, the session ends. */
void nrfw_links_hello_failed(uint8_t link);
/* The link that holds the debug session, or NRFW_LINK_NONE. */
uint8_t nrfw_links_session(void);
/* Where events go: the session's link, or the wired link when no link holds it (never a radio
 * link that has not taken the session). */
uint8_t nrfw_links_event_link(void);

/* Sends wire bytes on `link` unless its peer changed since `gen` (NRFW_LINK_GEN_ANY: send). */
void nrfw_links_send(uint8_t link, uint32_t gen, const uint8_t *data, size_t len);

#endif /* NRFW_AGENT_LINKS_H_ */
