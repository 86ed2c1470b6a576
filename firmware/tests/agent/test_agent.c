/*
 * The agent end to end over the protocol: requests are encoded with the C codec into the RAM
 * platform's receive queue, the agent runs until the queue is empty, and what it sent is
 * decoded and checked. The module runs on the test VM double.
 */
#include "nrf_wasm/agent.h"
#include "nrf_wasm/link.h"
#include "nrf_wasm/sha256.h"
#include "ram_platform.h"
#include "test_module.h"
#include "tinytest.h"
#include "vm_double.h"

static int seen; /* index of the first transmitted message not looked at yet */
static uint16_t next_id = 1;

/*
 * Requests sent after then() are held back until the agent next waits with nothing to do (it
 * stopped, or went idle): like a host that answers a `stopped` event. Batch 0 goes at once.
 */
static uint8_t pend[8][8192];
static size_t pend_len[8];
static int pend_w, pend_r = 1;

static void then(void)
{
	pend_w++;
	pend_len[pend_w] = 0;
}

static void deliver(void)
{
	if (pend_r <= pend_w) {
		ram_rx_push(pend[pend_r], pend_len[pend_r]);
		pend_r++;
	}
}

void tt_setup(void)
{
	ram_platform_reset();
	vd_reset();
	seen = 0;
	next_id = 1;
	pend_w = 0;
	pend_r = 1;
	nrfw_agent_init();
}

/* Lets the agent serve everything queued, until it waits for more. */
static void serve(void)
{
	ram_on_idle = deliver;
	nrfw_agent_main(false);
	pend_w = 0;
	pend_r = 1;
}

static uint16_t send(struct nwp_msg *m)
{
	m->id = next_id++;
	if (pend_w == 0) {
		ram_rx_msg(m);
	} else {
		int n = nwp_encode(m, pend[pend_w] + pend_len[pend_w],
				   sizeof(pend[0]) - pend_len[pend_w]);

		if (n > 0) {
			pend_len[pend_w] += (size_t)n;
		}
	}
	return m->id;
}

static uint16_t send_empty(uint8_t type)
{
	struct nwp_msg m = { .type = type };

	return send(&m);
}

/* The next message of `type`, or NULL. */
static const struct nwp_msg *expect(uint8_t type)
{
	return ram_tx_find(&seen, type);
}

/* The answer to request `id`: its response or an error. */
static const struct nwp_msg *answer(uint16_t id)
{
	for (int i = seen; i < ram_tx_count(); i++) {
		const struct nwp_msg *m = ram_tx_get(i);

		if (m->id == id && (m->type & NWP_RESPONSE_BIT)) {
			seen = i + 1;
			return m;
		}
	}
	return NULL;
}

static uint16_t error_code(const struct nwp_msg *m)
{
	return m && m->type == NWP_MSG_ERROR ? m->u.error.code : 0;
}

static void hello(void)
{
	struct nwp_msg m = { .type = NWP_MSG_HELLO };

	m.u.hello.version_min = 1;
	m.u.hello.version_max = 1;
	m.u.hello.max_frame = 1024;
	send(&m);
}

static void sha(const uint8_t *d, size_t n, uint8_t out[32])
{
	struct nrfw_sha256 s;

	nrfw_sha256_init(&s);
	nrfw_sha256_update(&s, d, n);
	nrfw_sha256_final(&s, out);
}

/* Chunk size the host picks (0: chunkMax), as a host may on a device with uploadAnyChunk. */
static uint32_t host_chunk;

/* Uploads over the protocol, stopping after `chunks` chunks (-1: all and commit). Returns the
 * commit answer's type (or error code), 0 when stopped early. */
static int upload(const uint8_t *d, uint32_t n, int chunks)
{
	static uint8_t h[32];
	struct nwp_msg m = { .type = NWP_MSG_UPLOAD_BEGIN };
	const struct nwp_msg *r;
	uint16_t id;
	uint32_t off, chunk;

	sha(d, n, h);
	m.u.upload_begin.size = n;
	m.u.upload_begin.sha256 = h;
	id = send(&m);
	serve();
	r = answer(id);
	if (!r || r->type != NWP_MSG_UPLOAD_BEGIN_OK) {
		return -(int)error_code(r);
	}
	chunk = r->u.upload_begin_ok.chunk_max;
	if (host_chunk && host_chunk < chunk) {
		chunk = host_chunk;
	}
	for (off = r->u.upload_begin_ok.resume_from; off < n && chunks != 0; off += chunk, chunks--) {
		struct nwp_msg c = { .type = NWP_MSG_UPLOAD_CHUNK };

		c.u.upload_chunk.offset = off;
		c.u.upload_chunk.data.ptr = d + off;
		c.u.upload_chunk.data.len = n - off < chunk ? n - off : chunk;
		send(&c);
	}
	serve();
	if (chunks == 0 && off < n) {
		return 0;
	}
	id = send_empty(NWP_MSG_UPLOAD_COMMIT);
	serve();
	r = answer(id);
	return r ? (r->type == NWP_MSG_ERROR ? -(int)r->u.error.code : r->type) : -1;
}

static void install(void)
{
	hello();
	serve();
	CHECK_EQ(upload(test_module, sizeof(test_module), -1), NWP_MSG_UPLOAD_COMMIT_OK);
}

static uint16_t run(uint8_t flags, const char *entry)
{
	struct nwp_msg m = { .type = NWP_MSG_RUN };

	m.u.run.flags = flags;
	m.u.run.entry.ptr = entry;
	m.u.run.entry.len = strlen(entry);
	return send(&m);
}

static uint16_t step(uint8_t kind, int nranges, const uint32_t *pairs)
{
	static uint8_t wire[64];
	struct nwp_msg m = { .type = NWP_MSG_STEP };

	for (int i = 0; i < 2 * nranges; i++) {
		nwp_set_u32(wire + 4 * i, pairs[i]);
	}
	m.u.step.kind = kind;
	m.u.step.ranges.ptr = wire;
	m.u.step.ranges.count = (uint16_t)nranges;
	m.u.step.ranges.size = 8u * (size_t)nranges;
	return send(&m);
}

static uint16_t bp_set(int n, const uint32_t *offs)
{
	static uint8_t wire[64];
	struct nwp_msg m = { .type = NWP_MSG_BP_SET };

	for (int i = 0; i < n; i++) {
		nwp_set_u32(wire + 4 * i, offs[i]);
	}
	m.u.bp_set.offsets.ptr = wire;
	m.u.bp_set.offsets.count = (uint16_t)n;
	m.u.bp_set.offsets.size = 4u * (size_t)n;
	return send(&m);
}

/* The program of `main` in test_module.h: main calls add. */
static const struct vd_step main_program[] = {
	{ 83, 1, 2, VD_INSTR, 0 }, { 85, 1, 2, VD_INSTR, 0 }, { 87, 1, 2, VD_INSTR, 0 },
	{ 75, 2, 1, VD_INSTR, 0 }, { 77, 2, 1, VD_INSTR, 0 }, { 79, 2, 1, VD_INSTR, 0 },
	{ 80, 2, 1, VD_INSTR, 0 }, { 89, 1, 2, VD_INSTR, 0 }, { 91, 1, 2, VD_INSTR, 0 },
	{ 92, 1, 2, VD_INSTR, 0 }, { 94, 1, 2, VD_INSTR, 0 }, { 96, 1, 2, VD_STORE, 0 },
	{ 99, 1, 2, VD_INSTR, 0 },
};

static void use(const struct vd_step *p, int n)
{
	vd_program = p;
	vd_program_len = n;
}

#define USE(p) use(p, (int)(sizeof(p) / sizeof((p)[0])))

static const struct nwp_msg *expect_stop(uint8_t reason, uint32_t pc)
{
	const struct nwp_msg *s = expect(NWP_MSG_STOPPED);

	CHECK(s != NULL);
	if (s) {
		CHECK_EQ(s->u.stopped.reason, reason);
		CHECK_EQ(s->u.stopped.pc, pc);
	}
	return s;
}

static void expect_exit(uint8_t reason, int32_t code)
{
	const struct nwp_msg *e = expect(NWP_MSG_EXITED);

	CHECK(e != NULL);
	if (e) {
		CHECK_EQ(e->u.exited.reason, reason);
		CHECK_EQ(e->u.exited.code, code);
	}
}

/* ---- handshake and link ---------------------------------------------------------------------- */

TEST(agent_boot_sends_device_reset)
{
	const struct nwp_msg *m = expect(NWP_MSG_DEVICE_RESET);

	REQUIRE(m != NULL);
	CHECK_EQ(m->id, 0);
	CHECK_EQ(m->u.device_reset.cause, NWP_RESET_CAUSE_POWER_ON);
}

TEST(agent_requires_hello_first)
{
	struct nwp_msg p = { .type = NWP_MSG_PING };
	const struct nwp_msg *r;
	uint16_t id;

	p.u.ping.data.ptr = (const uint8_t *)"hi";
	p.u.ping.data.len = 2;
	id = send(&p);
	serve();
	CHECK_EQ(error_code(answer(id)), NWP_ERR_NO_HANDSHAKE);
	hello();
	serve();
	r = expect(NWP_MSG_HELLO_OK);
	REQUIRE(r != NULL);
	CHECK_EQ(r->u.hello_ok.version, 1);
	CHECK_EQ(r->u.hello_ok.max_frame, NRFW_MAX_FRAME);
	CHECK_EQ(r->u.hello_ok.state, NWP_STATE_IDLE);
	CHECK_EQ(r->u.hello_ok.module_size, 0);
	CHECK(r->u.hello_ok.capabilities & NWP_CAP_DEBUG);
	CHECK(r->u.hello_ok.capabilities & NWP_CAP_RESUMABLE_UPLOAD);
	CHECK_EQ(r->u.hello_ok.board.len, 3);
	id = send(&p);
	serve();
	r = answer(id);
	REQUIRE(r && r->type == NWP_MSG_PING_OK);
	CHECK_EQ(r->u.ping_ok.data.len, 2);
	CHECK(memcmp(r->u.ping_ok.data.ptr, "hi", 2) == 0);
}

TEST(agent_hello_without_common_version)
{
	struct nwp_msg m = { .type = NWP_MSG_HELLO };
	const struct nwp_msg *r;
	uint16_t id;

	m.u.hello.version_min = 2;
	m.u.hello.version_max = 5;
	m.u.hello.max_frame = 512;
	id = send(&m);
	serve();
	r = answer(id);
	CHECK_EQ(error_code(r), NWP_ERR_UNSUPPORTED_VERSION);
	CHECK(r && r->u.error.message.len > 0);
}

TEST(agent_reports_link_errors_and_unknown_types)
{
	static const uint8_t garbage[] = { 0x05, 0x11, 0x22, 0x00 }; /* bad COBS/short */
	uint8_t wire[64];
	struct nwp_writer w;
	const struct nwp_msg *e;
	int n;

	hello();
	serve();
	ram_rx_push(garbage, sizeof(garbage));
	serve();
	e = expect(NWP_MSG_LINK_ERROR);
	REQUIRE(e != NULL);
	CHECK_EQ(e->u.link_error.count, 1);
	nwp_writer_init(&w, wire, sizeof(wire), 0x3e, 77); /* a type nobody defined */
	n = nwp_writer_finish(&w);
	REQUIRE(n > 0);
	ram_rx_push(wire, (size_t)n);
	serve();
	e = expect(NWP_MSG_ERROR);
	REQUIRE(e != NULL);
	CHECK_EQ(e->id, 77);
	CHECK_EQ(e->u.error.code, NWP_ERR_UNKNOWN_TYPE);
	CHECK_EQ(e->u.error.request_type, 0x3e);
	/* a good frame after the bad ones is served */
	hello();
	serve();
	CHECK(expect(NWP_MSG_HELLO_OK) != NULL);
}

/* ---- upload ---------------------------------------------------------------------------------- */

/* test_module plus a custom section of padding: a valid module of n bytes. */
static uint32_t padded(uint8_t *buf, uint32_t n, uint8_t seed)
{
	uint32_t pad = n - sizeof(test_module) - 4;

	memcpy(buf, test_module, sizeof(test_module));
	buf[sizeof(test_module)] = 0; /* custom section */
	buf[sizeof(test_module) + 1] = (uint8_t)(0x80 | ((pad + 1) & 0x7f));
	buf[sizeof(test_module) + 2] = (uint8_t)((pad + 1) >> 7);
	buf[sizeof(test_module) + 3] = 0; /* empty name */
	for (uint32_t i = 0; i < pad; i++) {
		buf[sizeof(test_module) + 4 + i] = (uint8_t)(i * 13 + seed);
	}
	return n;
}

TEST(agent_upload_reports_module_in_hello)
{
	static uint8_t mod[3000];
	uint8_t h[32];
	const struct nwp_msg *r;

	padded(mod, sizeof(mod), 1);
	sha(mod, sizeof(mod), h);
	hello();
	serve();
	CHECK_EQ(upload(mod, sizeof(mod), -1), NWP_MSG_UPLOAD_COMMIT_OK);
	hello();
	serve();
	r = expect(NWP_MSG_HELLO_OK);
	REQUIRE(r != NULL);
	CHECK_EQ(r->u.hello_ok.module_size, sizeof(mod));
	CHECK(memcmp(r->u.hello_ok.module_sha256, h, 32) == 0);
}

/* Protocol 1.2 (uploadAnyChunk): a host on a lossy link sends chunks shorter than chunkMax,
 * any multiple of 16 bytes; they are stored as well as full ones. */
TEST(agent_upload_any_chunk_size)
{
	static uint8_t mod[1000];
	static const uint32_t sizes[] = { 16, 48, 64, 256 };
	uint8_t h[32];
	const struct nwp_msg *r;

	hello();
	serve();
	r = expect(NWP_MSG_HELLO_OK);
	REQUIRE(r != NULL);
	CHECK(r->u.hello_ok.capabilities & NWP_CAP_UPLOAD_ANY_CHUNK);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		padded(mod, sizeof(mod), (uint8_t)(3 + i));
		sha(mod, sizeof(mod), h);
		host_chunk = sizes[i];
		CHECK_EQ(upload(mod, sizeof(mod), -1), NWP_MSG_UPLOAD_COMMIT_OK);
		host_chunk = 0;
		hello();
		serve();
		r = expect(NWP_MSG_HELLO_OK);
		REQUIRE(r != NULL);
		CHECK(memcmp(r->u.hello_ok.module_sha256, h, 32) == 0);
	}
}

/* The link (or the device) dies after every possible number of chunks of a new module: the
 * previous module is still the active one after the reboot. */
TEST(agent_upload_interrupted_at_every_chunk_keeps_previous)
{
	static uint8_t a[2500], b[4000];
	uint8_t ha[32];
	int chunks = (int)(sizeof(b) + 1007) / 1008; /* chunkMax = (1024 - 11) rounded to 16 */

	padded(a, sizeof(a), 1);
	padded(b, sizeof(b), 2);
	sha(a, sizeof(a), ha);
	for (int k = 0; k < chunks; k++) {
		const struct nwp_msg *r;

		tt_setup();
		hello();
		serve();
		REQUIRE(upload(a, sizeof(a), -1) == NWP_MSG_UPLOAD_COMMIT_OK);
		CHECK_EQ(upload(b, sizeof(b), k), 0);
		/* reboot */
		ram_power_restore();
		nrfw_agent_init();
		hello();
		serve();
		r = expect(NWP_MSG_HELLO_OK);
		REQUIRE(r != NULL);
		CHECK_EQ(r->u.hello_ok.module_size, sizeof(a));
		CHECK(memcmp(r->u.hello_ok.module_sha256, ha, 32) == 0);
	}
}

TEST(agent_upload_resumes_after_link_cut)
{
	static uint8_t b[4000];
	static uint8_t h[32];
	struct nwp_msg m = { .type = NWP_MSG_UPLOAD_BEGIN };
	const struct nwp_msg *r;
	uint16_t id;

	padded(b, sizeof(b), 2);
	sha(b, sizeof(b), h);
	hello();
	serve();
	CHECK_EQ(upload(b, sizeof(b), 2), 0);
	hello(); /* reconnect */
	m.u.upload_begin.size = sizeof(b);
	m.u.upload_begin.sha256 = h;
	id = send(&m);
	serve();
	r = answer(id);
	REQUIRE(r && r->type == NWP_MSG_UPLOAD_BEGIN_OK);
	CHECK_EQ(r->u.upload_begin_ok.resume_from, 2u * r->u.upload_begin_ok.chunk_max);
	CHECK_EQ(r->u.upload_begin_ok.window, NRFW_UPLOAD_WINDOW);
	CHECK(r->u.upload_begin_ok.chunk_max % 16 == 0);
	CHECK(r->u.upload_begin_ok.chunk_max + 11 <= 1024);
	CHECK_EQ(upload(b, sizeof(b), -1), NWP_MSG_UPLOAD_COMMIT_OK);
}

TEST(agent_upload_errors)
{
	static uint8_t b[600];
	static uint8_t h[32];
	struct nwp_msg m = { .type = NWP_MSG_UPLOAD_BEGIN };
	const struct nwp_msg *r;
	uint16_t id;

	hello();
	serve();
	m.u.upload_begin.size = RAM_FLASH_SIZE;
	m.u.upload_begin.sha256 = h;
	id = send(&m);
	serve();
	CHECK_EQ(error_code(answer(id)), NWP_ERR_TOO_LARGE);
	id = send_empty(NWP_MSG_UPLOAD_COMMIT);
	serve();
	CHECK_EQ(error_code(answer(id)), NWP_ERR_UPLOAD_SEQUENCE);
	/* not wasm: the VM refuses it with its reason */
	memset(b, 0x5a, sizeof(b));
	CHECK_EQ(upload(b, sizeof(b), -1), -NWP_ERR_INVALID_MODULE);
	r = ram_tx_get(ram_tx_count() - 1);
	REQUIRE(r && r->type == NWP_MSG_ERROR);
	CHECK(r->u.error.message.len > 0 && memcmp(r->u.error.message.ptr, "magic", 5) == 0);
}

/* A new connection (link.h): the platform calls nrfw_link_connected() when a new host takes the
 * link; here the idle hook does, once, before batch 1. */
static bool link_up_due;

static void new_link_then_deliver(void)
{
	if (link_up_due) {
		link_up_due = false;
		nrfw_link_connected(NRFW_LINK_WIRED);
	}
	deliver();
}

TEST(agent_new_link_forgets_handshake_and_partial_frame_keeps_state)
{
	static const uint8_t half_frame[] = { 0x05, 0x17, 0x01 }; /* the old host died mid-frame */
	struct nwp_msg p = { .type = NWP_MSG_PING };
	const struct nwp_msg *r;
	uint16_t ping, pong;
	int from;

	install();
	USE(main_program);
	run(NWP_RUN_STOP_ON_ENTRY, "");
	ram_rx_push(half_frame, sizeof(half_frame));
	then();
	p.u.ping.data.ptr = (const uint8_t *)"x";
	p.u.ping.data.len = 1;
	ping = send(&p);
	hello();
	pong = send(&p);
	send_empty(NWP_MSG_STOP);
	link_up_due = true;
	ram_on_idle = new_link_then_deliver;
	nrfw_agent_main(false);
	expect_stop(NWP_STOP_ENTRY, 83);
	CHECK_EQ(error_code(answer(ping)), NWP_ERR_NO_HANDSHAKE);
	r = expect(NWP_MSG_HELLO_OK);
	REQUIRE(r != NULL);
	CHECK_EQ(r->u.hello_ok.state, NWP_STATE_PAUSED); /* the module stayed paused */
	CHECK_EQ(r->u.hello_ok.module_size, sizeof(test_module));
	r = answer(pong);
	CHECK(r && r->type == NWP_MSG_PING_OK);
	expect_exit(NWP_EXIT_STOPPED, 0);
	from = 0;
	CHECK(ram_tx_find(&from, NWP_MSG_LINK_ERROR) == NULL); /* the half frame went with its link */
}

TEST(agent_breakpoints_without_module_and_stop_when_idle)
{
	static const uint32_t offs[] = { 77 };
	struct nwp_msg c = { .type = NWP_MSG_BP_CLEAR };
	const struct nwp_msg *r;
	uint16_t clr, set, stop;

	hello();
	clr = send(&c); /* a host tidies up before its first upload */
	set = bp_set(1, offs);
	stop = send_empty(NWP_MSG_STOP);
	serve();
	r = answer(clr);
	CHECK(r && r->type == NWP_MSG_BP_CLEAR_OK);
	r = answer(set);
	REQUIRE(r && r->type == NWP_MSG_BP_SET_OK && r->u.bp_set_ok.resolved.count == 1);
	CHECK_EQ(nwp_list_u32(&r->u.bp_set_ok.resolved, 0), NWP_BP_REFUSED);
	CHECK_EQ(error_code(answer(stop)), NWP_ERR_INVALID_STATE);
}

TEST(agent_commit_drops_breakpoints_of_the_previous_module)
{
	static const uint32_t offs[] = { 77 };

	install();
	USE(main_program);
	bp_set(1, offs);
	serve();
	CHECK_EQ(upload(test_module, sizeof(test_module), -1), NWP_MSG_UPLOAD_COMMIT_OK);
	run(0, "");
	serve();
	CHECK(expect(NWP_MSG_STOPPED) == NULL);
	expect_exit(NWP_EXIT_RETURNED, 0);
}

TEST(agent_pause_while_paused_is_invalid)
{
	uint16_t id;

	install();
	USE(main_program);
	run(NWP_RUN_STOP_ON_ENTRY, "");
	then();
	id = send_empty(NWP_MSG_PAUSE);
	send_empty(NWP_MSG_STOP);
	serve();
	expect_stop(NWP_STOP_ENTRY, 83);
	CHECK_EQ(error_code(answer(id)), NWP_ERR_INVALID_STATE);
	expect_exit(NWP_EXIT_STOPPED, 0);
}

/* ---- running ----------------------------------------------------------------------------------- */

TEST(agent_run_returns_and_exits)
{
	uint16_t id;

	install();
	USE(main_program);
	vd_return = 6;
	id = run(0, "");
	serve();
	CHECK(answer(id) != NULL);
	expect_exit(NWP_EXIT_RETURNED, 6);
	CHECK_EQ(vd_executed, 13);
	CHECK_EQ(vd_errors, 0);
	hello();
	serve();
	CHECK_EQ(expect(NWP_MSG_HELLO_OK)->u.hello_ok.state, NWP_STATE_IDLE);
}

/* The error's text (the agent's per-code table; invalidState names the state). */
static bool error_says(const struct nwp_msg *m, const char *text)
{
	return m && m->type == NWP_MSG_ERROR && m->u.error.message.len == strlen(text) &&
	       memcmp(m->u.error.message.ptr, text, strlen(text)) == 0;
}

TEST(agent_run_errors)
{
	const struct nwp_msg *r;
	uint16_t id;

	hello();
	serve();
	id = run(0, "");
	serve();
	r = answer(id);
	CHECK_EQ(error_code(r), NWP_ERR_NO_MODULE);
	CHECK(error_says(r, "no module stored"));
	CHECK_EQ(upload(test_module, sizeof(test_module), -1), NWP_MSG_UPLOAD_COMMIT_OK);
	id = run(0, "nope");
	serve();
	r = answer(id);
	CHECK_EQ(error_code(r), NWP_ERR_NO_SUCH_EXPORT);
	CHECK(error_says(r, "no such export"));
	id = step(NWP_STEP_INTO, 0, NULL);
	serve();
	r = answer(id);
	CHECK_EQ(error_code(r), NWP_ERR_INVALID_STATE);
	CHECK(error_says(r, "no module running"));
	id = send_empty(NWP_MSG_CONTINUE);
	serve();
	CHECK_EQ(error_code(answer(id)), NWP_ERR_INVALID_STATE);
}

TEST(agent_run_while_running_is_invalid)
{
	static const struct vd_step spin[] = { { 83, 1, 2, VD_INSTR, 0 }, { 85, 1, 2, VD_LOOP, 0 } };
	uint16_t id;

	install();
	USE(spin);
	vd_loops = 100;
	run(0, "main");
	id = run(0, "main");
	serve();
	CHECK_EQ(error_code(answer(id)), NWP_ERR_INVALID_STATE);
	expect_exit(NWP_EXIT_RETURNED, 0);
}

TEST(agent_log_and_led_and_exit)
{
	static const struct vd_step prog[] = {
		{ 83, 1, 2, VD_LOG, 0 }, { 85, 1, 2, VD_EXIT, 3 }, { 87, 1, 2, VD_INSTR, 0 },
	};
	const struct nwp_msg *o;

	install();
	USE(prog);
	run(0, "");
	serve();
	o = expect(NWP_MSG_OUTPUT);
	REQUIRE(o != NULL);
	CHECK_EQ(o->u.output.source, NWP_OUTPUT_SOURCE_APP);
	CHECK_EQ(o->u.output.text.len, 5);
	expect_exit(NWP_EXIT_EXIT, 3);
	CHECK_EQ(vd_executed, 2);
	nrfw_agent_led_set(2, true);
	o = expect(NWP_MSG_LED);
	REQUIRE(o != NULL);
	CHECK_EQ(o->u.led.led, 2);
	CHECK(ram_leds[2]);
}

TEST(agent_input_presses_buttons)
{
	struct nwp_msg m = { .type = NWP_MSG_INPUT };

	hello();
	m.u.input.button = 1;
	m.u.input.pressed = 1;
	send(&m);
	serve();
	CHECK(nrfw_agent_button_get(1));
	CHECK(!nrfw_agent_button_get(0));
	ram_buttons[0] = true;
	CHECK(nrfw_agent_button_get(0));
	m.u.input.pressed = 0;
	send(&m);
	serve();
	CHECK(!nrfw_agent_button_get(1));
}

/* ---- breakpoints and stepping -------------------------------------------------------------- */

TEST(agent_breakpoints_snap_hit_and_continue)
{
	static const uint32_t offs[] = { 76, 89, 5000, 89 };
	const struct nwp_msg *r, *s;
	uint16_t id;
	struct nwp_msg f = { .type = NWP_MSG_FRAMES };

	install();
	USE(main_program);
	id = bp_set(4, offs);
	serve();
	r = answer(id);
	REQUIRE(r && r->type == NWP_MSG_BP_SET_OK);
	REQUIRE(r->u.bp_set_ok.resolved.count == 4);
	CHECK_EQ(nwp_list_u32(&r->u.bp_set_ok.resolved, 0), 77);
	CHECK_EQ(nwp_list_u32(&r->u.bp_set_ok.resolved, 1), 89);
	CHECK_EQ(nwp_list_u32(&r->u.bp_set_ok.resolved, 2), NWP_BP_REFUSED);
	CHECK_EQ(nwp_list_u32(&r->u.bp_set_ok.resolved, 3), 89);
	run(0, "");
	then();
	f.u.frames.start = 0;
	f.u.frames.count = 10;
	id = send(&f);
	send_empty(NWP_MSG_CONTINUE);
	then();
	send_empty(NWP_MSG_CONTINUE);
	serve();
	s = expect_stop(NWP_STOP_BREAKPOINT, 77);
	REQUIRE(s != NULL);
	CHECK_EQ(s->u.stopped.hit, 77);
	CHECK_EQ(s->u.stopped.depth, 2);
	CHECK_EQ(s->u.stopped.func, 1);
	CHECK_EQ(s->u.stopped.flags, NWP_STOP_FLAG_LOCALS_COMPLETE);
	CHECK_EQ(s->u.stopped.locals.count, 2);
	r = answer(id);
	REQUIRE(r && r->type == NWP_MSG_FRAMES_OK);
	CHECK_EQ(r->u.frames_ok.total, 2);
	REQUIRE(r->u.frames_ok.frames.count == 2);
	CHECK_EQ(nwp_list_u32(&r->u.frames_ok.frames, 0), 1);
	CHECK_EQ(nwp_list_u32(&r->u.frames_ok.frames, 1), 77);
	CHECK_EQ(nwp_list_u32(&r->u.frames_ok.frames, 2), 2);
	CHECK_EQ(nwp_list_u32(&r->u.frames_ok.frames, 3), 87);
	expect_stop(NWP_STOP_BREAKPOINT, 89);
	expect_exit(NWP_EXIT_RETURNED, 0);
	CHECK_EQ(vd_executed, 13);
	CHECK_EQ(vd_errors, 0); /* no breakpoint opcode ran, none patched twice */
}

TEST(agent_breakpoint_cleared_while_paused)
{
	static const uint32_t offs[] = { 77, 89 };
	static uint8_t wire[4];
	struct nwp_msg c = { .type = NWP_MSG_BP_CLEAR };

	install();
	USE(main_program);
	bp_set(2, offs);
	run(0, "");
	then();
	nwp_set_u32(wire, 89);
	c.u.bp_clear.offsets.ptr = wire;
	c.u.bp_clear.offsets.count = 1;
	c.u.bp_clear.offsets.size = 4;
	send(&c);
	send_empty(NWP_MSG_CONTINUE);
	serve();
	expect_stop(NWP_STOP_BREAKPOINT, 77);
	CHECK(expect(NWP_MSG_STOPPED) == NULL);
	CHECK_EQ(vd_errors, 0);
}

TEST(agent_stop_on_entry_then_steps)
{
	static const uint32_t line[] = { 89, 94 };
	const struct nwp_msg *s;

	install();
	USE(main_program);
	run(NWP_RUN_STOP_ON_ENTRY, "");
	then();
	step(NWP_STEP_OVER, 0, NULL);   /* 83 -> 85 */
	then();
	step(NWP_STEP_OVER, 0, NULL);   /* 85 -> 87 */
	then();
	step(NWP_STEP_INTO, 0, NULL);   /* 87 -> 75 in add */
	then();
	step(NWP_STEP_OUT, 0, NULL);    /* -> 89 in main */
	then();
	step(NWP_STEP_OVER, 1, line);   /* the "line" 89..94 -> 94 */
	then();
	send_empty(NWP_MSG_CONTINUE);
	serve();
	s = expect_stop(NWP_STOP_ENTRY, 83);
	CHECK(s && s->u.stopped.depth == 1);
	expect_stop(NWP_STOP_STEP, 85);
	expect_stop(NWP_STOP_STEP, 87);
	s = expect_stop(NWP_STOP_STEP, 75);
	CHECK(s && s->u.stopped.depth == 2 && s->u.stopped.func == 1);
	s = expect_stop(NWP_STOP_STEP, 89);
	CHECK(s && s->u.stopped.depth == 1);
	expect_stop(NWP_STOP_STEP, 94);
	expect_exit(NWP_EXIT_RETURNED, 0);
	CHECK_EQ(vd_errors, 0);
}

TEST(agent_step_over_call_and_breakpoint_wins)
{
	static const uint32_t bp[] = { 79 };
	static const uint32_t line[] = { 83, 89 };

	install();
	USE(main_program);
	run(NWP_RUN_STOP_ON_ENTRY, "");
	then();
	step(NWP_STEP_OVER, 1, line); /* the whole line including the call ... */
	serve();
	expect_stop(NWP_STOP_ENTRY, 83);
	expect_stop(NWP_STOP_STEP, 89);
	/* ... but a breakpoint met on the way wins */
	tt_setup();
	install();
	USE(main_program);
	bp_set(1, bp);
	run(NWP_RUN_STOP_ON_ENTRY, "");
	then();
	step(NWP_STEP_OVER, 1, line);
	then();
	step(NWP_STEP_OVER, 1, line);
	serve();
	expect_stop(NWP_STOP_ENTRY, 83);
	expect_stop(NWP_STOP_BREAKPOINT, 79);
	expect_stop(NWP_STOP_STEP, 80); /* a step from inside add stops at its next instruction */
}

TEST(agent_step_over_line_lands_after_call)
{
	static const uint32_t line[] = { 83, 89 };

	install();
	USE(main_program);
	run(NWP_RUN_STOP_ON_ENTRY, "");
	then();
	step(NWP_STEP_OVER, 1, line);
	then();
	send_empty(NWP_MSG_CONTINUE);
	serve();
	expect_stop(NWP_STOP_ENTRY, 83);
	expect_stop(NWP_STOP_STEP, 89);
	expect_exit(NWP_EXIT_RETURNED, 0);
}

TEST(agent_pause_and_stop)
{
	static const struct vd_step spin[] = { { 83, 1, 2, VD_INSTR, 0 }, { 85, 1, 2, VD_LOOP, 0 } };
	uint16_t id;

	install();
	USE(spin);
	vd_loops = 1000000;
	run(0, "");
	id = send_empty(NWP_MSG_PAUSE);
	then();
	send_empty(NWP_MSG_STOP);
	serve();
	CHECK(answer(id) != NULL);
	expect_stop(NWP_STOP_PAUSE, 83);
	expect_exit(NWP_EXIT_STOPPED, 0);
	CHECK(vd_executed < 1000);
}

TEST(agent_pause_interrupts_sleep)
{
	static const struct vd_step prog[] = {
		{ 83, 1, 2, VD_SLEEP, 100000 }, { 85, 1, 2, VD_INSTR, 0 }, { 87, 1, 2, VD_INSTR, 0 },
	};
	struct nwp_msg p = { .type = NWP_MSG_PING };
	uint16_t id;

	install();
	USE(prog);
	run(0, "");
	then();
	p.u.ping.data.len = 0;
	id = send(&p); /* served while the module sleeps */
	send_empty(NWP_MSG_PAUSE);
	then();
	send_empty(NWP_MSG_CONTINUE);
	serve();
	CHECK(answer(id) != NULL);
	expect_stop(NWP_STOP_PAUSE, 85);
	expect_exit(NWP_EXIT_RETURNED, 0);
}

TEST(agent_stop_during_sleep)
{
	static const struct vd_step prog[] = {
		{ 83, 1, 2, VD_SLEEP, 100000 }, { 85, 1, 2, VD_INSTR, 0 },
	};

	install();
	USE(prog);
	run(0, "");
	then();
	send_empty(NWP_MSG_STOP);
	serve();
	expect_exit(NWP_EXIT_STOPPED, 0);
	CHECK_EQ(vd_executed, 1);
}

TEST(agent_run_while_paused_restarts)
{
	uint16_t id;

	install();
	USE(main_program);
	run(NWP_RUN_STOP_ON_ENTRY, "");
	then();
	id = run(0, "");
	serve();
	expect_stop(NWP_STOP_ENTRY, 83);
	expect_exit(NWP_EXIT_STOPPED, 0);
	CHECK(answer(id) != NULL); /* runOk after the old run's exited */
	expect_exit(NWP_EXIT_RETURNED, 0);
}

/* ---- traps ------------------------------------------------------------------------------------ */

static const struct vd_step crash_program[] = {
	{ 102, 1, 3, VD_INSTR, 0 }, { 104, 1, 3, VD_INSTR, 0 }, { 106, 1, 3, VD_TRAP, 0 },
	{ 107, 1, 3, VD_INSTR, 0 },
};

TEST(agent_trap_exits)
{
	const struct nwp_msg *t;

	install();
	USE(crash_program);
	run(0, "crash");
	serve();
	t = expect(NWP_MSG_TRAP);
	REQUIRE(t != NULL);
	CHECK_EQ(t->u.trap.func, 3);
	CHECK_EQ(t->u.trap.pc, 106);
	CHECK(t->u.trap.message.len > 0);
	CHECK(expect(NWP_MSG_STOPPED) == NULL);
	seen = 0;
	expect_exit(NWP_EXIT_TRAP, 0);
}

TEST(agent_stop_on_trap_allows_inspection_then_stop)
{
	struct nwp_msg o = { .type = NWP_MSG_OPTIONS };
	struct nwp_msg v = { .type = NWP_MSG_VALUES };
	uint16_t pause, vals;
	const struct nwp_msg *r;

	install();
	USE(crash_program);
	o.u.options.flags = NWP_OPTION_STOP_ON_TRAP;
	send(&o);
	run(0, "crash");
	then();
	v.u.values.scope = NWP_SCOPE_LOCALS;
	vals = send(&v);
	pause = send_empty(NWP_MSG_PAUSE);
	send_empty(NWP_MSG_STOP);
	serve();
	CHECK(expect(NWP_MSG_TRAP) != NULL);
	expect_stop(NWP_STOP_TRAP, 106);
	r = answer(vals);
	CHECK(r && r->type == NWP_MSG_VALUES_OK);
	r = answer(pause);
	CHECK_EQ(error_code(r), NWP_ERR_INVALID_STATE);
	CHECK(error_says(r, "stopped at a trap"));
	/* The run ended because `stop` asked (docs/protocol.md 3.4), not by the trap itself. */
	expect_exit(NWP_EXIT_STOPPED, 0);
}

/* Continue or step at a trap stop: answered, then the run ends as trapped (protocol 3.4). */
static void resume_at_trap(bool use_step)
{
	struct nwp_msg o = { .type = NWP_MSG_OPTIONS };
	uint16_t id;
	const struct nwp_msg *r;

	install();
	USE(crash_program);
	o.u.options.flags = NWP_OPTION_STOP_ON_TRAP;
	send(&o);
	run(0, "crash");
	then();
	id = use_step ? step(NWP_STEP_OVER, 0, NULL) : send_empty(NWP_MSG_CONTINUE);
	serve();
	CHECK(expect(NWP_MSG_TRAP) != NULL);
	expect_stop(NWP_STOP_TRAP, 106);
	r = answer(id);
	CHECK(r && r->type == (use_step ? NWP_MSG_STEP_OK : NWP_MSG_CONTINUE_OK));
	expect_exit(NWP_EXIT_TRAP, 0);
	CHECK(expect(NWP_MSG_STOPPED) == NULL);
}

TEST(agent_continue_at_trap_ends_the_run_trapped)
{
	resume_at_trap(false);
}

TEST(agent_step_at_trap_ends_the_run_trapped)
{
	resume_at_trap(true);
}

/* ---- state ------------------------------------------------------------------------------------ */

TEST(agent_values_and_set_value)
{
	static const uint32_t bp[] = { 77 };
	struct nwp_msg v = { .type = NWP_MSG_VALUES }, s = { .type = NWP_MSG_SET_VALUE };
	uint16_t id1, id2, id3, id4, id5, id6;
	const struct nwp_msg *r;
	struct nwp_value val;

	install();
	USE(main_program);
	bp_set(1, bp);
	run(0, "");
	then();
	s.u.set_value.scope = NWP_SCOPE_LOCALS;
	s.u.set_value.index = 0;
	s.u.set_value.value.tag = NWP_VAL_I32;
	s.u.set_value.value.i32 = 123;
	id1 = send(&s);
	v.u.values.scope = NWP_SCOPE_LOCALS;
	id2 = send(&v);
	s.u.set_value.value.tag = NWP_VAL_I64;
	id3 = send(&s);
	v.u.values.scope = NWP_SCOPE_GLOBALS;
	id4 = send(&v);
	v.u.values.scope = NWP_SCOPE_LOCALS;
	v.u.values.frame = 5;
	id5 = send(&v);
	v.u.values.frame = 1;
	v.u.values.start = 1;
	id6 = send(&v);
	send_empty(NWP_MSG_CONTINUE);
	serve();
	CHECK((r = answer(id1)) && r->type == NWP_MSG_SET_VALUE_OK);
	r = answer(id2);
	REQUIRE(r && r->type == NWP_MSG_VALUES_OK);
	CHECK_EQ(r->u.values_ok.total, 2);
	REQUIRE(r->u.values_ok.values.count == 2);
	nwp_get_value(r->u.values_ok.values.ptr, r->u.values_ok.values.size, &val);
	CHECK_EQ(val.tag, NWP_VAL_I32);
	CHECK_EQ(val.i32, 123);
	CHECK_EQ(error_code(answer(id3)), NWP_ERR_MALFORMED);
	r = answer(id4);
	REQUIRE(r && r->type == NWP_MSG_VALUES_OK && r->u.values_ok.values.count == 2);
	nwp_get_value(r->u.values_ok.values.ptr, r->u.values_ok.values.size, &val);
	CHECK_EQ(val.tag, NWP_VAL_I64);
	CHECK_EQ(val.i64, -5);
	CHECK_EQ(error_code(answer(id5)), NWP_ERR_OUT_OF_BOUNDS);
	r = answer(id6);
	REQUIRE(r && r->type == NWP_MSG_VALUES_OK && r->u.values_ok.values.count == 1);
	nwp_get_value(r->u.values_ok.values.ptr, r->u.values_ok.values.size, &val);
	CHECK_EQ(val.i32, 1); /* frame 1 = main at depth 1: locals 0*10, 0*10+1 */
}

TEST(agent_memory_is_bounded_to_linear_memory)
{
	static const uint32_t bp[] = { 77 };
	struct nwp_msg rd = { .type = NWP_MSG_MEM_READ }, wr = { .type = NWP_MSG_MEM_WRITE };
	uint16_t r1, r2, r3, w1, w2;
	const struct nwp_msg *r;

	install();
	USE(main_program);
	vd_memory[65535] = 0xab;
	bp_set(1, bp);
	run(0, "");
	then();
	rd.u.mem_read.address = 65530;
	rd.u.mem_read.length = 100;
	r1 = send(&rd);
	rd.u.mem_read.address = 70000;
	r2 = send(&rd);
	rd.u.mem_read.address = 0;
	rd.u.mem_read.length = 60000; /* more than a frame: as much as fits */
	r3 = send(&rd);
	wr.u.mem_write.address = 65534;
	wr.u.mem_write.data.ptr = (const uint8_t *)"wxyz";
	wr.u.mem_write.data.len = 4;
	w1 = send(&wr);
	wr.u.mem_write.address = 10;
	w2 = send(&wr);
	send_empty(NWP_MSG_CONTINUE);
	serve();
	r = answer(r1);
	REQUIRE(r && r->type == NWP_MSG_MEM_READ_OK);
	CHECK_EQ(r->u.mem_read_ok.memory_size, 65536);
	CHECK_EQ(r->u.mem_read_ok.data.len, 6);
	CHECK_EQ(r->u.mem_read_ok.data.ptr[5], 0xab);
	CHECK_EQ(error_code(answer(r2)), NWP_ERR_OUT_OF_BOUNDS);
	r = answer(r3);
	REQUIRE(r && r->type == NWP_MSG_MEM_READ_OK);
	CHECK(r->u.mem_read_ok.data.len > 900 && r->u.mem_read_ok.data.len <= 1024);
	CHECK_EQ(error_code(answer(w1)), NWP_ERR_OUT_OF_BOUNDS);
	CHECK_EQ(vd_memory[65534], 0); /* all or nothing */
	CHECK((r = answer(w2)) && r->type == NWP_MSG_MEM_WRITE_OK);
	CHECK(memcmp(vd_memory + 10, "wxyz", 4) == 0);
}

TEST(agent_memory_needs_a_running_module)
{
	struct nwp_msg rd = { .type = NWP_MSG_MEM_READ };
	uint16_t id;

	install();
	rd.u.mem_read.length = 4;
	id = send(&rd);
	serve();
	CHECK_EQ(error_code(answer(id)), NWP_ERR_INVALID_STATE);
}

TEST(agent_data_breakpoint_on_store)
{
	struct nwp_msg d = { .type = NWP_MSG_DATA_BP_SET };
	const struct nwp_msg *r, *s;
	uint16_t id;

	install();
	USE(main_program);
	vd_stack[1] = 0;  /* address */
	vd_stack[2] = 7;  /* value */
	d.u.data_bp_set.address = 18;
	d.u.data_bp_set.length = 2;
	d.u.data_bp_set.access = NWP_ACCESS_WRITE;
	id = send(&d);
	run(0, "");
	then();
	send_empty(NWP_MSG_CONTINUE);
	serve();
	r = answer(id);
	REQUIRE(r && r->type == NWP_MSG_DATA_BP_SET_OK);
	s = expect_stop(NWP_STOP_DATA_BREAKPOINT, 96);
	CHECK(s && s->u.stopped.hit == 18);
	expect_exit(NWP_EXIT_RETURNED, 0);
	CHECK_EQ(vd_memory[16], 7);
}

TEST(agent_data_breakpoint_limits)
{
	struct nwp_msg d = { .type = NWP_MSG_DATA_BP_SET };
	uint16_t ids[NRFW_DATA_BP_MAX + 2];

	hello();
	d.u.data_bp_set.address = 0;
	d.u.data_bp_set.length = 3;
	d.u.data_bp_set.access = NWP_ACCESS_READ;
	ids[0] = send(&d);
	d.u.data_bp_set.length = 4;
	for (int i = 1; i <= NRFW_DATA_BP_MAX + 1; i++) {
		ids[i] = send(&d);
	}
	serve();
	CHECK_EQ(error_code(answer(ids[0])), NWP_ERR_MALFORMED);
	for (int i = 1; i <= NRFW_DATA_BP_MAX; i++) {
		const struct nwp_msg *r = answer(ids[i]);

		CHECK(r && r->type == NWP_MSG_DATA_BP_SET_OK && r->u.data_bp_set_ok.watch_id == i - 1);
	}
	CHECK_EQ(error_code(answer(ids[NRFW_DATA_BP_MAX + 1])), NWP_ERR_TABLE_FULL);
}

TEST(agent_reset_answers_then_reboots)
{
	uint16_t id;

	hello();
	id = send_empty(NWP_MSG_RESET);
	serve();
	CHECK(answer(id) != NULL);
	CHECK_EQ(ram_resets, 1);
}


/* ---- breakpoints decided on the device (bpSetCond) ------------------------------------------ */

static uint16_t bp_set_cond(uint32_t off, uint8_t flags, uint8_t hit_op, uint32_t hit_count,
			    const uint8_t *cond, uint16_t clen, const uint8_t *log, uint16_t llen)
{
	static uint8_t prog[128];
	struct nwp_msg m = { .type = NWP_MSG_BP_SET_COND };

	memcpy(prog, cond, clen);
	memcpy(prog + clen, log, llen);
	m.u.bp_set_cond.offset = off;
	m.u.bp_set_cond.flags = flags;
	m.u.bp_set_cond.hit_op = hit_op;
	m.u.bp_set_cond.hit_count = hit_count;
	m.u.bp_set_cond.cond_length = clen;
	m.u.bp_set_cond.program.ptr = prog;
	m.u.bp_set_cond.program.len = (size_t)clen + llen;
	return send(&m);
}

static int count_sent(uint8_t type)
{
	int n = 0;

	for (int i = 0; i < ram_tx_count(); i++) {
		n += ram_tx_get(i)->type == type;
	}
	return n;
}

#define K64(v) 0x01, (uint8_t)(v), 0, 0, 0, 0, 0, 0, 0 /* small non-negative constant */

/* local[0] == v (in `add`, called from main, local 0 is 10) */
#define LOCAL0_EQ(v) 0x03, 0, 0, K64(v), 0x1a

TEST(agent_condition_false_runs_on_without_a_frame_or_a_second_hook)
{
	static const uint8_t no[] = { LOCAL0_EQ(11) };
	static const uint8_t yes[] = { LOCAL0_EQ(10) };
	const struct nwp_msg *r;
	uint16_t id;
	int sent;

	install();
	USE(main_program);
	id = bp_set_cond(76, 0, 0, 0, no, sizeof(no), NULL, 0); /* snaps to 77 */
	serve();
	r = answer(id);
	REQUIRE(r && r->type == NWP_MSG_BP_SET_COND_OK);
	CHECK_EQ(r->u.bp_set_cond_ok.resolved, 77);
	sent = ram_tx_count();
	run(0, "");
	serve();
	expect_exit(NWP_EXIT_RETURNED, 0);
	CHECK_EQ(count_sent(NWP_MSG_STOPPED), 0);
	CHECK_EQ(ram_tx_count() - sent, 2); /* runOk, exited */
	CHECK_EQ(vd_errors, 0);
	/* A true condition stops; a plain bpSet on the same offset makes it unconditional. */
	bp_set_cond(77, 0, 0, 0, yes, sizeof(yes), NULL, 0);
	run(0, "");
	then();
	send_empty(NWP_MSG_CONTINUE);
	serve();
	expect_stop(NWP_STOP_BREAKPOINT, 77);
	expect_exit(NWP_EXIT_RETURNED, 0);
	CHECK_EQ(vd_errors, 0);
}

TEST(agent_logpoint_and_hit_count_in_a_loop)
{
	static const struct vd_step spin[] = { { 83, 1, 2, VD_INSTR, 0 },
					       { 85, 1, 2, VD_LOOP, 0 } };
	/* log local[1] (1 at depth 1) and global[1] (i32 42); every 2nd hit */
	static const uint8_t log[] = { 0x03, 1, 0, 0x40, 0x04, 1, 0, 0x40 };
	const struct nwp_msg *m;

	install();
	USE(spin);
	vd_loops = 5; /* 6 passes */
	bp_set_cond(83, NWP_BPC_FLAG_LOG, NWP_HIT_MOD, 2, NULL, 0, log, sizeof(log));
	run(0, "");
	serve();
	expect_exit(NWP_EXIT_RETURNED, 0);
	CHECK_EQ(count_sent(NWP_MSG_STOPPED), 0);
	CHECK_EQ(count_sent(NWP_MSG_LOG_HIT), 3);
	seen = 0;
	m = expect(NWP_MSG_LOG_HIT);
	REQUIRE(m != NULL);
	CHECK_EQ(m->u.log_hit.offset, 83);
	REQUIRE(m->u.log_hit.values.count == 2);
	/* The first pass runs armed (requests queued behind `run`) and lifts the breakpoint for
	 * one instruction (+1); the other five take one hook each: no lift, no rearm. */
	CHECK_EQ(vd_hooks, 7);
	CHECK_EQ(vd_errors, 0);
}

TEST(agent_bad_program_and_runtime_error)
{
	static const uint8_t bad[] = { 0x10 };                 /* add on an empty stack */
	static const uint8_t oob[] = { K64(0), 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0x10, 0x05, 4 };
	const struct nwp_msg *r, *s;
	uint16_t id;

	install();
	USE(main_program);
	id = bp_set_cond(77, 0, 0, 0, bad, sizeof(bad), NULL, 0);
	serve();
	r = answer(id);
	CHECK_EQ(error_code(r), NWP_ERR_BAD_PROGRAM);
	id = bp_set_cond(77, 2, 0, 0, NULL, 0, NULL, 0); /* unknown flag */
	serve();
	CHECK_EQ(error_code(answer(id)), NWP_ERR_MALFORMED);
	/* i32[0 + 65536] is past linear memory: the breakpoint stops, flagged */
	bp_set_cond(77, 0, 0, 0, oob, sizeof(oob), NULL, 0);
	run(0, "");
	then();
	send_empty(NWP_MSG_CONTINUE);
	serve();
	s = expect_stop(NWP_STOP_BREAKPOINT, 77);
	CHECK(s && (s->u.stopped.flags & NWP_STOP_FLAG_CONDITION_ERROR));
	expect_exit(NWP_EXIT_RETURNED, 0);
}

TEST(agent_hit_count_counts_each_reach_once)
{
	static const struct vd_step spin[] = { { 83, 1, 2, VD_INSTR, 0 },
					       { 85, 1, 2, VD_LOOP, 0 } };

	install();
	USE(spin);
	vd_loops = 5; /* 6 passes */
	bp_set_cond(83, 0, NWP_HIT_EQ, 3, NULL, 0, NULL, 0);
	run(0, "");
	then();
	send_empty(NWP_MSG_CONTINUE);
	serve();
	expect_stop(NWP_STOP_BREAKPOINT, 83);
	expect_exit(NWP_EXIT_RETURNED, 0);
	CHECK_EQ(count_sent(NWP_MSG_STOPPED), 1);
	CHECK_EQ(vd_errors, 0);
}
