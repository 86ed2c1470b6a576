/*
 * Link separation and authorization (docs/protocol.md 1.3) end to end: requests arrive on the
 * wired link (UART) and the Bluetooth LE link at the security their bytes had when they arrived,
 * interleaved in every way that matters, and what the agent sends is checked per link.
 */
#include "nrf_wasm/agent.h"
#include "nrf_wasm/link.h"
#include "nrf_wasm/sha256.h"
#include "ram_platform.h"
#include "test_module.h"
#include "tinytest.h"
#include "vm_double.h"

#define U  NRFW_LINK_WIRED
#define B  NRFW_LINK_BLE
#define L1 1                       /* BLE, not encrypted */
#define L2B (2 | NRFW_SEC_BONDED)  /* encrypted, unauthenticated (Just Works), bonded */
#define L4 4                       /* LE Secure Connections, authenticated, no bond */
#define L4B (4 | NRFW_SEC_BONDED)  /* what deploy/debug needs */

static uint16_t next_id = 1;
static int seen;

void tt_setup(void)
{
	ram_platform_reset();
	vd_reset();
	next_id = 1;
	seen = 0;
	nrfw_agent_init();
}

/* Lets the agent serve everything queued. */
static void serve(void)
{
	ram_on_idle = NULL;
	nrfw_agent_main(false);
}

static int encode(struct nwp_msg *m, uint8_t *wire, size_t cap)
{
	m->id = next_id++;
	return nwp_encode(m, wire, cap);
}

static uint16_t send_on(uint8_t link, uint8_t sec, struct nwp_msg *m)
{
	uint8_t wire[NWP_WIRE_SIZE(2048)];
	int n = encode(m, wire, sizeof(wire));

	ram_rx_push_on(link, wire, (size_t)n, sec);
	return m->id;
}

static uint16_t hello_on(uint8_t link, uint8_t sec, uint16_t max_frame)
{
	struct nwp_msg m = { .type = NWP_MSG_HELLO };

	m.u.hello.version_min = 1;
	m.u.hello.version_max = 1;
	m.u.hello.max_frame = max_frame;
	return send_on(link, sec, &m);
}

static uint16_t empty_on(uint8_t link, uint8_t sec, uint8_t type)
{
	struct nwp_msg m = { .type = type };

	return send_on(link, sec, &m);
}

static uint16_t ping_on(uint8_t link, uint8_t sec, size_t len)
{
	static uint8_t data[1024];
	struct nwp_msg m = { .type = NWP_MSG_PING };

	memset(data, 'p', sizeof(data));
	m.u.ping.data.ptr = data;
	m.u.ping.data.len = len;
	return send_on(link, sec, &m);
}

static uint16_t run_on(uint8_t link, uint8_t sec, uint8_t flags)
{
	struct nwp_msg m = { .type = NWP_MSG_RUN };

	m.u.run.flags = flags;
	m.u.run.entry.ptr = "";
	m.u.run.entry.len = 0;
	return send_on(link, sec, &m);
}

/* The answer to request `id` (its response or an error) and the link it went out on. */
static const struct nwp_msg *answer(uint16_t id, int *link)
{
	for (int i = 0; i < ram_tx_count(); i++) {
		const struct nwp_msg *m = ram_tx_get(i);

		if (m->id == id && (m->type & NWP_RESPONSE_BIT)) {
			*link = ram_tx_link(i);
			return m;
		}
	}
	return NULL;
}

/* The answer's type, or its error code (negative), when it came on `link`; 0 if none there. */
static int answered_on(uint16_t id, int link)
{
	int at = -1;
	const struct nwp_msg *m = answer(id, &at);

	if (!m || at != link) {
		return 0;
	}
	return m->type == NWP_MSG_ERROR ? -(int)m->u.error.code : m->type;
}

/* Messages sent on `link` since index `from`. */
static int count_on(int link, int from)
{
	int n = 0;

	for (int i = from; i < ram_tx_count(); i++) {
		n += ram_tx_link(i) == link;
	}
	return n;
}

/* The first event (not a response) of `type` at or after `from`, and its link. */
static const struct nwp_msg *event(uint8_t type, int from, int *link)
{
	for (int i = from; i < ram_tx_count(); i++) {
		const struct nwp_msg *m = ram_tx_get(i);

		if (m->type == type) {
			*link = ram_tx_link(i);
			return m;
		}
	}
	return NULL;
}

static void sha(const uint8_t *d, size_t n, uint8_t out[32])
{
	struct nrfw_sha256 s;

	nrfw_sha256_init(&s);
	nrfw_sha256_update(&s, d, n);
	nrfw_sha256_final(&s, out);
}

/* Uploads test_module on `link` in one go; returns the commit's answer (type or -error). */
static int upload_on(uint8_t link, uint8_t sec)
{
	static uint8_t h[32];
	struct nwp_msg m = { .type = NWP_MSG_UPLOAD_BEGIN };
	struct nwp_msg c = { .type = NWP_MSG_UPLOAD_CHUNK };
	uint16_t id;
	int r;

	sha(test_module, sizeof(test_module), h);
	m.u.upload_begin.size = sizeof(test_module);
	m.u.upload_begin.sha256 = h;
	id = send_on(link, sec, &m);
	serve();
	r = answered_on(id, link);
	if (r != NWP_MSG_UPLOAD_BEGIN_OK) {
		return r;
	}
	c.u.upload_chunk.offset = 0;
	c.u.upload_chunk.data.ptr = test_module;
	c.u.upload_chunk.data.len = sizeof(test_module);
	send_on(link, sec, &c);
	id = empty_on(link, sec, NWP_MSG_UPLOAD_COMMIT);
	serve();
	return answered_on(id, link);
}

/* main of test_module.h on the VM double: logs, then returns. */
static const struct vd_step logging_program[] = {
	{ 83, 1, 2, VD_INSTR, 0 }, { 85, 1, 2, VD_LOG, 0 }, { 87, 1, 2, VD_INSTR, 0 },
};

static const struct vd_step main_program[] = {
	{ 83, 1, 2, VD_INSTR, 0 }, { 85, 1, 2, VD_INSTR, 0 }, { 87, 1, 2, VD_INSTR, 0 },
};

/* Runs the two-instruction main program from `link`; the link its exited event went to, or -1. */
static int run_to_exit_on(uint8_t link, uint8_t sec)
{
	int from = ram_tx_count();
	int to = -1;

	vd_program = main_program;
	vd_program_len = 3;
	run_on(link, sec, 0);
	serve();
	return event(NWP_MSG_EXITED, from, &to) ? to : -1;
}

/* ---- two links at once ------------------------------------------------------------------- */

/* UART and BLE bytes interleaved a few bytes at a time: each link's frames are decoded from its
 * own bytes, and each answer goes back on the link its request came on. */
TEST(link_uart_and_ble_interleaved_each_answered_on_its_link)
{
	uint8_t wu[3][64], wb[3][64];
	int nu[3], nb[3];
	uint16_t idu[3], idb[3];
	struct nwp_msg m;

	for (int k = 0; k < 3; k++) {
		memset(&m, 0, sizeof(m));
		m.type = k == 0 ? NWP_MSG_HELLO : NWP_MSG_PING;
		m.u.hello.version_min = m.u.hello.version_max = 1;
		m.u.hello.max_frame = 512;
		if (k) {
			m.u.ping.data.ptr = (const uint8_t *)"uart";
			m.u.ping.data.len = 4;
		}
		nu[k] = encode(&m, wu[k], sizeof(wu[k]));
		idu[k] = m.id;
		memset(&m, 0, sizeof(m));
		m.type = k == 0 ? NWP_MSG_HELLO : NWP_MSG_PING;
		m.u.hello.version_min = m.u.hello.version_max = 1;
		m.u.hello.max_frame = 256;
		if (k) {
			m.u.ping.data.ptr = (const uint8_t *)"radio";
			m.u.ping.data.len = 5;
		}
		nb[k] = encode(&m, wb[k], sizeof(wb[k]));
		idb[k] = m.id;
	}
	/* 3 bytes of UART, 2 of BLE, alternating, through all frames of both */
	for (int k = 0; k < 3; k++) {
		for (int pu = 0, pb = 0; pu < nu[k] || pb < nb[k];) {
			int a = nu[k] - pu < 3 ? nu[k] - pu : 3, b = nb[k] - pb < 2 ? nb[k] - pb : 2;

			ram_rx_push_on(U, wu[k] + pu, (size_t)a, 0);
			ram_rx_push_on(B, wb[k] + pb, (size_t)b, L1);
			pu += a;
			pb += b;
			serve(); /* and the agent reads between the pieces */
		}
	}
	for (int k = 0; k < 3; k++) {
		int lu = -1, lb = -1;
		const struct nwp_msg *ru = answer(idu[k], &lu), *rb = answer(idb[k], &lb);

		REQUIRE(ru && rb);
		CHECK_EQ(lu, U);
		CHECK_EQ(lb, B);
		CHECK_EQ(ru->type, k ? NWP_MSG_PING_OK : NWP_MSG_HELLO_OK);
		CHECK_EQ(rb->type, k ? NWP_MSG_PING_OK : NWP_MSG_HELLO_OK);
		if (k) {
			CHECK(ru->u.ping_ok.data.len == 4 && memcmp(ru->u.ping_ok.data.ptr, "uart", 4) == 0);
			CHECK(rb->u.ping_ok.data.len == 5 &&
			      memcmp(rb->u.ping_ok.data.ptr, "radio", 5) == 0);
		}
	}
	CHECK_EQ(ram_tx_bad, 0);
	CHECK_EQ(ram_rx_dropped, 0);
}

/* A BLE hello does not change the UART session's frame size, and the other way round. */
TEST(link_ble_hello_does_not_change_uart_frame_size)
{
	uint16_t u, b;

	hello_on(U, 0, 256);
	hello_on(B, L1, 1024);
	u = ping_on(U, 0, 600); /* the answer would not fit the UART host's 256-byte frames */
	b = ping_on(B, L1, 600);
	serve();
	CHECK_EQ(answered_on(u, U), -NWP_ERR_INTERNAL);
	CHECK_EQ(answered_on(b, B), NWP_MSG_PING_OK);
	/* and a BLE host that said 256 does not shrink the UART host's 1024 */
	tt_setup();
	hello_on(U, 0, 1024);
	hello_on(B, L1, 256);
	u = ping_on(U, 0, 600);
	b = ping_on(B, L1, 600);
	serve();
	CHECK_EQ(answered_on(u, U), NWP_MSG_PING_OK);
	CHECK_EQ(answered_on(b, B), -NWP_ERR_INTERNAL);
}

/* ---- authorization at frame arrival -------------------------------------------------------- */

/* A frame whose first bytes arrived before encryption is judged by those bytes: refused, even
 * though the link is at level 4 with a bond when the last byte (and the agent) gets there. */
TEST(link_ble_bytes_before_encryption_are_not_authorised)
{
	uint8_t wire[64];
	struct nwp_msg m = { .type = NWP_MSG_BP_CLEAR };
	int n;

	hello_on(B, L1, 1024);
	serve();
	n = encode(&m, wire, sizeof(wire));
	ram_rx_push_on(B, wire, 3, L1);                      /* written before pairing */
	ram_rx_push_on(B, wire + 3, (size_t)n - 3, L4B);     /* the rest after */
	serve();
	CHECK_EQ(answered_on(m.id, B), -NWP_ERR_NOT_AUTHORIZED);
}

/* Bytes that arrived before encryption but are handled after it: still refused (the agent was
 * busy; the link's security when it gets to them does not matter). */
TEST(link_ble_frame_queued_before_encryption_handled_after_is_refused)
{
	uint16_t id;

	hello_on(B, L1, 1024);
	id = empty_on(B, L1, NWP_MSG_BP_CLEAR);
	/* the link encrypts now; the agent has not read anything yet */
	hello_on(B, L4B, 1024);
	serve();
	CHECK_EQ(answered_on(id, B), -NWP_ERR_NOT_AUTHORIZED);
}

/* After encryption at level 4 with a bond, a hello takes the session and deploy/debug works. */
TEST(link_ble_after_level4_bonded_hello_is_served)
{
	uint16_t id;

	hello_on(B, L4B, 1024);
	id = empty_on(B, L4B, NWP_MSG_BP_CLEAR);
	serve();
	CHECK_EQ(answered_on(id, B), NWP_MSG_BP_CLEAR_OK);
	CHECK_EQ(upload_on(B, L4B), NWP_MSG_UPLOAD_COMMIT_OK);
}

/* Level 2 (Just Works, bonded) and level 4 without a bond are refused; hello and ping answer. */
TEST(link_ble_below_level4_or_unbonded_refused_hello_and_ping_answer)
{
	static const uint8_t secs[] = { L1, 2, L2B, 3 | NRFW_SEC_BONDED, L4 };

	for (size_t i = 0; i < sizeof(secs); i++) {
		uint16_t h, p, r;

		tt_setup();
		h = hello_on(B, secs[i], 1024);
		p = ping_on(B, secs[i], 4);
		r = run_on(B, secs[i], 0);
		serve();
		CHECK_EQ(answered_on(h, B), NWP_MSG_HELLO_OK);
		CHECK_EQ(answered_on(p, B), NWP_MSG_PING_OK);
		CHECK_EQ(answered_on(r, B), -NWP_ERR_NOT_AUTHORIZED);
		CHECK_EQ(upload_on(B, secs[i]), -NWP_ERR_NOT_AUTHORIZED);
	}
}

/* ---- sessions and takeover ----------------------------------------------------------------- */

/* A BLE connection during a UART session leaves it alone: no new hello needed on UART, its
 * partial frame survives, its module stays paused. */
TEST(link_ble_connect_during_uart_session_keeps_it)
{
	uint8_t wire[64];
	struct nwp_msg p = { .type = NWP_MSG_PING };
	int n, from;
	uint16_t id;

	hello_on(U, 0, 1024);
	serve();
	CHECK_EQ(upload_on(U, 0), NWP_MSG_UPLOAD_COMMIT_OK);
	vd_program = main_program;
	vd_program_len = 3;
	run_on(U, 0, NWP_RUN_STOP_ON_ENTRY);
	p.u.ping.data.ptr = (const uint8_t *)"u";
	p.u.ping.data.len = 1;
	n = encode(&p, wire, sizeof(wire));
	ram_rx_push_on(U, wire, 2, 0); /* half a UART frame */
	ram_on_idle = NULL;
	/* connect while paused: the idle hook is where the agent waits */
	from = ram_tx_count();
	nrfw_link_connected(B);
	ram_rx_push_on(U, wire + 2, (size_t)n - 2, 0);
	id = empty_on(U, 0, NWP_MSG_STOP);
	serve();
	CHECK_EQ(answered_on(p.id, U), NWP_MSG_PING_OK);
	CHECK_EQ(answered_on(id, U), NWP_MSG_STOP_OK);
	CHECK_EQ(count_on(B, 0), 0);
	{
		int link = -1;
		const struct nwp_msg *e = event(NWP_MSG_EXITED, from, &link);

		CHECK(e != NULL);
		CHECK_EQ(link, U);
	}
}

/* An unbonded central that enabled notifications (it needs no encryption for that) and even
 * said hello gets only the answers to its own requests: none of the UART session's answers,
 * output or exits. */
TEST(link_unbonded_ble_gets_nothing_of_uart_session)
{
	int link = -1;
	uint16_t h, p;

	hello_on(U, 0, 1024);
	serve();
	CHECK_EQ(upload_on(U, 0), NWP_MSG_UPLOAD_COMMIT_OK);
	h = hello_on(B, L1, 1024);
	p = ping_on(B, L1, 2);
	vd_program = logging_program;
	vd_program_len = 3;
	run_on(U, 0, 0);
	serve();
	CHECK(event(NWP_MSG_OUTPUT, 0, &link) != NULL);
	CHECK_EQ(link, U);
	CHECK(event(NWP_MSG_EXITED, 0, &link) != NULL);
	CHECK_EQ(link, U);
	CHECK_EQ(answered_on(h, B), NWP_MSG_HELLO_OK);
	CHECK_EQ(answered_on(p, B), NWP_MSG_PING_OK);
	CHECK_EQ(count_on(B, 0), 2); /* its helloOk and pingOk, nothing else */
}

/* A hello from a link that may debug takes the session: the other link must say hello again,
 * and events follow the session. An unauthorised hello takes nothing. */
TEST(link_authorised_hello_takes_session_unauthorised_does_not)
{
	uint16_t a, b, c;

	hello_on(U, 0, 1024);
	hello_on(B, L1, 1024); /* may not debug: UART keeps the session */
	a = empty_on(U, 0, NWP_MSG_BP_CLEAR);
	serve();
	CHECK_EQ(answered_on(a, U), NWP_MSG_BP_CLEAR_OK);
	CHECK_EQ(upload_on(U, 0), NWP_MSG_UPLOAD_COMMIT_OK);

	hello_on(B, L4B, 1024); /* paired now: takes the session */
	a = empty_on(U, 0, NWP_MSG_BP_CLEAR);
	b = empty_on(B, L4B, NWP_MSG_BP_CLEAR);
	serve();
	CHECK_EQ(answered_on(a, U), -NWP_ERR_NO_HANDSHAKE);
	CHECK_EQ(answered_on(b, B), NWP_MSG_BP_CLEAR_OK);
	CHECK_EQ(run_to_exit_on(B, L4B), B);

	/* the cable takes it back with a hello */
	hello_on(U, 0, 1024);
	c = empty_on(B, L4B, NWP_MSG_BP_CLEAR);
	serve();
	CHECK_EQ(answered_on(c, B), -NWP_ERR_NO_HANDSHAKE);
}

/* A BLE link that said hello before pairing must say hello again once paired to debug. */
TEST(link_ble_hello_before_pairing_must_hello_again)
{
	uint16_t a, b;

	hello_on(B, L1, 1024);
	a = empty_on(B, L4B, NWP_MSG_BP_CLEAR);
	serve();
	CHECK_EQ(answered_on(a, B), -NWP_ERR_NO_HANDSHAKE);
	hello_on(B, L4B, 1024);
	b = empty_on(B, L4B, NWP_MSG_BP_CLEAR);
	serve();
	CHECK_EQ(answered_on(b, B), NWP_MSG_BP_CLEAR_OK);
}

/* The session's BLE peer goes away: events go to the wired link again, and the next BLE peer
 * starts with no handshake and no session. */
TEST(link_ble_disconnect_ends_its_session)
{
	uint16_t a;

	hello_on(U, 0, 1024);
	serve();
	CHECK_EQ(upload_on(U, 0), NWP_MSG_UPLOAD_COMMIT_OK);
	hello_on(B, L4B, 1024);
	serve();
	nrfw_link_connected(B); /* disconnect, then a new central */
	a = empty_on(B, L4B, NWP_MSG_BP_CLEAR);
	serve();
	CHECK_EQ(answered_on(a, B), -NWP_ERR_NO_HANDSHAKE);
	hello_on(U, 0, 1024);
	CHECK_EQ(run_to_exit_on(U, 0), U);
}

/* Bytes the previous BLE peer left queued are dropped with it: not answered to the next one. */
TEST(link_bytes_of_previous_ble_peer_are_dropped)
{
	uint16_t h, p;

	h = hello_on(B, L1, 1024);
	p = ping_on(B, L1, 3);
	nrfw_link_connected(B); /* before the agent read them */
	serve();
	CHECK_EQ(count_on(B, 0), 0);
	CHECK(answered_on(h, B) == 0 && answered_on(p, B) == 0);
}

/* Bond management is wired only, and works there. */
TEST(link_bond_requests_wired_only)
{
	static const uint8_t a[7] = { 1, 1, 2, 3, 4, 5, 0xc6 }, b[7] = { 0, 9, 9, 9, 9, 9, 9 };
	struct nwp_msg e = { .type = NWP_MSG_BOND_ERASE };
	const struct nwp_msg *r;
	int link;
	uint16_t id;

	memcpy(ram_bonds[0], a, 7);
	memcpy(ram_bonds[1], b, 7);
	ram_bond_count = 2;
	hello_on(B, L4B, 1024);
	id = empty_on(B, L4B, NWP_MSG_BOND_LIST);
	e.u.bond_erase.bond.len = 0;
	send_on(B, L4B, &e);
	serve();
	CHECK_EQ(answered_on(id, B), -NWP_ERR_NOT_AUTHORIZED);
	CHECK_EQ(answered_on(e.id, B), -NWP_ERR_NOT_AUTHORIZED);
	CHECK_EQ(ram_bond_count, 2);

	hello_on(U, 0, 1024);
	id = empty_on(U, 0, NWP_MSG_BOND_LIST);
	serve();
	r = answer(id, &link);
	REQUIRE(r && r->type == NWP_MSG_BOND_LIST_OK);
	CHECK_EQ(r->u.bond_list_ok.bonds.len, 14);
	CHECK(memcmp(r->u.bond_list_ok.bonds.ptr, a, 7) == 0);
	e.u.bond_erase.bond.ptr = a;
	e.u.bond_erase.bond.len = 7;
	send_on(U, 0, &e);
	serve();
	r = answer(e.id, &link);
	REQUIRE(r && r->type == NWP_MSG_BOND_ERASE_OK);
	CHECK_EQ(r->u.bond_erase_ok.erased, 1);
	send_on(U, 0, &e); /* again: gone */
	serve();
	CHECK_EQ(answered_on(e.id, U), -NWP_ERR_NO_SUCH_BOND);
	e.u.bond_erase.bond.len = 3;
	send_on(U, 0, &e);
	serve();
	CHECK_EQ(answered_on(e.id, U), -NWP_ERR_MALFORMED);
	e.u.bond_erase.bond.len = 0; /* all */
	send_on(U, 0, &e);
	serve();
	r = answer(e.id, &link);
	REQUIRE(r && r->type == NWP_MSG_BOND_ERASE_OK);
	CHECK_EQ(r->u.bond_erase_ok.erased, 1);
	CHECK_EQ(ram_bond_count, 0);
}

/* ---- the queue ----------------------------------------------------------------------------- */

/* A full queue takes what fits and says how much; the link goes on after the agent reads. */
TEST(link_queue_full_takes_what_fits)
{
	static uint8_t junk[NRFW_LINK_RX_SIZE];
	size_t n;

	memset(junk, 0, sizeof(junk)); /* 0x00 delimiters only: empty blocks, ignored */
	n = nrfw_link_rx(B, junk, sizeof(junk), L1);
	CHECK(n < sizeof(junk));
	CHECK(n > sizeof(junk) - sizeof(junk) / 64); /* 3 bytes of overhead per 255 */
	CHECK_EQ(nrfw_link_rx(B, junk, 10, L1), 0);
	serve();
	CHECK(!nrfw_link_rx_any());
	CHECK_EQ(nrfw_link_rx(B, junk, 10, L1), 10);
	CHECK_EQ(nrfw_link_rx(7, junk, 10, L1), 0); /* no such link */
}

/* A transport whose reception keeps failing backs off (10 ms doubling to 1 s), not a loop. */
TEST(link_retry_backs_off)
{
	CHECK_EQ(nrfw_link_retry_ms(0), 0);
	CHECK_EQ(nrfw_link_retry_ms(1), 10);
	CHECK_EQ(nrfw_link_retry_ms(2), 20);
	CHECK_EQ(nrfw_link_retry_ms(7), 640);
	CHECK_EQ(nrfw_link_retry_ms(8), 1000);
	CHECK_EQ(nrfw_link_retry_ms(0xffffffffu), 1000);
}

/* A refused hello leaves the link without a handshake, even where there are no connection events
 * (a UART keeps the previous host's otherwise), and a session it held ends. */
TEST(link_refused_hello_forgets_the_links_handshake)
{
	struct nwp_msg h = { .type = NWP_MSG_HELLO };
	uint16_t p, b;

	hello_on(U, 0, 1024);
	serve();
	h.u.hello.version_min = 1;
	h.u.hello.version_max = 1;
	h.u.hello.max_frame = 100; /* below 256: malformed */
	send_on(U, 0, &h);
	p = ping_on(U, 0, 1);
	b = empty_on(U, 0, NWP_MSG_BP_CLEAR);
	serve();
	CHECK_EQ(answered_on(h.id, U), -NWP_ERR_MALFORMED);
	CHECK_EQ(answered_on(p, U), -NWP_ERR_NO_HANDSHAKE);
	CHECK_EQ(answered_on(b, U), -NWP_ERR_NO_HANDSHAKE);
	h.u.hello.version_min = 7;
	h.u.hello.version_max = 9;
	h.u.hello.max_frame = 1024;
	hello_on(U, 0, 1024);
	send_on(U, 0, &h); /* no common version */
	p = ping_on(U, 0, 1);
	serve();
	CHECK_EQ(answered_on(h.id, U), -NWP_ERR_UNSUPPORTED_VERSION);
	CHECK_EQ(answered_on(p, U), -NWP_ERR_NO_HANDSHAKE);
	/* the session ended with it: events still go to the wired link (no session) */
	hello_on(U, 0, 1024);
	serve();
	CHECK_EQ(upload_on(U, 0), NWP_MSG_UPLOAD_COMMIT_OK);
	CHECK_EQ(run_to_exit_on(U, 0), U);
}
