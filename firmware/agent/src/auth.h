/*
 * Link authorization policy (docs/protocol.md 1.3), decided per frame with the link it came on
 * and the security its own bytes arrived at (link.h):
 *  - wired links (UART, the host build's TCP) are trusted: whoever holds the cable holds the
 *    board;
 *  - on Bluetooth LE, deploy and debug requests need security level 4 (LE Secure Connections,
 *    authenticated pairing) with a bond; `hello` and `ping` never do, so a host can learn what
 *    to fix;
 *  - bond management (bondList, bondErase) is wired only: a radio peer cannot list or erase the
 *    owner's bonds, whatever its security.
 */
#ifndef NRFW_AGENT_AUTH_H_
#define NRFW_AGENT_AUTH_H_

#include <stdbool.h>
#include <stdint.h>

/* The lowest Bluetooth security level served deploy and debug requests. */
#define NRFW_AUTH_BLE_LEVEL 4

/* true if a request of `type` may be served from `link` at security `sec`. */
bool nrfw_auth_allows(uint8_t type, uint8_t link, uint8_t sec);

/* true if a hello from `link` at `sec` takes the debug session (it may debug). */
bool nrfw_auth_may_hold_session(uint8_t link, uint8_t sec);

/* true if `type` acts on the debug session: served only from the link that holds it. */
bool nrfw_auth_needs_session(uint8_t type);

#endif /* NRFW_AGENT_AUTH_H_ */
