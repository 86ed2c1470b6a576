/*
 * The debug agent's protocol server and run control. See agent.h for the threading model and
 * docs/protocol.md for the behaviour; comments here say why, not what.
 */
#include <string.h>

#include "nrf_wasm/agent.h"
#include "nrf_wasm/platform.h"
#include "nrf_wasm/protocol.h"
#include "nrf_wasm/vm.h"

#include "auth.h"
#include "bp.h"
#include "cond.h"
#include "links.h"
#include "step.h"
#include "store.h"
#include "wasm_scan.h"

/* The `error` message texts: one short text per error code (the host explains each code in its
 * own words; ours adds the device's view), and for invalidState the state the device is in.
 * Call sites pass only the code, which keeps them small. A build short of flash can drop the
 * texts (NRFW_ERROR_TEXT=0); the VM's reason for an invalid module and the supported versions
 * are always sent. */
#ifndef NRFW_ERROR_TEXT
#define NRFW_ERROR_TEXT 1
#endif

#define CAPABILITIES                                                                           \
	(NWP_CAP_UPLOAD | NWP_CAP_DEBUG | NWP_CAP_DATA_BREAKPOINTS | NWP_CAP_SET_LOCAL |        \
	 NWP_CAP_SET_GLOBAL | NWP_CAP_MEMORY_WRITE | NWP_CAP_BUTTONS_INPUT | NWP_CAP_LEDS |      \
	 NWP_CAP_RESUMABLE_UPLOAD | NWP_CAP_PERSISTENT_STORE | NWP_CAP_RESET |                \
	 NWP_CAP_DEVICE_CONDITIONS | NWP_CAP_PIPELINING | (NRFW_BONDS ? NWP_CAP_BONDS : 0))

#if defined(__GNUC__)
#define NRFW_NOINLINE __attribute__((noinline))
#else
#define NRFW_NOINLINE
#endif

/* Breakpoints with a condition, hit condition or log program (bpSetCond), decided here. */
#define BPC_READS_MEMORY 0x80 /* bp_cond.flags: a program has `load` (fetch the memory) */
#ifndef NRFW_COND_MAX
#define NRFW_COND_MAX 4
#endif

struct bp_cond {
	uint32_t off; /* NRFW_NO_PC: free */
	uint32_t hits, hit_count;
	uint8_t flags, hit_op;
	uint8_t cond_len, log_len; /* prog = condition then log program */
	uint8_t prog[NRFW_COND_PROG_MAX];
	struct nrfw_cond_quick quick; /* the condition pre-decoded, if it has the usual shape */
};

/* Upload chunks: header (3) + offset (4) + crc (4) around the data. */
#define CHUNK_OVERHEAD 11u
#define TX_SIZE NWP_WIRE_SIZE(NRFW_MAX_FRAME)

_Static_assert(NRFW_MAX_FRAME >= NWP_MIN_MAX_FRAME && NRFW_MAX_FRAME <= 0xffff,
	       "NRFW_MAX_FRAME out of range");

static struct {
	/* link (the per-link receive side and sessions are link.c's) */
	uint8_t tx[TX_SIZE];
	struct nwp_writer w;
	uint8_t to;      /* link the message being built goes to */
	uint32_t to_gen; /* ... unless its peer changed since the request came */
	struct nrfw_link_in req; /* the request being handled (link NRFW_LINK_NONE: none) */
	uint16_t event_seq;
	uint16_t link_errors;

	struct nrfw_store store;
	struct nrfw_bp_table bps;
	struct nrfw_step step;
	struct nrfw_vm_watch dbp[NRFW_DATA_BP_MAX];
	struct bp_cond conds[NRFW_COND_MAX];
	struct bp_cond *quick_bp; /* last found false by its quick condition (NULL: none) */
	uint8_t stop_flags; /* extra `stopped` flags for the next stop */
	uint32_t options;
	uint8_t buttons_input; /* pressed through `input` */

	/* run control */
	uint8_t state; /* NWP_STATE_* */
	bool run_pending;
	bool run_reply_due; /* answer the pending run once the previous run unwound */
	uint16_t run_id;
	struct nrfw_link_in run_req; /* where the pending run came from: its deferred runOk */
	uint8_t run_flags;
	uint8_t entry_len;
	char entry[NRFW_ENTRY_MAX];
	bool loaded;         /* breakpoint opcodes may be patched */
	bool entry_stop_due; /* stopOnEntry not yet honoured */
	bool stop_requested;
	bool pause_requested;
	bool trapped;
	bool trap_paused;    /* paused at a trap: continue, step, stop and run end the run */
	bool trap_resumed;   /* left a trap stop with continue/step: the run ends as trapped */
	bool resumed;        /* a paused loop was left with continue/step */
	uint32_t rearm_pc;   /* breakpoint to put back at the next instruction */
	uint32_t ret_pc;     /* step over/out: one-shot breakpoint where the stepping frame resumes */
	uintptr_t frame;     /* frame id at the current stop */
	struct nrfw_module module; /* the running module */
	struct nrfw_scan scan;     /* of the running module, or of the active one when idle */
} ag;

/* ---- sending ---------------------------------------------------------------------------- */

/* A message to `link` (sized to that link's host's frame). */
static struct nwp_writer *begin_on(uint8_t link, uint32_t gen, uint8_t type, uint16_t id)
{
	uint16_t peer = nrfw_links_peer_max(link);
	size_t limit = NWP_WIRE_SIZE(peer < NRFW_MAX_FRAME ? peer : NRFW_MAX_FRAME);

	ag.to = link;
	ag.to_gen = gen;
	nwp_writer_init(&ag.w, ag.tx, limit, type, id);
	return &ag.w;
}

/* Answers go back on the link the request came on; events to the session's link. */
static struct nwp_writer *event_begin(uint8_t type)
{
	return begin_on(nrfw_links_event_link(), NRFW_LINK_GEN_ANY, type, ag.event_seq++);
}

static struct nwp_writer *msg_begin(uint8_t type, uint16_t id)
{
	if (ag.req.link == NRFW_LINK_NONE) {
		return begin_on(nrfw_links_event_link(), NRFW_LINK_GEN_ANY, type, id);
	}
	return begin_on(ag.req.link, ag.req.gen, type, id);
}

static void msg_send(void)
{
	int n = nwp_writer_finish(&ag.w);

	if (n > 0) {
		nrfw_links_send(ag.to, ag.to_gen, ag.tx, (size_t)n);
	}
}

#if NRFW_ERROR_TEXT
/* Texts of error codes 1.. in order, each ended by '\0' (one string: no pointer table). */
static const char err_texts[] =
	"unknown message type\0"         /* unknownType */
	"unsupported version\0"          /* unsupportedVersion (sent with its own text) */
	"say hello first\0"              /* noHandshake */
	"malformed request\0"            /* malformed */
	"-\0"                            /* invalidState: from the state, below */
	"no module stored\0"             /* noModule */
	"SHA-256 does not match\0"       /* hashMismatch */
	"upload out of sequence\0"       /* uploadSequence */
	"larger than a store slot\0"     /* tooLarge */
	"invalid module\0"               /* invalidModule */
	"flash error\0"                  /* storage */
	"out of bounds\0"                /* outOfBounds */
	"table full\0"                   /* tableFull */
	"not supported\0"                /* unsupported */
	"pair the board first\0"         /* notAuthorized: BLE needs an encrypted, bonded link */
	"no such export\0"               /* noSuchExport */
	"reply too long\0"               /* internal: an answer the host's frame cannot hold */
	/* invalidState, by NWP_STATE_* (+1 at a trap stop) */
	"no module running\0module running\0module paused\0stopped at a trap\0";

static const char *err_text(uint16_t code)
{
	const char *t = err_texts;

	if (code == NWP_ERR_INVALID_STATE) {
		code = NWP_ERR_INTERNAL + 1 + ag.state + ag.trap_paused;
	} else if (code > NWP_ERR_INTERNAL) {
		return "";
	}
	for (uint16_t i = 1; i < code; i++) {
		t += strlen(t) + 1;
	}
	return t;
}
#else
#define err_text(code) ""
#endif

static void reply_error(uint8_t req_type, uint16_t id, uint16_t code, const char *text)
{
	struct nwp_writer *w = msg_begin(NWP_MSG_ERROR, id);

	if (!text) {
		text = err_text(code);
	}
	nwp_put_u16(w, code);
	nwp_put_u8(w, req_type);
	nwp_put_str(w, text, strlen(text));
	msg_send();
}

/* An error answer to request `m` (one call shape keeps the many call sites small). */
static void fail(const struct nwp_msg *m, uint16_t code)
{
	reply_error(m->type, m->id, code, NULL);
}

static void reply_empty(const struct nwp_msg *m)
{
	msg_begin(m->type | NWP_RESPONSE_BIT, m->id);
	msg_send();
}

/* Builds the reply into the writer; on -ENOSPC (an answer the host's frame cannot hold) says
 * so instead of going silent. */
static void reply_send(const struct nwp_msg *m)
{
	int n = nwp_writer_finish(&ag.w);

	if (n > 0) {
		nrfw_links_send(ag.to, ag.to_gen, ag.tx, (size_t)n);
	} else {
		fail(m, NWP_ERR_INTERNAL);
	}
}

static void put_value(struct nwp_writer *w, const struct nrfw_value *v)
{
	struct nwp_value nv;

	nv.tag = v->type;
	nv.i64 = (int64_t)v->bits;
	if (v->type != NWP_VAL_I64 && v->type != NWP_VAL_F64) {
		nv.i64 = 0;
		nv.i32 = (int32_t)(uint32_t)v->bits;
	}
	nwp_put_value(w, &nv);
}

static void send_output(uint8_t source, uint8_t level, const char *text, size_t len)
{
	struct nwp_writer *w = event_begin(NWP_MSG_OUTPUT);
	size_t room;

	nwp_put_u8(w, source);
	nwp_put_u8(w, level);
	room = nwp_writer_room(w);
	room = room > 2 ? room - 2 : 0;
	nwp_put_str(w, text, len < room ? len : room); /* long lines are cut, not dropped */
	msg_send();
}

/* ---- frames ------------------------------------------------------------------------------- */

/* Frame `i` with its pc as the host wants it: the call instruction for callers, the trapping
 * instruction for a trap (the VM reports where its instruction pointer is). */
static int frame_at(uint16_t i, uint32_t *func, uint32_t *pc)
{
	bool after;

	if (nrfw_vm_frame(i, func, pc, &after)) {
		return -1;
	}
	if (after) {
		uint32_t prev = nrfw_scan_prev(&ag.scan, *pc);

		if (prev != NRFW_NO_PC) {
			*pc = prev;
		}
	}
	return 0;
}

static void send_stopped(uint8_t reason, uint32_t hit)
{
	struct nwp_writer *w = event_begin(NWP_MSG_STOPPED);
	uint32_t func = 0, pc = 0;
	uint16_t n, i;
	uint8_t *flags, *count;
	struct nrfw_value v;

	frame_at(0, &func, &pc);
	nwp_put_u8(w, reason);
	flags = nwp_put_reserve(w, 1);
	nwp_put_u32(w, hit);
	nwp_put_u16(w, nrfw_vm_depth());
	nwp_put_u32(w, func);
	nwp_put_u32(w, pc);
	count = nwp_put_reserve(w, 2);
	n = nrfw_vm_value_count(NWP_SCOPE_LOCALS, 0);
	for (i = 0; i < n; i++) {
		if (nwp_writer_room(w) < 9 || nrfw_vm_value_get(NWP_SCOPE_LOCALS, 0, i, &v)) {
			break;
		}
		put_value(w, &v);
	}
	if (flags && count) {
		*flags = (uint8_t)((i == n ? NWP_STOP_FLAG_LOCALS_COMPLETE : 0) | ag.stop_flags);
		nwp_set_u16(count, i);
	}
	msg_send();
	ag.stop_flags = 0;
}

/* ---- requests ----------------------------------------------------------------------------- */

/* Chunks of any multiple of 16 bytes land on the flash's write unit when it divides 16. */
static bool any_chunk_fits(void)
{
	uint32_t unit = ag.store.write_unit ? ag.store.write_unit : NWP_CHUNK_ALIGN;

	return NWP_CHUNK_ALIGN % unit == 0u;
}

static void on_hello(const struct nwp_msg *m)
{
	struct nwp_writer *w;
	struct nrfw_device_info di;
	uint16_t max = m->u.hello.max_frame;

	if (m->u.hello.version_min > NWP_PROTOCOL_VERSION ||
	    m->u.hello.version_max < NWP_PROTOCOL_VERSION_MIN) {
		reply_error(m->type, m->id, NWP_ERR_UNSUPPORTED_VERSION,
			    "device speaks protocol versions 1..1");
		nrfw_links_hello_failed(ag.req.link); /* the connection still needs a hello */
		return;
	}
	if (max < NWP_MIN_MAX_FRAME) {
		/* Every side holds at least 256 (protocol 1.1): a host claiming less is broken. */
		reply_error(m->type, m->id, NWP_ERR_MALFORMED, "maxFrame below 256");
		nrfw_links_hello_failed(ag.req.link);
		return;
	}
	/* A link that may debug takes the session (protocol.md 1.3); one that may not gets its
	 * helloOk (and can learn it must pair) without touching the session. */
	nrfw_links_hello(ag.req.link, max, NRFW_MAX_FRAME,
			 nrfw_auth_may_hold_session(ag.req.link, ag.req.sec));
	nrfw_plat_device_info(&di);
	w = msg_begin(NWP_MSG_HELLO_OK, m->id);
	nwp_put_u16(w, NWP_PROTOCOL_VERSION);
	nwp_put_u32(w, CAPABILITIES | (any_chunk_fits() ? NWP_CAP_UPLOAD_ANY_CHUNK : 0));
	nwp_put_u16(w, NRFW_MAX_FRAME);
	nwp_put_u32(w, nrfw_plat_free_memory());
	nwp_put_u8(w, ag.state);
	if (ag.store.active != NRFW_SLOT_NONE) {
		nwp_put_bytes(w, ag.store.active_sha, NRFW_SHA256_LEN);
		nwp_put_u32(w, ag.store.active_size);
	} else {
		/* No module: hash and size all zero (no 32-byte constant in flash for that). */
		uint8_t *z = nwp_put_reserve(w, NRFW_SHA256_LEN + 4);

		if (z) {
			memset(z, 0, NRFW_SHA256_LEN + 4);
		}
	}
	nwp_put_str(w, di.board, strlen(di.board));
	nwp_put_str(w, di.runtime, strlen(di.runtime));
	nwp_put_str(w, di.runtime_version, strlen(di.runtime_version));
	nwp_put_str(w, di.firmware_version, strlen(di.firmware_version));
	reply_send(m);
}

/* Until the module's last byte a used chunk leaves `received` on a multiple of 16 (protocol.md
 * 3.3, "Chunk edges"): the same rule on every device, whatever the flash's write unit. Chunks the
 * store drops or refuses for other reasons are left to it. */
static int chunk_edges(uint32_t off, uint32_t len)
{
	const struct nrfw_store *s = &ag.store;
	uint64_t end = (uint64_t)off + len;

	if (!s->up_open || off > s->up_received || end <= s->up_received || end > s->up_size) {
		return 0;
	}
	return (end % NWP_CHUNK_ALIGN == 0u || end == s->up_size) ? 0 : NWP_ERR_UPLOAD_SEQUENCE;
}

static uint16_t chunk_max(void)
{
	uint16_t peer = nrfw_links_peer_max(ag.req.link);
	uint32_t frame = peer < NRFW_MAX_FRAME ? peer : NRFW_MAX_FRAME;
	uint32_t c = frame - CHUNK_OVERHEAD;
	/* A multiple of 16 (protocol 3.3, as every device), or of a larger flash write unit. */
	uint32_t unit = ag.store.write_unit <= NWP_CHUNK_ALIGN ? NWP_CHUNK_ALIGN : ag.store.write_unit;

	return (uint16_t)(c / unit * unit);
}

static struct bp_cond *cond_find(uint32_t off)
{
	for (int i = 0; i < NRFW_COND_MAX; i++) {
		if (ag.conds[i].off == off) {
			return &ag.conds[i];
		}
	}
	return NULL;
}

static void cond_remove(uint32_t off)
{
	struct bp_cond *c = cond_find(off);

	if (c && off != NRFW_NO_PC) {
		c->off = NRFW_NO_PC;
	}
}

static void bp_clear_all(void)
{
	for (int i = 0; i < NRFW_COND_MAX; i++) {
		ag.conds[i].off = NRFW_NO_PC;
	}
	while (ag.bps.count) {
		uint32_t off = ag.bps.off[0];

		nrfw_bp_remove(&ag.bps, off);
		if (ag.loaded && off != ag.rearm_pc && off != ag.ret_pc) {
			nrfw_vm_bp_remove(off);
		}
	}
}

static void on_upload(const struct nwp_msg *m)
{
	struct nwp_writer *w;
	uint32_t v = 0;
	int rc = 0;
	char why[64];

	switch (m->type) {
	case NWP_MSG_UPLOAD_BEGIN:
		/* An empty module is no module (protocol 3.3): refused before the slot is erased. */
		rc = m->u.upload_begin.size == 0
			     ? NWP_ERR_MALFORMED
			     : nrfw_store_begin(&ag.store, m->u.upload_begin.size,
						m->u.upload_begin.sha256, chunk_max(), &v);
		if (rc == 0) {
			w = msg_begin(NWP_MSG_UPLOAD_BEGIN_OK, m->id);
			nwp_put_u32(w, v);
			nwp_put_u16(w, chunk_max());
			nwp_put_u16(w, NRFW_UPLOAD_WINDOW);
			msg_send();
			return;
		}
		break;
	case NWP_MSG_UPLOAD_CHUNK:
		rc = chunk_edges(m->u.upload_chunk.offset, (uint32_t)m->u.upload_chunk.data.len);
		if (rc == 0) {
			rc = nrfw_store_chunk(&ag.store, m->u.upload_chunk.offset,
					      m->u.upload_chunk.data.ptr,
					      (uint32_t)m->u.upload_chunk.data.len, &v);
		}
		if (rc == 0) {
			w = msg_begin(NWP_MSG_UPLOAD_ACK, m->id);
			nwp_put_u32(w, v);
			msg_send();
			return;
		}
		break;
	case NWP_MSG_UPLOAD_COMMIT:
		why[0] = '\0';
		rc = nrfw_store_commit(&ag.store, why, sizeof(why));
		if (rc == 0) {
			/* Breakpoint offsets name instructions of the module they were set for. */
			bp_clear_all();
			w = msg_begin(NWP_MSG_UPLOAD_COMMIT_OK, m->id);
			nwp_put_u8(w, ag.store.active);
			nwp_put_bytes(w, ag.store.active_sha, NRFW_SHA256_LEN);
			nwp_put_u32(w, ag.store.active_size);
			msg_send();
			return;
		}
		if (rc == NWP_ERR_INVALID_MODULE) {
			reply_error(m->type, m->id, (uint16_t)rc, why[0] ? why : NULL);
			return;
		}
		break;
	default: /* abort */
		nrfw_store_abort(&ag.store);
		reply_empty(m);
		return;
	}
	fail(m, (uint16_t)rc);
}

/* The module the debugger talks about: the running one, else the active one. */
static bool scan_module(void)
{
	if (ag.state != NWP_STATE_IDLE) {
		return true;
	}
	if (!nrfw_store_active(&ag.store, &ag.module)) {
		return false;
	}
	return nrfw_scan_init(&ag.scan, &ag.module) == 0;
}

static void on_run(const struct nwp_msg *m)
{
	size_t len = m->u.run.entry.len;

	if (ag.state == NWP_STATE_RUNNING || ag.run_pending) {
		fail(m, NWP_ERR_INVALID_STATE);
		return;
	}
	if (len > NRFW_ENTRY_MAX) {
		fail(m, NWP_ERR_NO_SUCH_EXPORT);
		return;
	}
	{
		/* The run (or restart) is of the active module: check its entry now, so that a
		 * typo is an error response rather than a run that ends at once. */
		struct nrfw_module mod;
		struct nrfw_scan sc;

		if (!nrfw_store_active(&ag.store, &mod)) {
			fail(m, NWP_ERR_NO_MODULE);
			return;
		}
		if (nrfw_scan_init(&sc, &mod) || !nrfw_scan_entry_ok(&sc, m->u.run.entry.ptr,
								     (uint32_t)len)) {
			fail(m, NWP_ERR_NO_SUCH_EXPORT);
			return;
		}
	}
	ag.run_pending = true;
	ag.run_flags = m->u.run.flags;
	ag.entry_len = (uint8_t)len;
	memcpy(ag.entry, m->u.run.entry.ptr, len);
	ag.run_id = m->id;
	ag.run_req = ag.req;
	if (ag.state == NWP_STATE_PAUSED) {
		/* Restart: unwind the paused run first; runOk follows its `exited`. */
		ag.run_reply_due = true;
		ag.stop_requested = true;
		ag.state = NWP_STATE_RUNNING;
		return;
	}
	reply_empty(m);
}

static void resume(void)
{
	if (ag.trap_paused) {
		/* Nothing can run past a trap: resuming ends the run, reported as the trap it was
		 * (protocol 3.4), like an uncaught exception in a JS debugger. */
		ag.trap_resumed = true;
		ag.stop_requested = true;
	}
	ag.state = NWP_STATE_RUNNING;
	ag.resumed = true;
}

/* Removes the step's return breakpoint (a user breakpoint on the same offset stays). */
static void ret_clear(void)
{
	if (ag.ret_pc != NRFW_NO_PC && ag.ret_pc != ag.rearm_pc && !nrfw_bp_has(&ag.bps, ag.ret_pc)) {
		nrfw_vm_bp_remove(ag.ret_pc);
	}
	ag.ret_pc = NRFW_NO_PC;
}

/*
 * Step over/out: instead of judging every instruction of the callee, run it at full speed and
 * catch the return with a one-shot breakpoint where frame `caller` resumes. A deeper call of the
 * same function (recursion) returns to the same offset in a deeper frame: the hook tells them
 * apart by the frame id and runs on.
 */
static void ret_arm(uint16_t caller)
{
	uint32_t pc;

	if (nrfw_vm_return_pc(caller, &pc)) {
		return; /* no wasm caller: the step ends with the run */
	}
	ag.ret_pc = pc;
	if (!nrfw_bp_has(&ag.bps, pc) && pc != ag.rearm_pc) {
		nrfw_vm_bp_insert(pc);
	}
}

/* Whether the active step needs to see every instruction (else it waits for ret_pc). */
static bool step_per_instruction(void)
{
	return ag.step.active && ag.step.kind != NWP_STEP_OUT && ag.ret_pc == NRFW_NO_PC;
}

static void on_bp(const struct nwp_msg *m)
{
	const struct nwp_list *l = &m->u.bp_set.offsets;
	struct nwp_writer *w;
	bool have;

	if (m->type == NWP_MSG_BP_CLEAR) {
		if (l->count == 0) {
			bp_clear_all();
		}
		for (uint16_t i = 0; i < l->count; i++) {
			uint32_t off = nwp_list_u32(l, i);

			cond_remove(off);
			if (nrfw_bp_remove(&ag.bps, off) && ag.loaded && off != ag.rearm_pc &&
			    off != ag.ret_pc) {
				nrfw_vm_bp_remove(off);
			}
		}
		reply_empty(m);
		return;
	}
	/* Without a module no offset is in a function body: each is refused, like an offset
	 * outside code (clearing needs no module: a host tidies up before its first upload). */
	have = scan_module();
	w = msg_begin(NWP_MSG_BP_SET_OK, m->id);
	nwp_put_u16(w, l->count);
	for (uint16_t i = 0; i < l->count; i++) {
		uint32_t off = have ? nrfw_scan_snap(&ag.scan, nwp_list_u32(l, i)) : NRFW_NO_PC;
		int rc = off == NRFW_NO_PC ? -1 : nrfw_bp_add(&ag.bps, off);

		if (rc < 0) {
			off = NWP_BP_REFUSED;
		} else if (rc > 0 && ag.loaded && off != ag.rearm_pc && off != ag.ret_pc) {
			nrfw_vm_bp_insert(off);
		}
		cond_remove(off); /* a plain breakpoint there stops at every hit */
		nwp_put_u32(w, off);
	}
	reply_send(m);
}

/* A breakpoint decided on the device (protocol 1.1, section 3.7). */
static void on_bp_set_cond(const struct nwp_msg *m)
{
	const uint8_t *prog = m->u.bp_set_cond.program.ptr;
	size_t len = m->u.bp_set_cond.program.len;
	uint16_t clen = m->u.bp_set_cond.cond_length;
	bool log = (m->u.bp_set_cond.flags & NWP_BPC_FLAG_LOG) != 0;
	struct bp_cond *c;
	struct nwp_writer *w;
	uint32_t off;
	int rc;

	if ((m->u.bp_set_cond.flags & ~NWP_BPC_FLAG_LOG) || m->u.bp_set_cond.hit_op > NWP_HIT_MOD) {
		fail(m, NWP_ERR_MALFORMED);
		return;
	}
	if (len > NRFW_COND_PROG_MAX || clen > len || (!log && clen != len) ||
	    (clen && nrfw_cond_check(prog, clen, false)) ||
	    (log && nrfw_cond_check(prog + clen, (uint16_t)(len - clen), true))) {
		reply_error(m->type, m->id, NWP_ERR_BAD_PROGRAM, "invalid breakpoint program");
		return;
	}
	off = scan_module() ? nrfw_scan_snap(&ag.scan, m->u.bp_set_cond.offset) : NRFW_NO_PC;
	c = off == NRFW_NO_PC ? NULL : cond_find(off);
	if (off != NRFW_NO_PC && !c) {
		c = cond_find(NRFW_NO_PC);
		if (!c) {
			fail(m, NWP_ERR_TABLE_FULL);
			return;
		}
	}
	rc = off == NRFW_NO_PC ? -1 : nrfw_bp_add(&ag.bps, off);
	if (rc < 0) {
		if (rc < 0 && off != NRFW_NO_PC) {
			fail(m, NWP_ERR_TABLE_FULL);
			return;
		}
		off = NWP_BP_REFUSED;
	} else {
		if (rc > 0 && ag.loaded && off != ag.rearm_pc && off != ag.ret_pc) {
			nrfw_vm_bp_insert(off);
		}
		c->off = off;
		c->hits = 0;
		c->hit_count = m->u.bp_set_cond.hit_count;
		c->flags = m->u.bp_set_cond.flags;
		if (nrfw_cond_reads_memory(prog, (uint16_t)len)) {
			c->flags |= BPC_READS_MEMORY;
		}
		c->hit_op = m->u.bp_set_cond.hit_op;
		c->cond_len = (uint8_t)clen;
		c->log_len = (uint8_t)(len - clen);
		memcpy(c->prog, prog, len);
		nrfw_cond_quick_compile(prog, clen, &c->quick);
	}
	w = msg_begin(NWP_MSG_BP_SET_COND_OK, m->id);
	nwp_put_u32(w, off);
	reply_send(m);
}

static void on_frames(const struct nwp_msg *m)
{
	struct nwp_writer *w = msg_begin(NWP_MSG_FRAMES_OK, m->id);
	uint16_t depth = nrfw_vm_depth();
	uint16_t i, n = 0;
	uint8_t *count;

	nwp_put_u16(w, depth);
	count = nwp_put_reserve(w, 2);
	for (i = m->u.frames.start; i < depth && n < m->u.frames.count; i++, n++) {
		uint32_t func, pc;

		if (nwp_writer_room(w) < 8 || frame_at(i, &func, &pc)) {
			break;
		}
		nwp_put_u32(w, func);
		nwp_put_u32(w, pc);
	}
	if (count) {
		nwp_set_u16(count, n);
	}
	reply_send(m);
}

static bool check_scope(const struct nwp_msg *m, uint8_t scope, uint16_t frame)
{
	if (scope > NWP_SCOPE_GLOBALS) {
		fail(m, NWP_ERR_MALFORMED);
		return false;
	}
	if (scope != NWP_SCOPE_GLOBALS && frame >= nrfw_vm_depth()) {
		fail(m, NWP_ERR_OUT_OF_BOUNDS);
		return false;
	}
	return true;
}

/* values, and valuesUpTo (protocol 1.2): the same answer, at most `max` values. */
static void on_values(const struct nwp_msg *m)
{
	bool up_to = m->type == NWP_MSG_VALUES_UP_TO;
	uint8_t scope = up_to ? m->u.values_up_to.scope : m->u.values.scope;
	uint16_t frame = up_to ? m->u.values_up_to.frame : m->u.values.frame;
	uint16_t start = up_to ? m->u.values_up_to.start : m->u.values.start;
	uint16_t max = up_to ? m->u.values_up_to.max : UINT16_MAX;
	struct nwp_writer *w;
	uint16_t total, i, n = 0;
	uint8_t *count;
	struct nrfw_value v;

	if (!check_scope(m, scope, frame)) {
		return;
	}
	total = nrfw_vm_value_count(scope, frame);
	w = msg_begin(up_to ? NWP_MSG_VALUES_UP_TO_OK : NWP_MSG_VALUES_OK, m->id);
	nwp_put_u16(w, total);
	count = nwp_put_reserve(w, 2);
	for (i = start; i < total && n < max; i++, n++) {
		if (nwp_writer_room(w) < 9 || nrfw_vm_value_get(scope, frame, i, &v)) {
			break;
		}
		put_value(w, &v);
	}
	if (count) {
		nwp_set_u16(count, n);
	}
	reply_send(m);
}

static void on_set_value(const struct nwp_msg *m)
{
	uint8_t scope = m->u.set_value.scope;
	uint16_t frame = m->u.set_value.frame, index = m->u.set_value.index;
	const struct nwp_value *nv = &m->u.set_value.value;
	struct nrfw_value cur, v;

	if (!check_scope(m, scope, frame)) {
		return;
	}
	if (nrfw_vm_value_get(scope, frame, index, &cur)) {
		fail(m, NWP_ERR_OUT_OF_BOUNDS);
		return;
	}
	if (cur.type != nv->tag) {
		fail(m, NWP_ERR_MALFORMED);
		return;
	}
	v.type = nv->tag;
	v.bits = (nv->tag == NWP_VAL_I64 || nv->tag == NWP_VAL_F64) ? (uint64_t)nv->i64
								    : (uint32_t)nv->i32;
	if (nrfw_vm_value_set(scope, frame, index, &v)) {
		fail(m, NWP_ERR_UNSUPPORTED);
		return;
	}
	reply_empty(m);
}

static void on_memory(const struct nwp_msg *m)
{
	uint8_t *base;
	uint32_t size;
	uint32_t addr = m->type == NWP_MSG_MEM_READ ? m->u.mem_read.address
						    : m->u.mem_write.address;

	nrfw_vm_memory(&base, &size);
	if (!base || addr > size) {
		fail(m, NWP_ERR_OUT_OF_BOUNDS);
		return;
	}
	if (m->type == NWP_MSG_MEM_READ) {
		struct nwp_writer *w = msg_begin(NWP_MSG_MEM_READ_OK, m->id);
		size_t n = m->u.mem_read.length;

		nwp_put_u32(w, addr);
		nwp_put_u32(w, size);
		if (n > size - addr) {
			n = size - addr;
		}
		if (n > nwp_writer_room(w)) {
			n = nwp_writer_room(w);
		}
		nwp_put_bytes(w, base + addr, n);
		reply_send(m);
		return;
	}
	if (m->u.mem_write.data.len > size - addr) {
		fail(m, NWP_ERR_OUT_OF_BOUNDS);
		return;
	}
	memcpy(base + addr, m->u.mem_write.data.ptr, m->u.mem_write.data.len);
	reply_empty(m);
}

static bool any_data_bp(void)
{
	for (int i = 0; i < NRFW_DATA_BP_MAX; i++) {
		if (ag.dbp[i].len) {
			return true;
		}
	}
	return false;
}

static void on_data_bp(const struct nwp_msg *m)
{
	if (m->type == NWP_MSG_DATA_BP_CLEAR) {
		uint8_t id = m->u.data_bp_clear.watch_id;

		if (id == 0xff) {
			memset(ag.dbp, 0, sizeof(ag.dbp));
		} else if (id < NRFW_DATA_BP_MAX) {
			ag.dbp[id].len = 0;
		}
		nrfw_vm_watch(ag.dbp, NRFW_DATA_BP_MAX);
		reply_empty(m);
		return;
	}
	uint8_t len = m->u.data_bp_set.length, access = m->u.data_bp_set.access;

	if ((len != 1 && len != 2 && len != 4 && len != 8) || access < NWP_ACCESS_WRITE ||
	    access > NWP_ACCESS_READ_WRITE) {
		fail(m, NWP_ERR_MALFORMED);
		return;
	}
	for (uint8_t i = 0; i < NRFW_DATA_BP_MAX; i++) {
		if (!ag.dbp[i].len) {
			struct nwp_writer *w;

			ag.dbp[i].addr = m->u.data_bp_set.address;
			ag.dbp[i].len = len;
			ag.dbp[i].access = access;
			/* Only memory accesses that touch a watched range reach the hook. */
			nrfw_vm_watch(ag.dbp, NRFW_DATA_BP_MAX);
			w = msg_begin(NWP_MSG_DATA_BP_SET_OK, m->id);
			nwp_put_u8(w, i);
			msg_send();
			return;
		}
	}
	fail(m, NWP_ERR_TABLE_FULL);
}

/* bondList / bondErase: the platform's Bluetooth bonds (wired links only: auth.h). */
static void on_bonds(const struct nwp_msg *m)
{
#if NRFW_BONDS
	struct nwp_writer *w;
	int n;

	if (m->type == NWP_MSG_BOND_LIST) {
		uint8_t (*slot)[NRFW_BOND_ADDR_LEN];
		int room;

		w = msg_begin(NWP_MSG_BOND_LIST_OK, m->id);
		room = (int)(nwp_writer_room(w) / NRFW_BOND_ADDR_LEN);
		/* Written in place: the reply buffer holds them, no copy on the stack. */
		slot = (uint8_t (*)[NRFW_BOND_ADDR_LEN])nwp_put_reserve(w, 0);
		if (!slot) {
			room = 0;
		}
		n = nrfw_plat_bonds(slot, room);
		n = n < room ? n : room;
		nwp_put_reserve(w, (size_t)n * NRFW_BOND_ADDR_LEN);
		reply_send(m);
		return;
	}
	if (m->u.bond_erase.bond.len != 0 && m->u.bond_erase.bond.len != NRFW_BOND_ADDR_LEN) {
		fail(m, NWP_ERR_MALFORMED);
		return;
	}
	n = nrfw_plat_bond_erase(m->u.bond_erase.bond.len ? m->u.bond_erase.bond.ptr : NULL);
	if (n < 0) {
		fail(m, NWP_ERR_STORAGE);
	} else if (n == 0 && m->u.bond_erase.bond.len) {
		reply_error(m->type, m->id, NWP_ERR_NO_SUCH_BOND, "no such bond");
	} else {
		w = msg_begin(NWP_MSG_BOND_ERASE_OK, m->id);
		nwp_put_u8(w, (uint8_t)(n > 255 ? 255 : n));
		msg_send();
	}
#else
	fail(m, NWP_ERR_UNSUPPORTED); /* no Bluetooth LE: no bonds (protocol.md) */
#endif
}

/* Whether a request is served in the current state; answers invalidState if not. */
static bool state_allows(const struct nwp_msg *m)
{
	bool ok;

	switch (m->type) {
	case NWP_MSG_CONTINUE:
	case NWP_MSG_STEP:
	case NWP_MSG_FRAMES:
	case NWP_MSG_VALUES:
	case NWP_MSG_VALUES_UP_TO:
	case NWP_MSG_SET_VALUE:
		ok = ag.state == NWP_STATE_PAUSED;
		break;
	case NWP_MSG_MEM_READ:
	case NWP_MSG_MEM_WRITE:
		ok = ag.state != NWP_STATE_IDLE && ag.loaded;
		break;
	case NWP_MSG_PAUSE:
		ok = ag.state == NWP_STATE_RUNNING;
		break;
	case NWP_MSG_STOP:
		ok = ag.state != NWP_STATE_IDLE;
		break;
	default:
		ok = true;
	}
	if (!ok) {
		fail(m, NWP_ERR_INVALID_STATE);
	}
	return ok;
}

/* Handles request `m` that came as ag.req says: judged by that link and the security its own
 * bytes arrived at (auth.h), answered on that link. */
static void handle(const struct nwp_msg *m)
{
	struct nwp_writer *w;
	int rc;

	if (!nrfw_links_hello_done(ag.req.link) && m->type != NWP_MSG_HELLO) {
		fail(m, NWP_ERR_NO_HANDSHAKE);
		return;
	}
	if (!nrfw_auth_allows(m->type, ag.req.link, ag.req.sec)) {
		fail(m, NWP_ERR_NOT_AUTHORIZED);
		return;
	}
	if (nrfw_auth_needs_session(m->type) && nrfw_links_session() != ag.req.link) {
		/* Another link took the session since this one said hello: hello again. */
		fail(m, NWP_ERR_NO_HANDSHAKE);
		return;
	}
	if (!state_allows(m)) {
		return;
	}
	switch (m->type) {
	case NWP_MSG_HELLO:
		on_hello(m);
		break;
	case NWP_MSG_UPLOAD_BEGIN:
	case NWP_MSG_UPLOAD_CHUNK:
	case NWP_MSG_UPLOAD_COMMIT:
	case NWP_MSG_UPLOAD_ABORT:
		on_upload(m);
		break;
	case NWP_MSG_RUN:
		on_run(m);
		break;
	case NWP_MSG_STOP:
		ag.stop_requested = true;
		ag.state = NWP_STATE_RUNNING; /* leaves a paused loop; exited follows */
		reply_empty(m);
		break;
	case NWP_MSG_RESET:
		reply_empty(m);
		nrfw_plat_reset();
		break;
	case NWP_MSG_OPTIONS:
		ag.options = m->u.options.flags;
		reply_empty(m);
		break;
	case NWP_MSG_BP_SET:
	case NWP_MSG_BP_CLEAR:
		on_bp(m);
		break;
	case NWP_MSG_BP_SET_COND:
		on_bp_set_cond(m);
		break;
	case NWP_MSG_CONTINUE:
		ag.step.active = false;
		resume();
		reply_empty(m);
		break;
	case NWP_MSG_PAUSE:
		if (ag.state == NWP_STATE_RUNNING) {
			ag.pause_requested = true;
			nrfw_vm_attention(true);
		}
		reply_empty(m);
		break;
	case NWP_MSG_STEP:
		rc = nrfw_step_begin(&ag.step, m->u.step.kind, m->u.step.ranges.ptr,
				     m->u.step.ranges.count, ag.frame);
		if (rc) {
			fail(m, rc == NRFW_STEP_TOO_MANY ? NWP_ERR_TABLE_FULL : NWP_ERR_MALFORMED);
			break;
		}
		if (m->u.step.kind == NWP_STEP_OUT) {
			ret_arm(1);
		}
		resume();
		reply_empty(m);
		break;
	case NWP_MSG_FRAMES:
		on_frames(m);
		break;
	case NWP_MSG_VALUES:
	case NWP_MSG_VALUES_UP_TO:
		on_values(m);
		break;
	case NWP_MSG_SET_VALUE:
		on_set_value(m);
		break;
	case NWP_MSG_MEM_READ:
	case NWP_MSG_MEM_WRITE:
		on_memory(m);
		break;
	case NWP_MSG_DATA_BP_SET:
	case NWP_MSG_DATA_BP_CLEAR:
		on_data_bp(m);
		break;
	case NWP_MSG_INPUT:
		if (m->u.input.button >= 8) {
			fail(m, NWP_ERR_OUT_OF_BOUNDS);
			break;
		}
		if (m->u.input.pressed) {
			ag.buttons_input |= (uint8_t)(1u << m->u.input.button);
		} else {
			ag.buttons_input &= (uint8_t)~(1u << m->u.input.button);
		}
		reply_empty(m);
		break;
	case NWP_MSG_BOND_LIST:
	case NWP_MSG_BOND_ERASE:
		on_bonds(m);
		break;
	case NWP_MSG_PING:
		w = msg_begin(NWP_MSG_PING_OK, m->id);
		nwp_put_bytes(w, m->u.ping.data.ptr, m->u.ping.data.len);
		reply_send(m);
		break;
	default:
		/* A response or event type sent to us: known to the codec, not a request. */
		fail(m, NWP_ERR_UNKNOWN_TYPE);
		break;
	}
}

/* Received bytes held back by serve() after a request that settles the state. */
static bool rx_pending(void)
{
	return nrfw_links_pending();
}

/* Requests that change what runs: after one, stop reading so that the next request is judged
 * in the state it leads to (e.g. `pause` right after `run`). */
static bool settles(uint8_t type)
{
	return type == NWP_MSG_RUN || type == NWP_MSG_CONTINUE || type == NWP_MSG_STEP ||
	       type == NWP_MSG_STOP;
}

/*
 * Serves what has been received. Returns true if any byte was consumed. Stops early after a
 * request that changes the run state, leaving the rest queued for the caller's next round.
 */
static bool serve(void)
{
	bool any = false;
	struct nwp_msg m;

	for (;;) {
		struct nrfw_link_in in;
		bool used;
		int rc = nrfw_links_next(&m, &in, &used);

		any = any || used;
		if (rc == NWP_READ_MORE) {
			return any;
		}
		ag.req = in;
		if (rc == NWP_READ_MSG) {
			handle(&m);
			ag.req.link = NRFW_LINK_NONE;
			if (settles(m.type)) {
				return true;
			}
		} else if (rc == -NWP_RX_UNKNOWN_TYPE || rc == -NWP_RX_MALFORMED) {
			if (nrfw_links_hello_done(in.link) || m.type == NWP_MSG_HELLO) {
				reply_error(m.type, m.id,
					    rc == -NWP_RX_UNKNOWN_TYPE ? NWP_ERR_UNKNOWN_TYPE
								       : NWP_ERR_MALFORMED,
					    NULL);
			} else {
				reply_error(m.type, m.id, NWP_ERR_NO_HANDSHAKE, NULL);
			}
		} else if (rc < 0) {
			/* About that link's bytes: told to that link. */
			struct nwp_writer *w = begin_on(in.link, in.gen, NWP_MSG_LINK_ERROR,
							ag.event_seq++);

			ag.link_errors++;
			nwp_put_u8(w, (uint8_t)-rc);
			nwp_put_u16(w, ag.link_errors);
			msg_send();
		}
		ag.req.link = NRFW_LINK_NONE;
	}
}

/* Waits in the paused state until continue, step, stop or run. */
static void paused_loop(void)
{
	ag.state = NWP_STATE_PAUSED;
	ag.resumed = false;
	while (ag.state == NWP_STATE_PAUSED) {
		if (serve()) {
			continue;
		}
		if (!rx_pending() && !nrfw_plat_rx_wait(UINT32_MAX)) {
			ag.stop_requested = true; /* shutting down: end the run */
			ag.state = NWP_STATE_RUNNING;
		}
	}
	ag.trap_paused = false;
}

static void stop_here(uint8_t reason, uint32_t hit, uintptr_t frame)
{
	ret_clear();
	ag.pause_requested = false;
	ag.entry_stop_due = false;
	ag.step.active = false;
	ag.frame = frame;
	send_stopped(reason, hit);
	paused_loop();
}

/* ---- VM callbacks ------------------------------------------------------------------------- */

void nrfw_agent_rx_notify(void)
{
	/* While a module runs, the hook is the only place the agent gets to read the link. */
	nrfw_vm_attention(true);
}

void nrfw_agent_loaded(void)
{
	ag.loaded = true;
	for (uint16_t i = 0; i < ag.bps.count; i++) {
		nrfw_vm_bp_insert(ag.bps.off[i]);
	}
}

static uint32_t stack_cell(uint8_t from_top)
{
	uint16_t n = nrfw_vm_value_count(NWP_SCOPE_OPERAND_STACK, 0);
	struct nrfw_value v = { 0 };

	if (from_top < n) {
		nrfw_vm_value_get(NWP_SCOPE_OPERAND_STACK, 0, (uint16_t)(n - 1 - from_top), &v);
	}
	return (uint32_t)v.bits;
}

/* Data breakpoints: does the instruction at pc touch a watched range? Returns the address. */
static bool data_bp_hit(uint32_t pc, uint32_t *hit)
{
	struct nrfw_mem_access a;

	if (!any_data_bp() || nrfw_scan_mem_access(&ag.scan, pc, &a) || !a.kind) {
		return false;
	}
	for (int side = 0; side < 2; side++) {
		uint8_t kind = side ? NWP_ACCESS_READ : a.kind;
		uint8_t slot = side ? a.src_slot : a.addr_slot;
		uint64_t lo, len;

		if (slot == 0xff) {
			continue;
		}
		lo = (uint64_t)stack_cell(slot) + a.offset;
		len = a.size ? a.size : stack_cell(a.len_slot);
		for (int i = 0; i < NRFW_DATA_BP_MAX; i++) {
			const struct nrfw_vm_watch *d = &ag.dbp[i];

			if (d->len && (d->access & kind) && len && lo < (uint64_t)d->addr + d->len &&
			    d->addr < lo + len) {
				*hit = lo > d->addr ? (uint32_t)lo : d->addr;
				return true;
			}
		}
	}
	return false;
}

static bool need_attention(void)
{
	return step_per_instruction() || ag.pause_requested || ag.entry_stop_due ||
	       ag.rearm_pc != NRFW_NO_PC || rx_pending();
}

/* A breakpoint opcode is patched at pc: the user's or the step's return breakpoint. */
static bool patched_at(uint32_t pc)
{
	return pc == ag.ret_pc || nrfw_bp_has(&ag.bps, pc);
}

/* ---- breakpoint programs ------------------------------------------------------------------ */

static int env_value(uint8_t scope, uint16_t index, uint8_t *type, uint64_t *bits)
{
	struct nrfw_value v;

	if (nrfw_vm_value_get(scope, 0, index, &v)) {
		return -1;
	}
	*type = v.type;
	*bits = v.bits;
	return 0;
}

static int env_global(void *ctx, uint16_t index, uint8_t *type, uint64_t *bits)
{
	(void)ctx;
	return env_value(NWP_SCOPE_GLOBALS, index, type, bits);
}

static void send_log_hit(uint32_t off, const struct nrfw_cond_val *v, uint8_t n)
{
	struct nwp_writer *w = event_begin(NWP_MSG_LOG_HIT);

	nwp_put_u32(w, off);
	nwp_put_u16(w, n);
	for (uint8_t i = 0; i < n; i++) {
		struct nwp_value nv;

		memset(&nv, 0, sizeof(nv));
		nv.tag = v[i].is_f ? NWP_VAL_F64 : NWP_VAL_I64;
		if (v[i].is_f) {
			memcpy(&nv.f64_bits, &v[i].d, 8);
		} else {
			nv.i64 = v[i].i;
		}
		nwp_put_value(w, &nv);
	}
	msg_send();
}

enum { BP_STOP, BP_RUN_ON };

/* What reaching the breakpoint at pc means: plain ones stop; a decided one evaluates its
 * condition, counts the hit, checks the hit condition and logs or stops. */
static int bp_decide(uint32_t pc)
{
	struct bp_cond *c = cond_find(pc);
	struct nrfw_cond_env env = { nrfw_vm_local0, env_global, NULL, NULL, 0 };
	struct nrfw_cond_val out[NRFW_COND_EMIT_MAX];
	uint8_t n;

	if (!c) {
		return BP_STOP;
	}
	if (c->flags & BPC_READS_MEMORY) {
		nrfw_vm_memory((uint8_t **)&env.mem, &env.mem_size);
	}
	if (c->quick.op) {
		/* the usual `local[N] > K`: no stack machine */
		int t = nrfw_cond_quick_run(&c->quick, &env);

		if (t < 0) {
			ag.stop_flags = NWP_STOP_FLAG_CONDITION_ERROR;
			return BP_STOP;
		}
		if (!t) {
			ag.quick_bp = c; /* its next reach takes the short way (nrfw_agent_hook) */
			return BP_RUN_ON;
		}
	} else if (c->cond_len) {
		if (nrfw_cond_run(c->prog, c->cond_len, &env, out, &n)) {
			ag.stop_flags = NWP_STOP_FLAG_CONDITION_ERROR;
			return BP_STOP;
		}
		if (!n || !nrfw_cond_true(&out[0])) {
			return BP_RUN_ON;
		}
	}
	c->hits++;
	if (!nrfw_cond_hit_met(c->hit_op, c->hits, c->hit_count)) {
		return BP_RUN_ON;
	}
	if (!(c->flags & NWP_BPC_FLAG_LOG)) {
		return BP_STOP;
	}
	if (nrfw_cond_run(c->prog + c->cond_len, c->log_len, &env, out, &n)) {
		ag.stop_flags = NWP_STOP_FLAG_CONDITION_ERROR;
		return BP_STOP;
	}
	send_log_hit(pc, out, n);
	return BP_RUN_ON;
}

/* Nothing but the breakpoint at pc asks for the agent: it may run on without serving. */
static bool quiet_at(uint32_t pc)
{
	return ag.rearm_pc == NRFW_NO_PC && !ag.step.active && !ag.pause_requested &&
	       !ag.entry_stop_due && !ag.stop_requested && pc != ag.ret_pc && !rx_pending() &&
	       !any_data_bp();
}

static int hook_full(uint32_t pc, uintptr_t frame);

int nrfw_agent_hook(uint32_t pc, uintptr_t frame)
{
	struct bp_cond *q = ag.quick_bp;

	if (q && q->off == pc && q->quick.op && quiet_at(pc)) {
		/* The breakpoint whose usual-shaped condition was false last time (a loop): its
		 * condition again, straight. False has no effect (no hit counted), so run on. */
		static const struct nrfw_cond_env env = { nrfw_vm_local0, env_global, NULL, NULL, 0 };

		if (nrfw_cond_quick_run(&q->quick, &env) == 0) {
			return NRFW_HOOK_RUN_UNDER_BREAK;
		}
	}
	return hook_full(pc, frame);
}

/* Out of line: the short way above stays a small function (no big prologue per hit). */
NRFW_NOINLINE static int hook_full(uint32_t pc, uintptr_t frame)
{
	uint32_t hit = 0;
	int decided = -1; /* bp_decide() runs once per reach: it counts the hit */

	if (quiet_at(pc) && nrfw_bp_has(&ag.bps, pc) && (decided = bp_decide(pc)) == BP_RUN_ON) {
		/* A decided breakpoint that runs on, with nothing else to do: the VM runs the
		 * instruction under the breakpoint opcode, no lift, no second hook. */
		return NRFW_HOOK_RUN_UNDER_BREAK;
	}

	if (ag.rearm_pc != NRFW_NO_PC) {
		/* We ran the instruction under a breakpoint without its opcode: put it back. */
		if (patched_at(ag.rearm_pc)) {
			nrfw_vm_bp_insert(ag.rearm_pc);
		}
		ag.rearm_pc = NRFW_NO_PC;
	}
	if (pc == ag.ret_pc && ag.step.active &&
	    (frame < ag.step.frame || (frame == ag.step.frame && ag.step.kind != NWP_STEP_OUT))) {
		/* The frame we wait for resumed (over: the stepping frame, out: its caller); a
		 * deeper frame returning to the same offset is recursion: run on. */
		ret_clear();
	}
	serve();
	if (!ag.stop_requested) {
		if (nrfw_bp_has(&ag.bps, pc) &&
		    (decided >= 0 ? decided : bp_decide(pc)) == BP_STOP) {
			stop_here(NWP_STOP_BREAKPOINT, pc, frame);
		} else if (data_bp_hit(pc, &hit)) {
			stop_here(NWP_STOP_DATA_BREAKPOINT, hit, frame);
		} else if (ag.entry_stop_due && nrfw_scan_is_instr(&ag.scan, pc)) {
			/* not on a block/loop: the first place a device stops (protocol 3.5) */
			stop_here(NWP_STOP_ENTRY, 0, frame);
		} else if (ag.pause_requested && nrfw_scan_is_instr(&ag.scan, pc)) {
			stop_here(NWP_STOP_PAUSE, 0, frame);
		} else if (nrfw_step_decide(&ag.step, pc, frame) &&
			   nrfw_scan_is_instr(&ag.scan, pc)) {
			/* The VM may report bytes a runtime inserted (WAMR pads rewritten code
			 * with nops): stop only where the module has an instruction. */
			stop_here(NWP_STOP_STEP, 0, frame);
		} else if (ag.step.active && ag.step.kind == NWP_STEP_OVER &&
			   ag.ret_pc == NRFW_NO_PC && frame > ag.step.frame) {
			/* Stepping over a call: this is the callee's first instruction. */
			ret_arm(1);
		}
	}
	if (ag.stop_requested) {
		return -1;
	}
	if (patched_at(pc)) {
		/* The VM runs the byte that is at pc now: lift the breakpoint opcode for one
		 * instruction (handlers re-read their opcode) and put it back at the next. */
		nrfw_vm_bp_remove(pc);
		ag.rearm_pc = pc;
	}
	/* Disarm if nothing needs us, then look at the link once more: bytes that arrived before
	 * the disarm were queued before their notify re-armed, so none is left unseen. */
	do {
		nrfw_vm_attention(need_attention());
	} while (serve() && !ag.stop_requested);
	return ag.stop_requested ? -1 : 0;
}

void nrfw_agent_trap(const char *message)
{
	struct nwp_writer *w;
	uint32_t func = 0, pc = 0;

	if (ag.stop_requested) {
		return; /* our own termination, not the module's fault */
	}
	ag.trapped = true;
	frame_at(0, &func, &pc);
	/* Its operands were popped before it trapped: show them, as a stop before it would. */
	nrfw_vm_trap_operands(nrfw_scan_trap_cells(&ag.scan, pc));
	w = event_begin(NWP_MSG_TRAP);
	nwp_put_u32(w, func);
	nwp_put_u32(w, pc);
	nwp_put_str(w, message, strlen(message));
	msg_send();
	if (ag.options & NWP_OPTION_STOP_ON_TRAP) {
		ag.trap_paused = true;
		stop_here(NWP_STOP_TRAP, 0, 0);
	}
}

/* ---- natives ------------------------------------------------------------------------------ */

void nrfw_agent_log(const char *text, size_t len, uint8_t level)
{
	send_output(NWP_OUTPUT_SOURCE_APP, level, text, len);
}

void nrfw_agent_led_set(uint8_t led, bool on)
{
	struct nwp_writer *w;

	nrfw_plat_led_set(led, on);
	w = event_begin(NWP_MSG_LED);
	nwp_put_u8(w, led);
	nwp_put_u8(w, on ? 1 : 0);
	msg_send();
}

bool nrfw_agent_button_get(uint8_t button)
{
	return (button < 8 && (ag.buttons_input & (1u << button))) || nrfw_plat_button_get(button);
}

bool nrfw_agent_sleep(uint32_t ms)
{
	uint32_t start = nrfw_plat_uptime_ms();

	for (;;) {
		uint32_t spent = nrfw_plat_uptime_ms() - start;

		if (spent >= ms) {
			return true;
		}
		if (!rx_pending() && !nrfw_plat_rx_wait(ms - spent)) {
			ag.stop_requested = true;
			return false;
		}
		while (serve() && !ag.stop_requested && !ag.pause_requested) {
		}
		if (ag.stop_requested) {
			return false;
		}
		if (ag.pause_requested) {
			return true; /* the pause lands on the next instruction */
		}
	}
}

/* ---- main loop ---------------------------------------------------------------------------- */

static void send_exited(uint8_t reason, int32_t code)
{
	struct nwp_writer *w = event_begin(NWP_MSG_EXITED);

	nwp_put_u8(w, reason);
	nwp_put_i32(w, code);
	msg_send();
}

static void run_module(void)
{
	struct nrfw_vm_result res;
	uint8_t reason;

	ag.run_pending = false;
	if (ag.run_reply_due) {
		ag.run_reply_due = false;
		begin_on(ag.run_req.link, ag.run_req.gen, NWP_MSG_RUN_OK, ag.run_id);
		msg_send();
	}
	if (!nrfw_store_active(&ag.store, &ag.module) || nrfw_scan_init(&ag.scan, &ag.module)) {
		send_exited(NWP_EXIT_TRAP, 0);
		return;
	}
	ag.store.pinned = ag.module.slot;
	ag.state = NWP_STATE_RUNNING;
	ag.stop_requested = false;
	ag.pause_requested = false;
	ag.trapped = false;
	ag.trap_paused = false;
	ag.trap_resumed = false;
	ag.step.active = false;
	ag.rearm_pc = NRFW_NO_PC;
	ag.ret_pc = NRFW_NO_PC;
	ag.entry_stop_due = (ag.run_flags & NWP_RUN_STOP_ON_ENTRY) != 0;
	/* Armed for the first instruction: requests queued behind `run` are served there. */
	nrfw_vm_attention(true);
	memset(&res, 0, sizeof(res));
	nrfw_vm_run(&ag.module, ag.entry, ag.entry_len, &res);
	nrfw_vm_attention(false);
	ag.loaded = false;
	ag.state = NWP_STATE_IDLE;
	ag.step.active = false;
	ag.ret_pc = NRFW_NO_PC;
	ag.store.pinned = NRFW_SLOT_NONE;
	switch (res.end) {
	case NRFW_VM_RETURNED:
		reason = NWP_EXIT_RETURNED;
		break;
	case NRFW_VM_EXIT:
		reason = NWP_EXIT_EXIT;
		break;
	case NRFW_VM_STOPPED:
	case NRFW_VM_TRAP:
		/* Left a trap stop with `stop`: stopped, as requested (protocol 3.4); with
		 * `continue`, `step` or a restarting `run`: the run's end was its trap. */
		reason = ag.stop_requested && !(ag.trapped && (ag.run_pending || ag.trap_resumed))
				 ? NWP_EXIT_STOPPED
				 : NWP_EXIT_TRAP;
		if (res.end == NRFW_VM_STOPPED) {
			break;
		}
		if (!ag.trapped && !ag.stop_requested) {
			/* A trap the VM could not report from inside (e.g. in instantiation). */
			struct nwp_writer *w = event_begin(NWP_MSG_TRAP);

			nwp_put_u32(w, NWP_NULL_REF);
			nwp_put_u32(w, NWP_NULL_REF);
			nwp_put_str(w, res.message, strlen(res.message));
			msg_send();
		}
		break;
	default: /* no export, load failure: tell the user why */
		send_output(NWP_OUTPUT_SOURCE_DEVICE, NWP_OUTPUT_LEVEL_ERROR, res.message,
			    strlen(res.message));
		reason = NWP_EXIT_TRAP;
		break;
	}
	send_exited(reason, res.code);
}

int nrfw_agent_init(void)
{
	struct nrfw_device_info di;
	struct nwp_writer *w;
	int rc;

	memset(&ag, 0, sizeof(ag));
	ag.req.link = NRFW_LINK_NONE;
	ag.rearm_pc = NRFW_NO_PC;
	ag.ret_pc = NRFW_NO_PC;
	for (int i = 0; i < NRFW_COND_MAX; i++) {
		ag.conds[i].off = NRFW_NO_PC;
	}
	ag.store.pinned = NRFW_SLOT_NONE;
	nrfw_links_init();
	rc = nrfw_store_init(&ag.store);
	nrfw_plat_device_info(&di);
	w = event_begin(NWP_MSG_DEVICE_RESET);
	nwp_put_u8(w, di.reset_cause);
	msg_send();
	return rc;
}

void nrfw_agent_main(bool autorun)
{
	if (autorun && ag.store.active != NRFW_SLOT_NONE) {
		ag.run_pending = true;
		ag.entry_len = 0;
		ag.run_flags = 0;
	}
	for (;;) {
		while (!ag.run_pending && serve()) {
		}
		if (ag.run_pending) {
			run_module();
			continue;
		}
		if (!rx_pending() && !nrfw_plat_rx_wait(UINT32_MAX)) {
			return;
		}
	}
}
