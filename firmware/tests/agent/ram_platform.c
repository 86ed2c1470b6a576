/* RAM platform: see ram_platform.h. */
#include <stdlib.h>
#include <string.h>

#include "nrf_wasm/agent.h"
#include "ram_platform.h"

uint8_t ram_flash[RAM_FLASH_SIZE];
int ram_flash_ops_left = -1;
bool ram_power_cut;
int ram_flash_violations;
int ram_flash_ops;
struct nrfw_link_state ram_link;
bool ram_buttons[4];
bool ram_leds[4];
int ram_resets;
uint32_t ram_now_ms;
void (*ram_on_idle)(void);
int ram_tx_bad;

static uint8_t rxq[256 * 1024];
static size_t rx_len, rx_pos;

/* Transmitted frames are decoded as they come; each decoded message keeps its own frame copy
 * because the codec's messages point into the frame buffer. */
#define TX_MAX 4096
static struct {
	struct nwp_msg msg;
	uint8_t *frame;
} txm[TX_MAX];
static int tx_n;
static struct nwp_reader txr;
static uint8_t txr_buf[65536];

void ram_platform_reset(void)
{
	for (int i = 0; i < tx_n; i++) {
		free(txm[i].frame);
	}
	tx_n = 0;
	ram_tx_bad = 0;
	memset(ram_flash, 0xff, sizeof(ram_flash));
	ram_flash_ops_left = -1;
	ram_power_cut = false;
	ram_flash_violations = 0;
	ram_flash_ops = 0;
	memset(&ram_link, 0, sizeof(ram_link));
	memset(ram_buttons, 0, sizeof(ram_buttons));
	memset(ram_leds, 0, sizeof(ram_leds));
	ram_resets = 0;
	ram_now_ms = 1000;
	ram_on_idle = NULL;
	rx_len = rx_pos = 0;
	nwp_reader_init(&txr, txr_buf, sizeof(txr_buf), sizeof(txr_buf));
}

void ram_power_restore(void)
{
	ram_flash_ops_left = -1;
	ram_power_cut = false;
	rx_len = rx_pos = 0;
}

/* ---- transport ---------------------------------------------------------------------------- */

void nrfw_plat_tx(const uint8_t *data, size_t len)
{
	while (len) {
		size_t used;
		struct nwp_msg m;
		int rc = nwp_reader_feed(&txr, data, len, &used, &m);

		data += used;
		len -= used;
		if (rc == NWP_READ_MSG && tx_n < TX_MAX) {
			/* Re-decode from a private copy so that the message outlives the reader. */
			size_t flen = txr.len;
			uint8_t *copy = malloc(flen);

			memcpy(copy, txr.buf, flen);
			if (nwp_decode_frame(copy, flen, &txm[tx_n].msg) == 0) {
				txm[tx_n++].frame = copy;
			} else {
				free(copy);
				ram_tx_bad++;
			}
		} else if (rc < 0) {
			ram_tx_bad++;
		}
	}
}

size_t nrfw_plat_rx_read(uint8_t *buf, size_t cap)
{
	size_t n = rx_len - rx_pos < cap ? rx_len - rx_pos : cap;

	memcpy(buf, rxq + rx_pos, n);
	rx_pos += n;
	return n;
}

bool nrfw_plat_rx_wait(uint32_t timeout_ms)
{
	if (rx_pos < rx_len) {
		return true;
	}
	if (timeout_ms != UINT32_MAX) {
		/* The host may send something during a sleep; else virtual time just passes. */
		if (ram_on_idle) {
			ram_on_idle();
		}
		if (rx_pos == rx_len) {
			ram_now_ms += timeout_ms;
		}
		return true;
	}
	if (ram_on_idle) {
		ram_on_idle();
	}
	return rx_pos < rx_len;
}

void ram_rx_push(const uint8_t *data, size_t len)
{
	memcpy(rxq + rx_len, data, len);
	rx_len += len;
	nrfw_agent_rx_notify();
}

void ram_rx_msg(const struct nwp_msg *m)
{
	uint8_t wire[NWP_WIRE_SIZE(4096)];
	int n = nwp_encode(m, wire, sizeof(wire));

	if (n > 0) {
		ram_rx_push(wire, (size_t)n);
	}
}

int ram_tx_count(void)
{
	return tx_n;
}

const struct nwp_msg *ram_tx_get(int i)
{
	return i >= 0 && i < tx_n ? &txm[i].msg : NULL;
}

const struct nwp_msg *ram_tx_find(int *from, uint8_t type)
{
	for (int i = *from; i < tx_n; i++) {
		if (txm[i].msg.type == type) {
			*from = i + 1;
			return &txm[i].msg;
		}
	}
	return NULL;
}

void nrfw_plat_link_state(struct nrfw_link_state *out)
{
	*out = ram_link;
}

/* ---- flash -------------------------------------------------------------------------------- */

void nrfw_plat_flash_info(struct nrfw_flash_info *out)
{
	out->size = RAM_FLASH_SIZE;
	out->erase_unit = RAM_ERASE_UNIT;
	out->write_unit = RAM_WRITE_UNIT;
}

int nrfw_plat_flash_read(uint32_t off, void *buf, size_t len)
{
	if (off > RAM_FLASH_SIZE || len > RAM_FLASH_SIZE - off) {
		return -22;
	}
	memcpy(buf, ram_flash + off, len);
	return 0;
}

/* Counts the operation: 1 it happens, 0 the power goes during it, -1 the power is gone. */
static int flash_op(void)
{
	ram_flash_ops++;
	if (ram_power_cut) {
		return -1;
	}
	if (ram_flash_ops_left == 0) {
		ram_power_cut = true;
		return 0;
	}
	if (ram_flash_ops_left > 0) {
		ram_flash_ops_left--;
	}
	return 1;
}

int nrfw_plat_flash_write(uint32_t off, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	int op;

	if (off % RAM_WRITE_UNIT || len % RAM_WRITE_UNIT || off > RAM_FLASH_SIZE ||
	    len > RAM_FLASH_SIZE - off) {
		return -22;
	}
	op = flash_op();
	if (op < 0) {
		return -5;
	}
	if (op == 0) {
		len /= 2; /* torn: the first half made it */
	}
	for (size_t i = 0; i < len; i++) {
		if ((ram_flash[off + i] & p[i]) != p[i]) {
			ram_flash_violations++;
		}
		ram_flash[off + i] &= p[i]; /* NOR: programming only clears bits */
	}
	return op ? 0 : -5;
}

int nrfw_plat_flash_erase(uint32_t off, size_t len)
{
	if (off % RAM_ERASE_UNIT || len % RAM_ERASE_UNIT || off > RAM_FLASH_SIZE ||
	    len > RAM_FLASH_SIZE - off) {
		return -22;
	}
	if (flash_op() <= 0) {
		return -5; /* an erase cut short is modelled as not done */
	}
	memset(ram_flash + off, 0xff, len);
	return 0;
}

/* ---- board -------------------------------------------------------------------------------- */

uint32_t nrfw_plat_uptime_ms(void)
{
	return ram_now_ms;
}

uint8_t nrfw_plat_led_count(void)
{
	return 4;
}

uint8_t nrfw_plat_button_count(void)
{
	return 4;
}

void nrfw_plat_led_set(uint8_t led, bool on)
{
	if (led < 4) {
		ram_leds[led] = on;
	}
}

bool nrfw_plat_button_get(uint8_t button)
{
	return button < 4 && ram_buttons[button];
}

uint32_t nrfw_plat_free_memory(void)
{
	return 123456;
}

void nrfw_plat_reset(void)
{
	ram_resets++;
}

void nrfw_plat_device_info(struct nrfw_device_info *out)
{
	out->board = "ram";
	out->runtime = "double";
	out->runtime_version = "0";
	out->firmware_version = "test";
	out->reset_cause = NWP_RESET_CAUSE_POWER_ON;
}
