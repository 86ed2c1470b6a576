/*
 * Frame decoding and encoding, driven by a table of the message layouts (the C twin of MESSAGES
 * in src/protocol/schema.ts). One interpreter for all 61 messages keeps the flash cost near a
 * few hundred bytes instead of one hand-written decoder and encoder per message.
 */
#include <errno.h>
#include <string.h>

#include <nrf_wasm/protocol.h>

#ifndef ENOSPC
#define ENOSPC 28
#endif
#ifndef EINVAL
#define EINVAL 22
#endif

/* Field encodings (FieldKind in schema.ts); i32 shares U32 (same bytes, int32_t member). */
enum {
	K_U8,
	K_U16,
	K_U32,
	K_SHA,    /* 32 bytes */
	K_STR,    /* u16 length + bytes */
	K_REST,   /* bytes to the end of the body */
	K_VALUE,  /* tag + 4 or 8 bytes */
	K_U32S,   /* u16 count + u32 each */
	K_PAIRS,  /* u16 count + two u32 each: frames, ranges */
	K_VALUES, /* u16 count + values */
};

struct field {
	uint8_t kind;
	uint8_t off; /* offset of the member in msg->u */
};

#define OFF(m) (offsetof(struct nwp_msg, u.m) - offsetof(struct nwp_msg, u))
#define F(k, m) {K_##k, OFF(m)}

/* Every message's fields in wire order; messages in the order of `ranges` below. */
static const struct field fields[] = {
	/* requests 0x01.. */
	F(U16, hello.version_min), F(U16, hello.version_max), F(U16, hello.max_frame),
	F(U32, upload_begin.size), F(SHA, upload_begin.sha256),
	F(U32, upload_chunk.offset), F(REST, upload_chunk.data),
	F(U8, run.flags), F(STR, run.entry),
	F(U32, options.flags),
	F(U32S, bp_set.offsets),
	F(U32S, bp_clear.offsets),
	F(U8, step.kind), F(PAIRS, step.ranges),
	F(U16, frames.start), F(U16, frames.count),
	F(U8, values.scope), F(U16, values.frame), F(U16, values.start),
	F(U8, set_value.scope), F(U16, set_value.frame), F(U16, set_value.index),
	F(VALUE, set_value.value),
	F(U32, mem_read.address), F(U16, mem_read.length),
	F(U32, mem_write.address), F(REST, mem_write.data),
	F(U32, data_bp_set.address), F(U8, data_bp_set.length), F(U8, data_bp_set.access),
	F(U8, data_bp_clear.watch_id),
	F(U8, input.button), F(U8, input.pressed),
	F(REST, ping.data),
	F(REST, bond_erase.bond),
	F(U32, bp_set_cond.offset), F(U8, bp_set_cond.flags), F(U8, bp_set_cond.hit_op),
	F(U32, bp_set_cond.hit_count), F(U16, bp_set_cond.cond_length), F(REST, bp_set_cond.program),
	/* 0x1e.. (protocol 1.2) */
	F(U8, values_up_to.scope), F(U16, values_up_to.frame), F(U16, values_up_to.start),
	F(U16, values_up_to.max),
	/* responses 0x81.. */
	F(U16, hello_ok.version), F(U32, hello_ok.capabilities), F(U16, hello_ok.max_frame),
	F(U32, hello_ok.free_memory), F(U8, hello_ok.state), F(SHA, hello_ok.module_sha256),
	F(U32, hello_ok.module_size), F(STR, hello_ok.board), F(STR, hello_ok.runtime),
	F(STR, hello_ok.runtime_version), F(STR, hello_ok.firmware_version),
	F(U32, upload_begin_ok.resume_from), F(U16, upload_begin_ok.chunk_max),
	F(U16, upload_begin_ok.window),
	F(U32, upload_ack.received),
	F(U8, upload_commit_ok.slot), F(SHA, upload_commit_ok.sha256),
	F(U32, upload_commit_ok.size),
	F(U32S, bp_set_ok.resolved),
	F(U16, frames_ok.total), F(PAIRS, frames_ok.frames),
	F(U16, values_ok.total), F(VALUES, values_ok.values),
	F(U32, mem_read_ok.address), F(U32, mem_read_ok.memory_size), F(REST, mem_read_ok.data),
	F(U8, data_bp_set_ok.watch_id),
	F(REST, ping_ok.data),
	F(REST, bond_list_ok.bonds),
	F(U8, bond_erase_ok.erased),
	F(U32, bp_set_cond_ok.resolved),
	/* 0x9e.. */
	F(U16, values_up_to_ok.total), F(VALUES, values_up_to_ok.values),
	/* error 0xff */
	F(U16, error.code), F(U8, error.request_type), F(STR, error.message),
	/* events 0x40.. */
	F(U8, stopped.reason), F(U8, stopped.flags), F(U32, stopped.hit), F(U16, stopped.depth),
	F(U32, stopped.func), F(U32, stopped.pc), F(VALUES, stopped.locals),
	F(U8, output.source), F(U8, output.level), F(STR, output.text),
	F(U8, exited.reason), F(U32, exited.code),
	F(U32, trap.func), F(U32, trap.pc), F(STR, trap.message),
	F(U8, device_reset.cause),
	F(U8, led.led), F(U8, led.on),
	F(U8, link_error.kind), F(U16, link_error.count),
	F(U32, log_hit.offset), F(VALUES, log_hit.values),
};

/* Number of fields of each message, same order. */
static const uint8_t nfields[] = {
	/* 0x01 hello .. 0x1a bpSetCond */
	3, 2, 2, 0, 0, 2, 0, 0, 1, 1, 1, 0, 0, 2, 2, 3, 4, 2, 2, 3, 1, 2, 1, 0, 1, 6,
	/* 0x1e valuesUpTo */
	4,
	/* 0x81 helloOk .. 0x9a bpSetCondOk */
	11, 3, 1, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 2, 0, 3, 0, 1, 0, 0, 1, 1, 1, 1,
	/* 0x9e valuesUpToOk */
	2,
	/* 0xff error */
	3,
	/* 0x40 stopped .. 0x47 logHit */
	7, 3, 2, 3, 1, 2, 2, 2,
};

/* Message types are dense runs; first type and length of each, in nfields[] order. */
static const uint8_t ranges[][2] = {
	{NWP_MSG_HELLO, 26},
	{NWP_MSG_VALUES_UP_TO, 1},
	{NWP_MSG_HELLO_OK, 26},
	{NWP_MSG_VALUES_UP_TO_OK, 1},
	{NWP_MSG_ERROR, 1},
	{NWP_MSG_STOPPED, 8},
};

/* Lets the table checks below see the sum of nfields[] at compile time. */
#define NFIELDS_TOTAL                                                                      \
	(3 + 2 + 2 + 2 + 1 + 1 + 1 + 2 + 2 + 3 + 4 + 2 + 2 + 3 + 1 + 2 + 1 + 1 + 6 + 11 + 3 + \
	 1 + 3 + 1 + 2 + 2 + 3 + 1 + 1 + 1 + 1 + 1 + 3 + 7 + 3 + 2 + 3 + 1 + 2 + 2 + 2 + 4 + 2)

_Static_assert(sizeof(nfields) == 26 + 1 + 26 + 1 + 1 + 8, "one nfields entry per message");
_Static_assert(sizeof(fields) / sizeof(fields[0]) == NFIELDS_TOTAL, "fields[] matches nfields[]");
_Static_assert(sizeof(struct nwp_msg) - offsetof(struct nwp_msg, u) <= 256,
	       "member offsets fit struct field.off");

/* The fields of message @p type, or NULL if the type is unknown. */
static const struct field *lookup(uint8_t type, size_t *n)
{
	size_t idx = 0;
	size_t first = 0;
	size_t i;

	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		uint8_t off = (uint8_t)(type - ranges[i][0]);

		if (off < ranges[i][1]) {
			idx += off;
			break;
		}
		idx += ranges[i][1];
	}
	if (i == sizeof(ranges) / sizeof(ranges[0])) {
		return NULL;
	}
	for (i = 0; i < idx; i++) {
		first += nfields[i];
	}
	*n = nfields[idx];
	return &fields[first];
}

/* Payload size of a value tag, 0 if unknown. */
static size_t value_payload(uint8_t tag)
{
	switch (tag) {
	case NWP_VAL_I32:
	case NWP_VAL_F32:
	case NWP_VAL_FUNCREF:
	case NWP_VAL_EXTERNREF:
		return 4;
	case NWP_VAL_I64:
	case NWP_VAL_F64:
		return 8;
	default:
		return 0;
	}
}

size_t nwp_get_value(const uint8_t *p, size_t avail, struct nwp_value *v)
{
	size_t n;

	if (avail < 1) {
		return 0;
	}
	n = value_payload(p[0]);
	if (n == 0 || avail - 1 < n) {
		return 0;
	}
	if (v != NULL) {
		v->tag = p[0];
		if (n == 4) {
			v->f64_bits = 0;
			v->f32_bits = nwp_get_u32(p + 1);
		} else {
			v->f64_bits = nwp_get_u32(p + 1) | ((uint64_t)nwp_get_u32(p + 5) << 32);
		}
	}
	return 1 + n;
}

/* Byte size of @p count list items at @p p (at most @p avail bytes), or SIZE_MAX if invalid. */
static size_t list_size(uint8_t kind, const uint8_t *p, size_t avail, size_t count)
{
	size_t size = 0;

	if (kind != K_VALUES) {
		size = count * (kind == K_U32S ? 4 : 8);
		return size <= avail ? size : SIZE_MAX;
	}
	while (count-- > 0) {
		size_t n = nwp_get_value(p + size, avail - size, NULL);

		if (n == 0) {
			return SIZE_MAX;
		}
		size += n;
	}
	return size;
}

int nwp_decode_frame(const uint8_t *frame, size_t len, struct nwp_msg *msg)
{
	const struct field *f;
	const uint8_t *p;
	const uint8_t *end;
	uint8_t *base = (uint8_t *)&msg->u;
	size_t n;

	if (len < NWP_FRAME_OVERHEAD) {
		return -NWP_RX_SHORT;
	}
	end = frame + len - 4;
	if (nwp_crc32(0, frame, len - 4) != nwp_get_u32(end)) {
		return -NWP_RX_CRC;
	}
	msg->type = frame[0];
	msg->id = nwp_get_u16(frame + 1);
	f = lookup(frame[0], &n);
	if (f == NULL) {
		return -NWP_RX_UNKNOWN_TYPE;
	}

	p = frame + 3;
	for (; n > 0; n--, f++) {
		void *dst = base + f->off;
		size_t avail = (size_t)(end - p);
		size_t used;

		switch (f->kind) {
		case K_U8:
			used = 1;
			if (avail >= used) {
				*(uint8_t *)dst = p[0];
			}
			break;
		case K_U16:
			used = 2;
			if (avail >= used) {
				*(uint16_t *)dst = nwp_get_u16(p);
			}
			break;
		case K_U32:
			used = 4;
			if (avail >= used) {
				*(uint32_t *)dst = nwp_get_u32(p);
			}
			break;
		case K_SHA:
			used = 32;
			*(const uint8_t **)dst = p;
			break;
		case K_STR: {
			struct nwp_str *s = dst;

			if (avail < 2) {
				return -NWP_RX_MALFORMED;
			}
			s->ptr = (const char *)p + 2;
			s->len = nwp_get_u16(p);
			used = 2 + s->len;
			break;
		}
		case K_REST: {
			struct nwp_bytes *b = dst;

			b->ptr = p;
			b->len = avail;
			used = avail;
			break;
		}
		case K_VALUE:
			used = nwp_get_value(p, avail, dst);
			if (used == 0) {
				return -NWP_RX_MALFORMED;
			}
			break;
		default: {
			struct nwp_list *l = dst;

			if (avail < 2) {
				return -NWP_RX_MALFORMED;
			}
			l->count = nwp_get_u16(p);
			l->ptr = p + 2;
			l->size = list_size(f->kind, p + 2, avail - 2, l->count);
			if (l->size == SIZE_MAX) {
				return -NWP_RX_MALFORMED;
			}
			used = 2 + l->size;
			break;
		}
		}
		if (used > avail) {
			return -NWP_RX_MALFORMED;
		}
		p += used;
	}
	/* The body must be used exactly: bytes left over are as wrong as bytes missing. */
	return p == end ? 0 : -NWP_RX_MALFORMED;
}

/* ---- writer ------------------------------------------------------------------------------ */

static void writer_fail(struct nwp_writer *w, int err)
{
	if (w->err == 0) {
		w->err = err;
	}
}

void nwp_writer_init(struct nwp_writer *w, uint8_t *buf, size_t size, uint8_t type, uint16_t id)
{
	/*
	 * Largest frame n whose wire form, n + ceil(n / 254) + 1 code bytes + 0x00, fits in size.
	 * It is built at the end of the buffer, at least 1 + ceil(n / 254) bytes in, so that
	 * nwp_cobs_encode() can move it to the start in place.
	 */
	size_t t = size >= 2 ? size - 2 : 0;
	size_t n = t - (t + 254) / 255;

	w->buf = buf;
	if (n < NWP_FRAME_OVERHEAD) {
		w->start = w->pos = w->end = 0;
		w->err = -ENOSPC;
		return;
	}
	w->err = 0;
	w->start = size - 1 - n;
	w->pos = w->start;
	w->end = w->start + n - 4;
	nwp_put_u8(w, type);
	nwp_put_u16(w, id);
}

uint8_t *nwp_put_reserve(struct nwp_writer *w, size_t len)
{
	uint8_t *p;

	if (w->err != 0) {
		return NULL;
	}
	if (len > w->end - w->pos) {
		w->err = -ENOSPC;
		return NULL;
	}
	p = w->buf + w->pos;
	w->pos += len;
	return p;
}

void nwp_put_u8(struct nwp_writer *w, uint8_t v)
{
	uint8_t *p = nwp_put_reserve(w, 1);

	if (p != NULL) {
		*p = v;
	}
}

void nwp_put_u16(struct nwp_writer *w, uint16_t v)
{
	uint8_t *p = nwp_put_reserve(w, 2);

	if (p != NULL) {
		nwp_set_u16(p, v);
	}
}

void nwp_put_u32(struct nwp_writer *w, uint32_t v)
{
	uint8_t *p = nwp_put_reserve(w, 4);

	if (p != NULL) {
		nwp_set_u32(p, v);
	}
}

void nwp_put_bytes(struct nwp_writer *w, const void *data, size_t len)
{
	uint8_t *p = nwp_put_reserve(w, len);

	/* memcpy() with NULL is undefined even for 0 bytes; an empty field may well be NULL. */
	if (p != NULL && len > 0) {
		memcpy(p, data, len);
	}
}

void nwp_put_str(struct nwp_writer *w, const char *s, size_t len)
{
	if (len > UINT16_MAX) {
		writer_fail(w, -EINVAL);
		return;
	}
	nwp_put_u16(w, (uint16_t)len);
	nwp_put_bytes(w, s, len);
}

void nwp_put_value(struct nwp_writer *w, const struct nwp_value *v)
{
	size_t n = value_payload(v->tag);
	uint8_t *p;

	if (n == 0) {
		writer_fail(w, -EINVAL);
		return;
	}
	p = nwp_put_reserve(w, 1 + n);
	if (p == NULL) {
		return;
	}
	p[0] = v->tag;
	if (n == 4) {
		nwp_set_u32(p + 1, v->f32_bits);
	} else {
		nwp_set_u32(p + 1, (uint32_t)v->f64_bits);
		nwp_set_u32(p + 5, (uint32_t)(v->f64_bits >> 32));
	}
}

size_t nwp_writer_room(const struct nwp_writer *w)
{
	return w->err != 0 ? 0 : w->end - w->pos;
}

int nwp_writer_finish(struct nwp_writer *w)
{
	uint8_t *frame = w->buf + w->start;
	size_t n = w->pos - w->start;
	size_t o;

	if (w->err != 0) {
		return w->err;
	}
	/* end excludes the CRC, so there is always room for it. */
	nwp_set_u32(frame + n, nwp_crc32(0, frame, n));
	o = nwp_cobs_encode(w->buf, frame, n + 4);
	w->buf[o++] = 0;
	return (int)o;
}

int nwp_encode(const struct nwp_msg *msg, uint8_t *buf, size_t size)
{
	const uint8_t *base = (const uint8_t *)&msg->u;
	const struct field *f;
	struct nwp_writer w;
	size_t n;

	f = lookup(msg->type, &n);
	if (f == NULL) {
		return -EINVAL;
	}
	nwp_writer_init(&w, buf, size, msg->type, msg->id);
	for (; n > 0; n--, f++) {
		const void *src = base + f->off;

		switch (f->kind) {
		case K_U8:
			nwp_put_u8(&w, *(const uint8_t *)src);
			break;
		case K_U16:
			nwp_put_u16(&w, *(const uint16_t *)src);
			break;
		case K_U32:
			nwp_put_u32(&w, *(const uint32_t *)src);
			break;
		case K_SHA: {
			const uint8_t *sha = *(const uint8_t *const *)src;

			if (sha == NULL) {
				writer_fail(&w, -EINVAL);
			}
			nwp_put_bytes(&w, sha, 32);
			break;
		}
		case K_STR: {
			const struct nwp_str *s = src;

			nwp_put_str(&w, s->ptr, s->len);
			break;
		}
		case K_REST: {
			const struct nwp_bytes *b = src;

			nwp_put_bytes(&w, b->ptr, b->len);
			break;
		}
		case K_VALUE:
			nwp_put_value(&w, src);
			break;
		default: {
			const struct nwp_list *l = src;
			size_t bytes;

			if (f->kind == K_VALUES) {
				/* `size` is checked: a wrong one would frame garbage. */
				bytes = l->count > 0 ? l->size : 0;
				if (l->count > 0 &&
				    (l->ptr == NULL ||
				     list_size(K_VALUES, l->ptr, bytes, l->count) != bytes)) {
					writer_fail(&w, -EINVAL);
				}
			} else {
				bytes = (size_t)l->count * (f->kind == K_U32S ? 4 : 8);
				if (bytes > 0 && l->ptr == NULL) {
					writer_fail(&w, -EINVAL);
				}
			}
			nwp_put_u16(&w, l->count);
			nwp_put_bytes(&w, l->ptr, bytes);
			break;
		}
		}
	}
	return nwp_writer_finish(&w);
}
