/*
 * Board glue shared by the transports and the platform. Received bytes go to the agent's
 * per-link queues (nrf_wasm/link.h) with the link's security at that moment; the decisions
 * (who may do what on which link, who may pair) are the agent's portable C.
 */
#ifndef NRF_WASM_GLUE_H_
#define NRF_WASM_GLUE_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nrf_wasm/link.h"

/* Queues bytes received on `link` at security `sec` and wakes the agent (any context).
 * Returns bytes queued. */
size_t glue_rx(uint8_t link, const uint8_t *data, size_t len, uint8_t sec);

/* A peer connected to or left `link`: its session starts over (any context). */
void glue_link_up(uint8_t link);

/* The transports; return 0 or -errno. */
int uart_transport_init(void);
int uart_transport_send(const uint8_t *data, size_t len);
int ble_transport_init(void);
int ble_transport_send(const uint8_t *data, size_t len);
/* Sends a notification held back for packing (nrf_wasm/txpack.h), if any. */
void ble_transport_flush(void);

/* Bluetooth pairing window: `held` = button 2 pressed at reset (nrf_wasm/pairing.h). */
void ble_pairing_boot(bool held);

/* Module store partition (flash_store.c). */
int flash_store_init(void);

#endif /* NRF_WASM_GLUE_H_ */
