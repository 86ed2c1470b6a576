/*
 * RAM platform for the agent's unit tests: flash in an array (NOR semantics, power cuts on
 * demand), a scripted receive queue, a captured transmit stream and a virtual clock.
 */
#ifndef RAM_PLATFORM_H_
#define RAM_PLATFORM_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nrf_wasm/platform.h"
#include "nrf_wasm/protocol.h"

#define RAM_FLASH_SIZE  (64u * 1024u)
#define RAM_ERASE_UNIT  4096u
#define RAM_WRITE_UNIT  4u /* default of ram_write_unit */

extern uint8_t ram_flash[RAM_FLASH_SIZE];
/* Flash operations (write or erase) left before a power cut; -1: no cut. A cut write is torn:
 * its first half lands. Every operation after the cut fails. */
extern int ram_flash_ops_left;
extern bool ram_power_cut;
/* Writes that tried to turn a 0 bit back into 1 (a missing erase): must stay 0. */
extern int ram_flash_violations;
extern int ram_flash_ops;
/* The flash's write unit (program granularity) the platform reports and enforces. */
extern uint32_t ram_write_unit;

/* Bluetooth bonds the platform reports (NRFW_BONDS). */
#define RAM_BONDS_MAX 8
extern uint8_t ram_bonds[RAM_BONDS_MAX][NRFW_BOND_ADDR_LEN];
extern int ram_bond_count;
extern bool ram_buttons[4];
extern bool ram_leds[4];
extern int ram_resets;
extern uint32_t ram_now_ms;

/* Called when the agent waits for input and the queue is empty; may queue more requests.
 * Without it (or if it queues nothing) the wait reports shutdown. */
extern void (*ram_on_idle)(void);

void ram_platform_reset(void);
/* "Reboot": forget RAM state, keep the flash. */
void ram_power_restore(void);

/* Queues raw wire bytes for the agent on the wired link. */
void ram_rx_push(const uint8_t *data, size_t len);
/* Queues a request built from fields (see the helpers in test_agent.c), on the wired link. */
void ram_rx_msg(const struct nwp_msg *m);
/* The same on `link`, as bytes that arrived at security `sec` (nrf_wasm/link.h). */
void ram_rx_push_on(uint8_t link, const uint8_t *data, size_t len, uint8_t sec);
void ram_rx_msg_on(uint8_t link, const struct nwp_msg *m, uint8_t sec);
/* Bytes a full link queue did not take (must stay 0 unless a test overfills on purpose). */
extern size_t ram_rx_dropped;

/* Decoded messages the agent sent, in order; each stays valid until ram_platform_reset(). */
int ram_tx_count(void);
const struct nwp_msg *ram_tx_get(int i);
/* The link message i was sent on. */
int ram_tx_link(int i);
/* The first message of `type` at index >= *from (updated past it), or NULL. */
const struct nwp_msg *ram_tx_find(int *from, uint8_t type);
/* Frames that did not decode (must stay 0). */
extern int ram_tx_bad;

#endif /* RAM_PLATFORM_H_ */
