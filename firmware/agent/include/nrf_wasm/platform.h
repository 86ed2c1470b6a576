/*
 * The platform interface of the debug agent: everything the agent needs from the board.
 *
 * Implemented by the Zephyr glue (firmware/app), the host build (firmware/host) and the RAM
 * platform of the unit tests. Bound at link time: one platform per binary, no function pointers.
 * All functions are called from the agent's thread except where noted.
 */
#ifndef NRF_WASM_PLATFORM_H_
#define NRF_WASM_PLATFORM_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- transport ------------------------------------------------------------------------------ */

/*
 * Received bytes reach the agent through nrf_wasm/link.h (nrfw_link_rx, nrfw_link_connected),
 * each link with its own queue, decoder and session.
 */

/* Sends wire bytes (already COBS-framed) on `link` (NRFW_LINK_*). Blocks until queued; drops
 * them if that link has no peer. */
void nrfw_plat_tx(uint8_t link, const uint8_t *data, size_t len);

/*
 * Waits until received bytes may be available (nrfw_link_rx_any) or `timeout_ms` passed
 * (UINT32_MAX: forever). Returns false only when the device is shutting down (host build:
 * process exit; tests: end of the script), which makes a paused or sleeping module terminate.
 */
bool nrfw_plat_rx_wait(uint32_t timeout_ms);

#ifndef NRFW_BONDS
#define NRFW_BONDS 0
#endif
#if NRFW_BONDS
/* ---- Bluetooth LE bonds (boards with Bluetooth LE; NRFW_BONDS=1 builds the requests) ------ */

#define NRFW_BOND_ADDR_LEN 7 /* address type, then the 6-byte address LSB first */
/* Copies up to `max` bonds into `out`; returns how many there are (may exceed max). */
int nrfw_plat_bonds(uint8_t (*out)[NRFW_BOND_ADDR_LEN], int max);
/* Erases the bond with `addr`, or every bond with NULL. Returns bonds erased, or -errno. */
int nrfw_plat_bond_erase(const uint8_t *addr);
#endif

/* ---- module store flash --------------------------------------------------------------------- */

/* Geometry of the flash area that holds both module slots (offsets are relative to it). */
struct nrfw_flash_info {
	uint32_t size;       /* bytes, a multiple of erase_unit */
	uint32_t erase_unit; /* page size */
	uint32_t write_unit; /* program granularity, a power of two <= 64 (the store refuses more) */
};
void nrfw_plat_flash_info(struct nrfw_flash_info *out);
/* Return 0 or a negative errno. Writes are aligned to write_unit, erases to erase_unit. */
int nrfw_plat_flash_read(uint32_t off, void *buf, size_t len);
int nrfw_plat_flash_write(uint32_t off, const void *buf, size_t len);
int nrfw_plat_flash_erase(uint32_t off, size_t len);

/* ---- board -------------------------------------------------------------------------------- */

uint32_t nrfw_plat_uptime_ms(void);
/* Number of user LEDs / buttons the module can use through the native API. */
uint8_t nrfw_plat_led_count(void);
uint8_t nrfw_plat_button_count(void);
void nrfw_plat_led_set(uint8_t led, bool on);
bool nrfw_plat_button_get(uint8_t button);
/* Free heap for modules, reported in helloOk. */
uint32_t nrfw_plat_free_memory(void);
/* Reboots. The host build re-initialises the agent and keeps its store file. */
void nrfw_plat_reset(void);

/* Strings reported in helloOk. */
struct nrfw_device_info {
	const char *board;
	const char *runtime;
	const char *runtime_version;
	const char *firmware_version;
	uint8_t reset_cause; /* ResetCause of the last boot, for the deviceReset event */
};
void nrfw_plat_device_info(struct nrfw_device_info *out);

#ifdef __cplusplus
}
#endif

#endif /* NRF_WASM_PLATFORM_H_ */
