/* Breakpoint table, stepping decisions and the BLE authorization policy. */
#include "auth.h"
#include "nrf_wasm/link.h"
#include "bp.h"
#include "nrf_wasm/protocol.h"
#include "ram_platform.h"
#include "step.h"
#include "tinytest.h"
#include "vm_double.h"

void tt_setup(void)
{
	ram_platform_reset();
	vd_reset();
}

TEST(bp_counts_each_offset_once)
{
	struct nrfw_bp_table t = { 0 };

	CHECK_EQ(nrfw_bp_add(&t, 10), 1);
	CHECK_EQ(nrfw_bp_add(&t, 10), 0);
	CHECK_EQ(t.count, 1);
	CHECK(nrfw_bp_has(&t, 10));
	CHECK(nrfw_bp_remove(&t, 10));
	CHECK(!nrfw_bp_has(&t, 10));
	CHECK(!nrfw_bp_remove(&t, 10));
}

TEST(bp_table_full)
{
	struct nrfw_bp_table t = { 0 };

	for (uint32_t i = 0; i < NRFW_BP_MAX; i++) {
		CHECK_EQ(nrfw_bp_add(&t, 100 + i), 1);
	}
	CHECK_EQ(nrfw_bp_add(&t, 5), -1);
	CHECK_EQ(nrfw_bp_add(&t, 100), 0); /* already there is not "full" */
	CHECK(nrfw_bp_remove(&t, 100 + 3));
	CHECK_EQ(nrfw_bp_add(&t, 5), 1);
	CHECK(nrfw_bp_has(&t, 100 + NRFW_BP_MAX - 1));
	nrfw_bp_clear(&t);
	CHECK(!nrfw_bp_has(&t, 5));
}

static uint8_t wire[8 * 16];

static const uint8_t *ranges(int n, const uint32_t *pairs)
{
	for (int i = 0; i < 2 * n; i++) {
		nwp_set_u32(wire + 4 * i, pairs[i]);
	}
	return wire;
}

TEST(step_into_without_ranges_stops_at_next_instruction)
{
	struct nrfw_step s;

	CHECK_EQ(nrfw_step_begin(&s, NWP_STEP_INTO, wire, 0, 5), 0);
	CHECK(nrfw_step_decide(&s, 10, 5));
	CHECK(nrfw_step_decide(&s, 10, 6)); /* entered a call */
	CHECK(nrfw_step_decide(&s, 10, 4)); /* returned */
}

TEST(step_over_runs_calls_to_their_end)
{
	struct nrfw_step s;

	nrfw_step_begin(&s, NWP_STEP_OVER, wire, 0, 5);
	CHECK(!nrfw_step_decide(&s, 10, 6));
	CHECK(!nrfw_step_decide(&s, 10, 9));
	CHECK(nrfw_step_decide(&s, 12, 5));
	CHECK(nrfw_step_decide(&s, 12, 4));
}

TEST(step_out_stops_in_caller_only)
{
	struct nrfw_step s;
	uint32_t r[2] = { 0, 1000 };

	nrfw_step_begin(&s, NWP_STEP_OUT, ranges(1, r), 1, 5);
	CHECK_EQ(s.nranges, 0); /* ranges mean nothing to out */
	CHECK(!nrfw_step_decide(&s, 10, 5));
	CHECK(!nrfw_step_decide(&s, 2000, 5));
	CHECK(!nrfw_step_decide(&s, 10, 7));
	CHECK(nrfw_step_decide(&s, 10, 4));
}

TEST(step_ranges_keep_going_inside_the_line)
{
	struct nrfw_step s;
	uint32_t r[4] = { 10, 20, 30, 35 };

	nrfw_step_begin(&s, NWP_STEP_OVER, ranges(2, r), 2, 5);
	CHECK(!nrfw_step_decide(&s, 10, 5));
	CHECK(!nrfw_step_decide(&s, 19, 5));
	CHECK(!nrfw_step_decide(&s, 30, 5));
	CHECK(nrfw_step_decide(&s, 20, 5)); /* end is exclusive */
	CHECK(nrfw_step_decide(&s, 35, 5));
	CHECK(nrfw_step_decide(&s, 29, 5));
	CHECK(!nrfw_step_decide(&s, 50, 6)); /* over: calls run */
	CHECK(nrfw_step_decide(&s, 15, 4));  /* the frame returned: stop in the caller */
}

TEST(step_into_ranges_stops_in_callee)
{
	struct nrfw_step s;
	uint32_t r[2] = { 10, 20 };

	nrfw_step_begin(&s, NWP_STEP_INTO, ranges(1, r), 1, 5);
	CHECK(!nrfw_step_decide(&s, 12, 5));
	CHECK(nrfw_step_decide(&s, 12, 6)); /* first instruction of a called function */
	CHECK(nrfw_step_decide(&s, 12, 4));
}

TEST(step_ranges_too_many_or_inverted_are_refused)
{
	struct nrfw_step s = { 0 };
	uint32_t r[2 * (NRFW_STEP_RANGES_MAX + 1)];
	uint32_t inv[] = { 10, 20, 30, 25 };

	for (int i = 0; i < NRFW_STEP_RANGES_MAX + 1; i++) {
		r[2 * i] = 100 * (uint32_t)i;
		r[2 * i + 1] = 100 * (uint32_t)i + 10;
	}
	CHECK_EQ(nrfw_step_begin(&s, NWP_STEP_OVER, ranges(NRFW_STEP_RANGES_MAX + 1, r),
				 NRFW_STEP_RANGES_MAX + 1, 1),
		 NRFW_STEP_TOO_MANY);
	CHECK(!s.active);
	CHECK_EQ(nrfw_step_begin(&s, NWP_STEP_OUT, ranges(2, inv), 2, 1), NRFW_STEP_BAD);
	CHECK(!s.active);
	CHECK_EQ(nrfw_step_begin(&s, NWP_STEP_OVER, ranges(NRFW_STEP_RANGES_MAX, r),
				 NRFW_STEP_RANGES_MAX, 1),
		 0);
	CHECK_EQ(s.nranges, NRFW_STEP_RANGES_MAX);
}

TEST(step_unknown_kind_and_inactive)
{
	struct nrfw_step s = { 0 };

	CHECK(!nrfw_step_decide(&s, 1, 1));
	CHECK(nrfw_step_begin(&s, 3, wire, 0, 1) != 0);
}

TEST(auth_wired_links_are_trusted)
{
	CHECK(nrfw_auth_allows(NWP_MSG_UPLOAD_BEGIN, NRFW_LINK_WIRED, 0));
	CHECK(nrfw_auth_allows(NWP_MSG_BP_SET, NRFW_LINK_WIRED, 0));
	CHECK(nrfw_auth_allows(NWP_MSG_BOND_LIST, NRFW_LINK_WIRED, 0));
	CHECK(nrfw_auth_allows(NWP_MSG_BOND_ERASE, NRFW_LINK_WIRED, 0));
	CHECK(nrfw_auth_may_hold_session(NRFW_LINK_WIRED, 0));
}

/* Every deploy/debug request over BLE needs security level 4 (LE Secure Connections,
 * authenticated) and a bond; levels 1-3, or level 4 without a bond, are refused. */
TEST(auth_ble_needs_level4_and_bond)
{
	static const uint8_t guarded[] = {
		NWP_MSG_UPLOAD_BEGIN, NWP_MSG_UPLOAD_CHUNK, NWP_MSG_UPLOAD_COMMIT, NWP_MSG_UPLOAD_ABORT,
		NWP_MSG_RUN, NWP_MSG_STOP, NWP_MSG_RESET, NWP_MSG_OPTIONS, NWP_MSG_BP_SET,
		NWP_MSG_BP_CLEAR, NWP_MSG_CONTINUE, NWP_MSG_PAUSE, NWP_MSG_STEP, NWP_MSG_FRAMES,
		NWP_MSG_VALUES, NWP_MSG_SET_VALUE, NWP_MSG_MEM_READ, NWP_MSG_MEM_WRITE,
		NWP_MSG_DATA_BP_SET, NWP_MSG_DATA_BP_CLEAR, NWP_MSG_INPUT,
	};
	const uint8_t B = NRFW_LINK_BLE, BOND = NRFW_SEC_BONDED;

	for (size_t i = 0; i < sizeof(guarded); i++) {
		for (uint8_t level = 1; level <= 3; level++) {
			CHECK(!nrfw_auth_allows(guarded[i], B, level));
			CHECK(!nrfw_auth_allows(guarded[i], B, level | BOND));
		}
		CHECK(!nrfw_auth_allows(guarded[i], B, 4));
		CHECK(nrfw_auth_allows(guarded[i], B, 4 | BOND));
		CHECK(nrfw_auth_needs_session(guarded[i]));
	}
	CHECK(!nrfw_auth_may_hold_session(B, 3 | BOND));
	CHECK(!nrfw_auth_may_hold_session(B, 4));
	CHECK(nrfw_auth_may_hold_session(B, 4 | BOND));
	/* the handshake and link checks always pass, so the host learns what to fix */
	CHECK(nrfw_auth_allows(NWP_MSG_HELLO, B, 1));
	CHECK(nrfw_auth_allows(NWP_MSG_PING, B, 1));
	CHECK(!nrfw_auth_needs_session(NWP_MSG_HELLO));
	CHECK(!nrfw_auth_needs_session(NWP_MSG_PING));
}

/* Bond management is wired only: not even an authenticated, bonded radio peer may list or
 * erase the owner's bonds. */
TEST(auth_bond_requests_are_wired_only)
{
	CHECK(!nrfw_auth_allows(NWP_MSG_BOND_LIST, NRFW_LINK_BLE, 4 | NRFW_SEC_BONDED));
	CHECK(!nrfw_auth_allows(NWP_MSG_BOND_ERASE, NRFW_LINK_BLE, 4 | NRFW_SEC_BONDED));
	CHECK(!nrfw_auth_needs_session(NWP_MSG_BOND_LIST));
}
