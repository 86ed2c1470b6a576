/*
 * Per-link receive queues, decoders and sessions (nrf_wasm/link.h, links.h).
 *
 * A queue is a single-producer single-consumer ring of records [len][sec][gen][bytes]: the
 * security a chunk arrived at travels with it, so a frame is judged by the security of its own
 * bytes, not by the link's state when the agent gets to it. `gen` counts the link's peers; the
 * producer bumps it on connect and the consumer drops records of an earlier peer and forgets
 * that link's session when it sees the change.
 */
#include <string.h>

#include "nrf_wasm/agent.h"
#include "nrf_wasm/platform.h"
#include "links.h"

_Static_assert((NRFW_LINK_RX_SIZE & (NRFW_LINK_RX_SIZE - 1)) == 0 && NRFW_LINK_RX_SIZE >= 512,
	       "NRFW_LINK_RX_SIZE must be a power of two >= 512");
_Static_assert(NRFW_LINK_COUNT >= 1 && NRFW_LINK_COUNT < NRFW_LINK_NONE, "NRFW_LINK_COUNT");

#define REC_HDR 3u
#define REC_MAX 255u
/* Identity of the "lowest security" fold: level 15, bonded. */
#define SEC_TOP (NRFW_SEC_LEVEL_MASK | NRFW_SEC_BONDED)

struct link {
	/* queue: head written by the producer, tail by the consumer (free-running) */
	uint8_t ring[NRFW_LINK_RX_SIZE];
	uint32_t head, tail;
	uint32_t gen;  /* producer: peers so far */
	uint32_t seen; /* consumer: the peer the state below belongs to */

	/* the record being decoded */
	uint8_t chunk[REC_MAX];
	uint8_t pos, len, chunk_sec;
	uint8_t frame_sec; /* fold of the current frame's bytes */

	struct nwp_reader rd;
	uint8_t frame[NWP_READER_BUF_SIZE(NRFW_MAX_FRAME)];
	uint16_t peer_max;
	bool hello_done;
};

static struct link links[NRFW_LINK_COUNT];
static uint8_t session = NRFW_LINK_NONE;
static uint8_t next_link; /* round robin */

static uint32_t load(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static uint8_t sec_fold(uint8_t a, uint8_t b)
{
	uint8_t la = a & NRFW_SEC_LEVEL_MASK, lb = b & NRFW_SEC_LEVEL_MASK;

	return (uint8_t)((la < lb ? la : lb) | (a & b & NRFW_SEC_BONDED));
}

/* ---- producer ------------------------------------------------------------------------------ */

size_t nrfw_link_rx(uint8_t link, const uint8_t *data, size_t len, uint8_t sec)
{
	struct link *l;
	size_t done = 0;
	uint8_t gen;

	if (link >= NRFW_LINK_COUNT) {
		return 0;
	}
	l = &links[link];
	gen = (uint8_t)load(&l->gen);
	while (done < len) {
		uint32_t head = l->head, tail = load(&l->tail);
		uint32_t room = NRFW_LINK_RX_SIZE - (head - tail);
		size_t n = len - done;

		if (n > REC_MAX) {
			n = REC_MAX;
		}
		if (room < REC_HDR + 1) {
			break;
		}
		if (n > room - REC_HDR) {
			n = room - REC_HDR;
		}
		l->ring[head++ & (NRFW_LINK_RX_SIZE - 1)] = (uint8_t)n;
		l->ring[head++ & (NRFW_LINK_RX_SIZE - 1)] = sec;
		l->ring[head++ & (NRFW_LINK_RX_SIZE - 1)] = gen;
		for (size_t i = 0; i < n; i++) {
			l->ring[head++ & (NRFW_LINK_RX_SIZE - 1)] = data[done + i];
		}
		store(&l->head, head);
		done += n;
	}
	if (done) {
		nrfw_agent_rx_notify();
	}
	return done;
}

void nrfw_link_connected(uint8_t link)
{
	if (link < NRFW_LINK_COUNT) {
		__atomic_add_fetch(&links[link].gen, 1, __ATOMIC_ACQ_REL);
	}
}

uint32_t nrfw_link_retry_ms(uint32_t failures)
{
	uint32_t ms = NRFW_LINK_RETRY_MIN_MS;

	if (failures == 0) {
		return 0;
	}
	while (--failures && ms < NRFW_LINK_RETRY_MAX_MS) {
		ms *= 2;
	}
	return ms < NRFW_LINK_RETRY_MAX_MS ? ms : NRFW_LINK_RETRY_MAX_MS;
}

bool nrfw_link_rx_any(void)
{
	for (int i = 0; i < NRFW_LINK_COUNT; i++) {
		if (load(&links[i].head) != load(&links[i].tail)) {
			return true;
		}
	}
	return false;
}

/* ---- consumer ------------------------------------------------------------------------------ */

static void session_reset(struct link *l, uint32_t gen)
{
	uint8_t id = (uint8_t)(l - links);

	l->seen = gen;
	l->pos = l->len = 0;
	l->frame_sec = SEC_TOP;
	l->hello_done = false;
	l->peer_max = NWP_MIN_MAX_FRAME;
	nwp_reader_init(&l->rd, l->frame, sizeof(l->frame), NWP_MIN_MAX_FRAME);
	if (session == id) {
		session = NRFW_LINK_NONE;
	}
}

/* Notices a new peer on `l` (before anything of it is read or sent to). */
static void sync(struct link *l)
{
	uint32_t gen = load(&l->gen);

	if (gen != l->seen) {
		session_reset(l, gen);
	}
}

void nrfw_links_init(void)
{
	session = NRFW_LINK_NONE;
	next_link = 0;
	for (int i = 0; i < NRFW_LINK_COUNT; i++) {
		struct link *l = &links[i];

		/* The queues belong to the producers: empty them by moving the tail. */
		store(&l->tail, load(&l->head));
		session_reset(l, load(&l->gen));
	}
}

/* Takes the next record of the current peer into l->chunk. false: queue empty. */
static bool take_record(struct link *l)
{
	for (;;) {
		uint32_t tail = l->tail, head = load(&l->head);
		uint8_t n, sec, gen;

		if (tail == head) {
			return false;
		}
		n = l->ring[tail++ & (NRFW_LINK_RX_SIZE - 1)];
		sec = l->ring[tail++ & (NRFW_LINK_RX_SIZE - 1)];
		gen = l->ring[tail++ & (NRFW_LINK_RX_SIZE - 1)];
		for (uint8_t i = 0; i < n; i++) {
			l->chunk[i] = l->ring[tail++ & (NRFW_LINK_RX_SIZE - 1)];
		}
		store(&l->tail, tail);
		if (gen != (uint8_t)l->seen) {
			sync(l); /* written after a connect we have not seen yet? */
		}
		if (gen == (uint8_t)l->seen) {
			l->pos = 0;
			l->len = n;
			l->chunk_sec = sec;
			return true;
		}
		/* bytes of an earlier peer: gone with it */
	}
}

int nrfw_links_next(struct nwp_msg *m, struct nrfw_link_in *in, bool *consumed)
{
	*consumed = false;
	for (int tried = 0; tried < NRFW_LINK_COUNT;) {
		struct link *l = &links[next_link];
		size_t used;
		int rc;

		sync(l);
		if (l->pos == l->len && !take_record(l)) {
			next_link = (uint8_t)((next_link + 1) % NRFW_LINK_COUNT);
			tried++;
			continue;
		}
		*consumed = true;
		l->frame_sec = sec_fold(l->frame_sec, l->chunk_sec);
		rc = nwp_reader_feed(&l->rd, l->chunk + l->pos, l->len - l->pos, &used, m);
		l->pos = (uint8_t)(l->pos + used);
		if (rc != NWP_READ_MORE) {
			in->link = next_link;
			in->sec = l->frame_sec;
			in->gen = l->seen;
			l->frame_sec = SEC_TOP;
			/* One frame per turn: a busy link does not starve the other. */
			next_link = (uint8_t)((next_link + 1) % NRFW_LINK_COUNT);
			return rc;
		}
	}
	return NWP_READ_MORE;
}

bool nrfw_links_pending(void)
{
	for (int i = 0; i < NRFW_LINK_COUNT; i++) {
		if (links[i].pos < links[i].len) {
			return true;
		}
	}
	return false;
}

bool nrfw_links_hello_done(uint8_t link)
{
	return link < NRFW_LINK_COUNT && links[link].hello_done;
}

uint16_t nrfw_links_peer_max(uint8_t link)
{
	return link < NRFW_LINK_COUNT ? links[link].peer_max : NWP_MIN_MAX_FRAME;
}

/* Back to before any hello: the next host negotiates its frame size again. */
static void forget_hello(struct link *l)
{
	l->hello_done = false;
	l->peer_max = NWP_MIN_MAX_FRAME;
	nwp_reader_set_max_frame(&l->rd, NWP_MIN_MAX_FRAME);
}

void nrfw_links_hello(uint8_t link, uint16_t peer_max, uint16_t own_max, bool take_session)
{
	struct link *l;

	if (link >= NRFW_LINK_COUNT) {
		return;
	}
	l = &links[link];
	l->peer_max = peer_max;
	l->hello_done = true;
	nwp_reader_set_max_frame(&l->rd, own_max);
	if (take_session && session != link) {
		for (int i = 0; i < NRFW_LINK_COUNT; i++) {
			if (i != link) {
				forget_hello(&links[i]);
			}
		}
		session = link;
	}
}

void nrfw_links_hello_failed(uint8_t link)
{
	if (link >= NRFW_LINK_COUNT) {
		return;
	}
	forget_hello(&links[link]);
	if (session == link) {
		session = NRFW_LINK_NONE;
	}
}

uint8_t nrfw_links_session(void)
{
	if (session != NRFW_LINK_NONE) {
		sync(&links[session]);
	}
	return session;
}

uint8_t nrfw_links_event_link(void)
{
	uint8_t s = nrfw_links_session();

	return s != NRFW_LINK_NONE ? s : NRFW_LINK_WIRED;
}

void nrfw_links_send(uint8_t link, uint32_t gen, const uint8_t *data, size_t len)
{
	if (link >= NRFW_LINK_COUNT) {
		return;
	}
	if (gen != NRFW_LINK_GEN_ANY) {
		sync(&links[link]);
		if (links[link].seen != gen) {
			return; /* the peer that asked is gone: the answer is not the new one's */
		}
	}
	nrfw_plat_tx(link, data, len);
}
