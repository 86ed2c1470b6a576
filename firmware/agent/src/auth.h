/*
 * Link authorization policy (docs/protocol.md 1.3): over Bluetooth LE, deploy and debug requests
 * need an encrypted and bonded link; the handshake and link checks never do, so a host can learn
 * what to fix. Wired links (UART, the host build's TCP) are trusted: whoever holds the cable
 * holds the board.
 */
#ifndef NRFW_AGENT_AUTH_H_
#define NRFW_AGENT_AUTH_H_

#include <stdbool.h>
#include <stdint.h>

#include "nrf_wasm/platform.h"

/* true if a request of `type` may be served on a link in state `ls`. */
bool nrfw_auth_allows(uint8_t type, const struct nrfw_link_state *ls);

#endif /* NRFW_AGENT_AUTH_H_ */
