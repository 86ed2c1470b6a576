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
#define RAM_WRITE_UNIT  4u

extern uint8_t ram_flash[RAM_FLASH_SIZE];
/* Flash operations (write or erase) left before a power cut; -1: no cut. A cut write is torn:
 * its first half lands. Every operation after the cut fails. */
extern int ram_flash_ops_left;
extern bool ram_power_cut;
/* Writes that tried to turn a 0 bit back into 1 (a missing erase): must stay 0. */
extern int ram_flash_violations;
extern int ram_flash_ops;

extern struct nrfw_link_state ram_link;
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

/* Queues raw wire bytes for the agent. */
void ram_rx_push(const uint8_t *data, size_t len);
/* Queues a request built from fields (see the helpers in test_agent.c). */
void ram_rx_msg(const struct nwp_msg *m);

/* Decoded messages the agent sent, in order; each stays valid until ram_platform_reset(). */
int ram_tx_count(void);
const struct nwp_msg *ram_tx_get(int i);
/* The first message of `type` at index >= *from (updated past it), or NULL. */
const struct nwp_msg *ram_tx_find(int *from, uint8_t type);
/* Frames that did not decode (must stay 0). */
extern int ram_tx_bad;

#endif /* RAM_PLATFORM_H_ */
