/* The pairing window (nrf_wasm/pairing.h). Times are uptime milliseconds; differences are taken
 * unsigned, so a wrap of the 32-bit clock does not matter. */
#include "nrf_wasm/pairing.h"

void nrfw_pairing_boot(struct nrfw_pairing *p, bool held, uint32_t now_ms)
{
	p->open = held;
	p->holding = held;
	p->erase_done = false;
	p->opened_at = now_ms;
}

bool nrfw_pairing_is_open(struct nrfw_pairing *p, uint32_t now_ms)
{
	if (p->open && now_ms - p->opened_at >= NRFW_PAIRING_WINDOW_MS) {
		p->open = false;
	}
	return p->open;
}

bool nrfw_pairing_tick(struct nrfw_pairing *p, bool held, uint32_t now_ms)
{
	(void)nrfw_pairing_is_open(p, now_ms);
	if (!held) {
		p->holding = false; /* a later press is the module's, not ours */
		return false;
	}
	if (p->holding && !p->erase_done && now_ms - p->opened_at >= NRFW_PAIRING_ERASE_MS) {
		p->erase_done = true;
		return true;
	}
	return false;
}

bool nrfw_pairing_accept(struct nrfw_pairing *p, uint32_t now_ms)
{
	return nrfw_pairing_is_open(p, now_ms);
}

void nrfw_pairing_done(struct nrfw_pairing *p, bool bonded)
{
	if (bonded) {
		p->open = false;
	}
}

bool nrfw_pairing_led(const struct nrfw_pairing *p, uint32_t now_ms)
{
	if (p->holding && p->erase_done) {
		return true;
	}
	return p->open && ((now_ms - p->opened_at) / 125u) % 2u == 0;
}
