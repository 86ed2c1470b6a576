/*
 * Who may pair with the board over Bluetooth LE, decided in portable C (the Zephyr glue only
 * feeds it the button, the clock and the stack's callbacks): new bonds are accepted only inside
 * a pairing window the owner opens physically, by holding button 2 during reset. The window
 * lasts NRFW_PAIRING_WINDOW_MS and closes after one successful pairing; outside it every
 * pairing request is refused (already bonded peers just encrypt with their keys). Keeping the
 * button held NRFW_PAIRING_ERASE_MS after reset also erases every bond. The board shows the
 * window with an LED pattern (nrfw_pairing_led).
 */
#ifndef NRF_WASM_PAIRING_H_
#define NRF_WASM_PAIRING_H_

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef NRFW_PAIRING_WINDOW_MS
#define NRFW_PAIRING_WINDOW_MS 60000u
#endif
#ifndef NRFW_PAIRING_ERASE_MS
#define NRFW_PAIRING_ERASE_MS 5000u
#endif
/* The button that opens the window (0-based: the DK's "Button 2"). */
#define NRFW_PAIRING_BUTTON 1

struct nrfw_pairing {
	uint32_t opened_at;
	bool open;
	bool holding;     /* the button is still held since reset */
	bool erase_done;
};

/* At boot: `held` = the pairing button is pressed. Opens the window if so. */
void nrfw_pairing_boot(struct nrfw_pairing *p, bool held, uint32_t now_ms);

/*
 * Called periodically while the window is open or the button is held since reset (the glue's
 * timer, e.g. every 100 ms). Closes the window when its time is up. Returns true exactly once
 * when the button has been held NRFW_PAIRING_ERASE_MS since reset: erase every bond now.
 */
bool nrfw_pairing_tick(struct nrfw_pairing *p, bool held, uint32_t now_ms);

/* Whether the window is open now (closes it if its time is up). */
bool nrfw_pairing_is_open(struct nrfw_pairing *p, uint32_t now_ms);

/* A peer asks to pair (the stack's pairing_accept): true to go on (passkey follows). */
bool nrfw_pairing_accept(struct nrfw_pairing *p, uint32_t now_ms);

/* Pairing finished: with a bond, the window closes (one new bond per window). */
void nrfw_pairing_done(struct nrfw_pairing *p, bool bonded);

/* LED pattern: while the window is open, blink at 4 Hz; erasing, on steadily. false otherwise. */
bool nrfw_pairing_led(const struct nrfw_pairing *p, uint32_t now_ms);

#ifdef __cplusplus
}
#endif

#endif /* NRF_WASM_PAIRING_H_ */
