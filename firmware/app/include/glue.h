/*
 * Board glue shared by the transports and the platform: the receive queue the transports fill
 * (and the agent drains through nrfw_plat_rx_read()), and the link the replies go back on.
 */
#ifndef NRF_WASM_GLUE_H_
#define NRF_WASM_GLUE_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum glue_link {
	GLUE_LINK_UART,
	GLUE_LINK_BLE,
};

/* Queues received bytes from `link` (interrupt-safe) and wakes the agent. Returns bytes queued. */
size_t glue_rx_put(enum glue_link link, const uint8_t *data, size_t len);

/* A new host connected (BLE): it must say hello before anything else (any context). */
void glue_link_up(void);

/* The transports' send functions; return 0 or -errno. */
int uart_transport_init(void);
int uart_transport_send(const uint8_t *data, size_t len);
int ble_transport_init(void);
int ble_transport_send(const uint8_t *data, size_t len);
/* BLE: a peer is connected with notifications on; and what the link can be trusted with. */
bool ble_transport_ready(void);
void ble_transport_security(bool *encrypted, bool *bonded);

/* Module store partition (flash_store.c). */
int flash_store_init(void);

#endif /* NRF_WASM_GLUE_H_ */
