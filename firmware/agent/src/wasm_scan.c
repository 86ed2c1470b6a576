/* Wasm binary walking for the agent: sections, function bodies, instruction lengths. */
#include <string.h>

#include "nrf_wasm/protocol.h"
#include "wasm_scan.h"

/* A 32-byte window over the module: scans are sequential, so this is enough to keep flash
 * reads (or file reads on the host) few without holding the module in RAM. */
struct rd {
	const struct nrfw_module *m;
	uint32_t pos, end, base;
	uint8_t n;
	bool err;
	uint8_t buf[32];
};

static void rd_init(struct rd *r, const struct nrfw_module *m, uint32_t pos, uint32_t end)
{
	r->m = m;
	r->pos = pos;
	r->end = end;
	r->base = 0;
	r->n = 0;
	r->err = false;
}

static uint8_t rd_u8(struct rd *r)
{
	if (r->err || r->pos >= r->end) {
		r->err = true;
		return 0;
	}
	if (r->pos < r->base || r->pos >= r->base + r->n) {
		uint32_t n = r->end - r->pos < sizeof(r->buf) ? r->end - r->pos : sizeof(r->buf);

		if (nrfw_module_read(r->m, r->pos, r->buf, n)) {
			r->err = true;
			return 0;
		}
		r->base = r->pos;
		r->n = (uint8_t)n;
	}
	return r->buf[r->pos++ - r->base];
}

/* Unsigned LEB128 up to 32 bits; also skips signed and 64-bit ones (value then meaningless). */
static uint32_t rd_leb(struct rd *r)
{
	uint32_t v = 0;

	for (unsigned shift = 0; shift < 70; shift += 7) {
		uint8_t b = rd_u8(r);

		if (shift < 32) {
			v |= (uint32_t)(b & 0x7f) << shift;
		}
		if (!(b & 0x80)) {
			return v;
		}
	}
	r->err = true;
	return 0;
}

static void rd_skip(struct rd *r, uint32_t n)
{
	if (r->end - r->pos < n) {
		r->err = true;
		return;
	}
	r->pos += n;
}

static void skip_limits(struct rd *r)
{
	uint8_t flags = rd_u8(r);

	rd_leb(r);
	if (flags & 1) {
		rd_leb(r);
	}
}

int nrfw_scan_init(struct nrfw_scan *sc, const struct nrfw_module *m)
{
	static const uint8_t head[8] = { 0, 'a', 's', 'm', 1, 0, 0, 0 };
	struct rd r;
	uint8_t magic[8];

	memset(sc, 0, sizeof(*sc));
	sc->m = m;
	if (m->size < 8 || nrfw_module_read(m, 0, magic, 8) || memcmp(magic, head, 8) != 0) {
		return -1;
	}
	rd_init(&r, m, 8, m->size);
	while (r.pos < r.end && !r.err) {
		uint8_t id = rd_u8(&r);
		uint32_t size = rd_leb(&r);
		uint32_t next = r.pos + size;

		if (r.err || size > r.end - r.pos) {
			return -1;
		}
		if (id == 2) { /* imports: count the functions, they come first in the index space */
			uint32_t n = rd_leb(&r);

			for (uint32_t i = 0; i < n && !r.err; i++) {
				rd_skip(&r, rd_leb(&r)); /* module name */
				rd_skip(&r, rd_leb(&r)); /* field name */
				switch (rd_u8(&r)) {
				case 0: /* func */
					rd_leb(&r);
					sc->func_imports++;
					break;
				case 1: /* table */
					rd_u8(&r);
					skip_limits(&r);
					break;
				case 2: /* memory */
					skip_limits(&r);
					break;
				case 3: /* global */
					rd_u8(&r);
					rd_u8(&r);
					break;
				case 4: /* tag */
					rd_u8(&r);
					rd_leb(&r);
					break;
				default:
					return -1;
				}
			}
		} else if (id == 7) {
			sc->export_start = r.pos;
			sc->export_end = next;
		} else if (id == 8) {
			sc->has_start = true;
		} else if (id == 10) { /* code: the last section we need */
			sc->func_count = rd_leb(&r);
			sc->code_start = r.pos;
			sc->code_end = next;
			return r.err ? -1 : 0;
		}
		r.pos = next;
	}
	/* No code section: a module without functions. Nothing is ever found in it. */
	return r.err ? -1 : 0;
}

int nrfw_scan_func_at(const struct nrfw_scan *sc, uint32_t off, struct nrfw_func_span *f)
{
	struct rd r;

	if (off < sc->code_start || off >= sc->code_end) {
		return -1;
	}
	rd_init(&r, sc->m, sc->code_start, sc->code_end);
	for (uint32_t i = 0; i < sc->func_count && !r.err; i++) {
		uint32_t start = r.pos;
		uint32_t size = rd_leb(&r);
		uint32_t end = r.pos + size;

		if (r.err || size > r.end - r.pos) {
			return -1;
		}
		if (off < end) {
			uint32_t groups = rd_leb(&r);

			for (uint32_t g = 0; g < groups && !r.err; g++) {
				rd_leb(&r); /* count */
				rd_u8(&r);  /* value type */
			}
			if (r.err || r.pos > end) {
				return -1;
			}
			f->index = sc->func_imports + i;
			f->start = start;
			f->first_instr = r.pos;
			f->end = end;
			return 0;
		}
		r.pos = end;
	}
	return -1;
}

bool nrfw_scan_has_export(const struct nrfw_scan *sc, const char *name, uint32_t len)
{
	struct rd r;
	uint32_t n;

	if (!sc->export_start) {
		return false;
	}
	rd_init(&r, sc->m, sc->export_start, sc->export_end);
	n = rd_leb(&r);
	for (uint32_t i = 0; i < n && !r.err; i++) {
		uint32_t nlen = rd_leb(&r);
		bool same = nlen == len;

		for (uint32_t k = 0; k < nlen && !r.err; k++) {
			uint8_t c = rd_u8(&r);

			same = same && c == (uint8_t)name[k];
		}
		if (rd_u8(&r) == 0 && same && !r.err) {
			return true;
		}
		rd_leb(&r); /* index */
	}
	return false;
}

bool nrfw_scan_entry_ok(const struct nrfw_scan *sc, const char *entry, uint32_t len)
{
	if (len) {
		return nrfw_scan_has_export(sc, entry, len);
	}
	return sc->has_start || nrfw_scan_has_export(sc, "_start", 6) ||
	       nrfw_scan_has_export(sc, "main", 4);
}

/* Skips one instruction (opcode and immediates). Returns the opcode, or -1 if unknown. */
static int skip_instr(struct rd *r)
{
	uint8_t op = rd_u8(r);
	uint32_t n, sub;

	if (op <= 0x01 || op == 0x05 || op == 0x0b || op == 0x0f || op == 0x1a || op == 0x1b ||
	    op == 0x19 || (op >= 0x45 && op <= 0xc4) || op == 0xd1 || op == 0xd3 || op == 0xd4) {
		return op; /* no immediates */
	}
	if ((op >= 0x02 && op <= 0x04) || op == 0x06 || (op >= 0x07 && op <= 0x09) ||
	    (op >= 0x0c && op <= 0x0d) || op == 0x10 || op == 0x12 || op == 0x14 || op == 0x15 ||
	    op == 0x18 || (op >= 0x20 && op <= 0x26) || op == 0x3f || op == 0x40 || op == 0x41 ||
	    op == 0x42 || op == 0xd0 || op == 0xd2 || op == 0xd5 || op == 0xd6) {
		/* one LEB: block type (s33), index, depth, const, heap type, memory index */
		rd_leb(r);
		return op;
	}
	switch (op) {
	case 0x0e: /* br_table */
		n = rd_leb(r);
		for (uint32_t i = 0; i <= n && !r->err; i++) {
			rd_leb(r);
		}
		return op;
	case 0x11: /* call_indirect */
	case 0x13: /* return_call_indirect */
		rd_leb(r);
		rd_leb(r);
		return op;
	case 0x1c: /* select t* */
		rd_skip(r, rd_leb(r));
		return op;
	case 0x43:
		rd_skip(r, 4);
		return op;
	case 0x44:
		rd_skip(r, 8);
		return op;
	case 0xfc:
		sub = rd_leb(r);
		if (sub <= 7) {
			return op;
		}
		if (sub == 10 || sub == 12 || sub == 14 || sub == 8) {
			rd_leb(r);
			rd_leb(r);
			return op;
		}
		if (sub <= 17) {
			rd_leb(r);
			return op;
		}
		return -1;
	case 0xfe: /* threads */
		sub = rd_leb(r);
		if (sub == 3) {
			rd_u8(r);
		} else {
			rd_leb(r);
			rd_leb(r);
		}
		return op;
	default:
		break;
	}
	if (op >= 0x28 && op <= 0x3e) { /* loads and stores: memarg */
		if (rd_leb(r) & 0x40) {
			rd_leb(r); /* memory index (multi-memory) */
		}
		rd_leb(r);
		return op;
	}
	return -1; /* SIMD, GC, try_table: not in the runtimes we drive */
}

/* `block`, `loop` and `else` only mark structure: no device stops on one (V8 cannot), so a
 * breakpoint there moves to the next instruction and steps go on past them (protocol 3.5). */
static bool stop_place(struct rd *r)
{
	uint32_t at = r->pos;
	uint8_t op = rd_u8(r);

	r->pos = at;
	return op != 0x02 && op != 0x03 && op != 0x05;
}

/* Walks `f` from its first instruction; stops at the first start >= target (with `stops`: the
 * first that is a stop place). Returns that start (or NRFW_NO_PC) and, in *prev, the start
 * before it. */
static uint32_t walk(const struct nrfw_scan *sc, const struct nrfw_func_span *f, uint32_t target,
		     uint32_t *prev, bool stops)
{
	struct rd r;
	uint32_t last = NRFW_NO_PC;

	rd_init(&r, sc->m, f->first_instr, f->end);
	while (r.pos < f->end) {
		if (r.pos >= target && (!stops || stop_place(&r))) {
			break;
		}
		last = r.pos;
		if (skip_instr(&r) < 0 || r.err) {
			*prev = NRFW_NO_PC;
			return NRFW_NO_PC;
		}
	}
	*prev = last;
	return r.pos < f->end ? r.pos : NRFW_NO_PC;
}

uint32_t nrfw_scan_snap(const struct nrfw_scan *sc, uint32_t off)
{
	struct nrfw_func_span f;
	uint32_t prev;

	if (nrfw_scan_func_at(sc, off, &f)) {
		return NRFW_NO_PC;
	}
	return walk(sc, &f, off, &prev, true);
}

bool nrfw_scan_is_instr(const struct nrfw_scan *sc, uint32_t pc)
{
	return pc != NRFW_NO_PC && nrfw_scan_snap(sc, pc) == pc;
}

uint32_t nrfw_scan_prev(const struct nrfw_scan *sc, uint32_t pc)
{
	struct nrfw_func_span f;
	uint32_t prev;

	if (pc == 0 || nrfw_scan_func_at(sc, pc - 1, &f)) {
		return NRFW_NO_PC;
	}
	walk(sc, &f, pc, &prev, false);
	return prev;
}

int nrfw_scan_mem_access(const struct nrfw_scan *sc, uint32_t pc, struct nrfw_mem_access *a)
{
	/* Access sizes of the loads 0x28..0x35 and stores 0x36..0x3e. */
	static const uint8_t sizes[23] = { 4, 8, 4, 8, 1, 1, 2, 2, 1, 1, 2, 2, 4, 4,
					   4, 8, 4, 8, 1, 2, 1, 2, 4 };
	/* Cells the stored value takes (i64/f64: 2): the address sits below it. */
	static const uint8_t value_cells[9] = { 1, 2, 1, 2, 1, 1, 2, 2, 2 };
	struct rd r;
	uint8_t op;

	memset(a, 0, sizeof(*a));
	a->src_slot = 0xff;
	if (pc >= sc->m->size) {
		return -1;
	}
	rd_init(&r, sc->m, pc, sc->m->size);
	op = rd_u8(&r);
	if (op >= 0x28 && op <= 0x3e) {
		if (rd_leb(&r) & 0x40) {
			rd_leb(&r);
		}
		a->offset = rd_leb(&r);
		a->size = sizes[op - 0x28];
		if (op <= 0x35) {
			a->kind = NWP_ACCESS_READ;
		} else {
			a->kind = NWP_ACCESS_WRITE;
			a->addr_slot = value_cells[op - 0x36];
		}
	} else if (op == 0xfc) {
		uint32_t sub = rd_leb(&r);

		/* memory.init [d s n], memory.copy [d s n], memory.fill [d v n] */
		if (sub == 8 || sub == 10 || sub == 11) {
			a->kind = NWP_ACCESS_WRITE;
			a->addr_slot = 2;
			a->len_slot = 0;
			if (sub == 10) {
				a->src_slot = 1;
			}
		}
	}
	return r.err ? -1 : 0;
}

uint16_t nrfw_scan_trap_cells(const struct nrfw_scan *sc, uint32_t pc)
{
	/* Cells a store's value takes, 0x36..0x3e (i32 f32: 1; i64 f64: 2; narrow i64 stores: 2). */
	static const uint8_t store_cells[9] = { 1, 2, 1, 2, 1, 1, 2, 2, 2 };
	struct rd r;
	uint8_t op;

	if (pc == NRFW_NO_PC || pc >= sc->m->size) {
		return 0;
	}
	rd_init(&r, sc->m, pc, sc->m->size);
	op = rd_u8(&r);
	if (r.err) {
		return 0;
	}
	if (op == 0x11) {
		return 1; /* call_indirect: the table index */
	}
	if (op >= 0x28 && op <= 0x35) {
		return 1; /* load: the address */
	}
	if (op >= 0x36 && op <= 0x3e) {
		return (uint16_t)(1 + store_cells[op - 0x36]); /* store: address, value */
	}
	if (op >= 0x6d && op <= 0x70) {
		return 2; /* i32 div/rem */
	}
	if (op >= 0x7f && op <= 0x82) {
		return 4; /* i64 div/rem */
	}
	switch (op) {
	case 0xa8: case 0xa9: case 0xae: case 0xaf:
		return 1; /* trunc from f32 */
	case 0xaa: case 0xab: case 0xb0: case 0xb1:
		return 2; /* trunc from f64 */
	case 0xfc: {
		uint32_t sub = rd_leb(&r);

		/* memory.init/copy/fill: three i32 */
		return (sub == 8 || sub == 10 || sub == 11) && !r.err ? 3 : 0;
	}
	default:
		return 0;
	}
}
