/*
 * The firmware's own parts beside the agent's platform interface: reset with a cause, the
 * receive queue fed by the UART interrupt, the store file, the command line.
 */
#ifndef NRFW_QEMU_M33_H_
#define NRFW_QEMU_M33_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum reset_kind {
	RESET_REQUESTED,
	RESET_FAULT,
};

/* Resets the core; the next boot reports `kind` as its reset cause. */
void qemu_m33_reset(enum reset_kind kind) __attribute__((noreturn));

/* platform.c: received bytes, from the UART interrupt (rx_put only when not rx_full) to the
 * agent's link queue; rx_tick from SysTick hands over a partial chunk. */
bool rx_full(void);
void rx_put(uint8_t byte);
void rx_tick(void);
/* uart.c: the queue has room again: take bytes held back while it was full. */
void uart_rx_resume(void);
/* platform.c: reads the cause of this boot (call once, first). */
void reset_cause_init(void);

/* startup.c: the deepest the main stack has been, in bytes (it is painted at reset). */
#define STACK_PAINT 0x5354414bu
uint32_t stack_high_water(void);

/* flash_store.c: opens (or creates, erased) the store file. 0 or -errno. */
int flash_store_init(const char *path);

#endif /* NRFW_QEMU_M33_H_ */
