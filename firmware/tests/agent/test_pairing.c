/* The pairing window (nrf_wasm/pairing.h): who may pair, for how long, the bond-erase hold. */
#include "nrf_wasm/pairing.h"
#include "ram_platform.h"
#include "tinytest.h"

void tt_setup(void)
{
	ram_platform_reset();
}

TEST(pairing_refused_unless_button_held_at_reset)
{
	struct nrfw_pairing p;

	nrfw_pairing_boot(&p, false, 1000);
	CHECK(!nrfw_pairing_accept(&p, 1000));
	CHECK(!nrfw_pairing_accept(&p, 30000));
	CHECK(!nrfw_pairing_led(&p, 1000));
	/* pressing the button later is the module's business: no window */
	CHECK(!nrfw_pairing_tick(&p, true, 2000));
	CHECK(!nrfw_pairing_accept(&p, 2100));
}

TEST(pairing_window_open_60s_after_reset_with_button_held)
{
	struct nrfw_pairing p;

	nrfw_pairing_boot(&p, true, 500);
	CHECK(nrfw_pairing_accept(&p, 500));
	CHECK(!nrfw_pairing_tick(&p, false, 1500)); /* released: no erase */
	CHECK(nrfw_pairing_accept(&p, 500 + NRFW_PAIRING_WINDOW_MS - 1));
	CHECK(!nrfw_pairing_accept(&p, 500 + NRFW_PAIRING_WINDOW_MS));
	CHECK(!nrfw_pairing_is_open(&p, 500 + NRFW_PAIRING_WINDOW_MS + 1));
	CHECK(!nrfw_pairing_led(&p, 500 + NRFW_PAIRING_WINDOW_MS + 1));
}

TEST(pairing_window_closes_after_one_bond)
{
	struct nrfw_pairing p;

	nrfw_pairing_boot(&p, true, 0);
	nrfw_pairing_done(&p, false); /* failed or not bonded: still open */
	CHECK(nrfw_pairing_accept(&p, 10));
	nrfw_pairing_done(&p, true);
	CHECK(!nrfw_pairing_accept(&p, 20)); /* a second central in the same window: refused */
}

TEST(pairing_window_led_blinks)
{
	struct nrfw_pairing p;
	int on = 0;

	nrfw_pairing_boot(&p, true, 0);
	nrfw_pairing_tick(&p, false, 1);
	for (uint32_t t = 0; t < 1000; t += 125) {
		on += nrfw_pairing_led(&p, t);
	}
	CHECK_EQ(on, 4); /* 4 Hz */
}

TEST(pairing_button_held_5s_after_reset_erases_bonds_once)
{
	struct nrfw_pairing p;
	int erases = 0;

	nrfw_pairing_boot(&p, true, 0);
	for (uint32_t t = 0; t <= 20000; t += 100) {
		erases += nrfw_pairing_tick(&p, true, t);
		if (t == NRFW_PAIRING_ERASE_MS - 100) {
			CHECK_EQ(erases, 0);
		}
	}
	CHECK_EQ(erases, 1);
	CHECK(nrfw_pairing_led(&p, 20000)); /* steady while still held after the erase */
	/* released and pressed again: the module's press, no second erase */
	CHECK(!nrfw_pairing_tick(&p, false, 20100));
	CHECK(!nrfw_pairing_tick(&p, true, 30000));
}

TEST(pairing_release_before_5s_does_not_erase)
{
	struct nrfw_pairing p;

	nrfw_pairing_boot(&p, true, 0);
	CHECK(!nrfw_pairing_tick(&p, true, 4000));
	CHECK(!nrfw_pairing_tick(&p, false, 4500));
	CHECK(!nrfw_pairing_tick(&p, true, 6000));
	CHECK(nrfw_pairing_accept(&p, 6000)); /* the window stays open */
}

TEST(pairing_clock_wrap)
{
	struct nrfw_pairing p;

	nrfw_pairing_boot(&p, true, 0xfffff000u);
	CHECK(nrfw_pairing_accept(&p, 0x00001000u));
	CHECK(!nrfw_pairing_accept(&p, 0xfffff000u + NRFW_PAIRING_WINDOW_MS));
}
