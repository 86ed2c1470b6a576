/*
 * dumpMessage() of src/protocol/dump.ts, written against the typed members of struct nwp_msg
 * (not the codec's layout table) so that the vectors also check the table.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dump.h"

static const struct {
	uint8_t type;
	const char *name;
} names[] = {
	{NWP_MSG_HELLO, "hello"},
	{NWP_MSG_UPLOAD_BEGIN, "uploadBegin"},
	{NWP_MSG_UPLOAD_CHUNK, "uploadChunk"},
	{NWP_MSG_UPLOAD_COMMIT, "uploadCommit"},
	{NWP_MSG_UPLOAD_ABORT, "uploadAbort"},
	{NWP_MSG_RUN, "run"},
	{NWP_MSG_STOP, "stop"},
	{NWP_MSG_RESET, "reset"},
	{NWP_MSG_OPTIONS, "options"},
	{NWP_MSG_BP_SET, "bpSet"},
	{NWP_MSG_BP_CLEAR, "bpClear"},
	{NWP_MSG_CONTINUE, "continue"},
	{NWP_MSG_PAUSE, "pause"},
	{NWP_MSG_STEP, "step"},
	{NWP_MSG_FRAMES, "frames"},
	{NWP_MSG_VALUES, "values"},
	{NWP_MSG_SET_VALUE, "setValue"},
	{NWP_MSG_MEM_READ, "memRead"},
	{NWP_MSG_MEM_WRITE, "memWrite"},
	{NWP_MSG_DATA_BP_SET, "dataBpSet"},
	{NWP_MSG_DATA_BP_CLEAR, "dataBpClear"},
	{NWP_MSG_INPUT, "input"},
	{NWP_MSG_PING, "ping"},
	{NWP_MSG_BOND_LIST, "bondList"},
	{NWP_MSG_BOND_ERASE, "bondErase"},
	{NWP_MSG_BP_SET_COND, "bpSetCond"},
	{NWP_MSG_VALUES_UP_TO, "valuesUpTo"},
	{NWP_MSG_HELLO_OK, "helloOk"},
	{NWP_MSG_UPLOAD_BEGIN_OK, "uploadBeginOk"},
	{NWP_MSG_UPLOAD_ACK, "uploadAck"},
	{NWP_MSG_UPLOAD_COMMIT_OK, "uploadCommitOk"},
	{NWP_MSG_UPLOAD_ABORT_OK, "uploadAbortOk"},
	{NWP_MSG_RUN_OK, "runOk"},
	{NWP_MSG_STOP_OK, "stopOk"},
	{NWP_MSG_RESET_OK, "resetOk"},
	{NWP_MSG_OPTIONS_OK, "optionsOk"},
	{NWP_MSG_BP_SET_OK, "bpSetOk"},
	{NWP_MSG_BP_CLEAR_OK, "bpClearOk"},
	{NWP_MSG_CONTINUE_OK, "continueOk"},
	{NWP_MSG_PAUSE_OK, "pauseOk"},
	{NWP_MSG_STEP_OK, "stepOk"},
	{NWP_MSG_FRAMES_OK, "framesOk"},
	{NWP_MSG_VALUES_OK, "valuesOk"},
	{NWP_MSG_SET_VALUE_OK, "setValueOk"},
	{NWP_MSG_MEM_READ_OK, "memReadOk"},
	{NWP_MSG_MEM_WRITE_OK, "memWriteOk"},
	{NWP_MSG_DATA_BP_SET_OK, "dataBpSetOk"},
	{NWP_MSG_DATA_BP_CLEAR_OK, "dataBpClearOk"},
	{NWP_MSG_INPUT_OK, "inputOk"},
	{NWP_MSG_PING_OK, "pingOk"},
	{NWP_MSG_BOND_LIST_OK, "bondListOk"},
	{NWP_MSG_BOND_ERASE_OK, "bondEraseOk"},
	{NWP_MSG_BP_SET_COND_OK, "bpSetCondOk"},
	{NWP_MSG_VALUES_UP_TO_OK, "valuesUpToOk"},
	{NWP_MSG_ERROR, "error"},
	{NWP_MSG_STOPPED, "stopped"},
	{NWP_MSG_OUTPUT, "output"},
	{NWP_MSG_EXITED, "exited"},
	{NWP_MSG_TRAP, "trap"},
	{NWP_MSG_DEVICE_RESET, "deviceReset"},
	{NWP_MSG_LED, "led"},
	{NWP_MSG_LINK_ERROR, "linkError"},
	{NWP_MSG_LOG_HIT, "logHit"},
};

const char *nwp_test_msg_name(uint8_t type)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].type == type) {
			return names[i].name;
		}
	}
	return NULL;
}

struct out {
	char *p;
	size_t size;
	size_t len;
};

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->len >= o->size) {
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(o->p + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n > 0) {
		o->len += (size_t)n;
		if (o->len >= o->size) {
			o->len = o->size - 1;
		}
	}
}

static void u(struct out *o, const char *name, uint32_t v)
{
	put(o, " %s=%" PRIu32, name, v);
}

static void hex(struct out *o, const char *name, const uint8_t *p, size_t n)
{
	put(o, " %s=", name);
	for (size_t i = 0; i < n; i++) {
		put(o, "%02x", p[i]);
	}
}

/*
 * The TS side decodes UTF-8 with TextDecoder (not fatal), so invalid sequences become U+FFFD
 * following the WHATWG decoder (one U+FFFD per maximal invalid subpart). Same here.
 */
static void str(struct out *o, const char *name, struct nwp_str s)
{
	const uint8_t *p = (const uint8_t *)s.ptr;
	size_t i = 0;

	put(o, " %s=\"", name);
	while (i < s.len) {
		uint8_t b = p[i];
		size_t need;
		uint8_t lo = 0x80;
		uint8_t hi = 0xbf;
		size_t j;
		int ok = 1;

		if (b < 0x80) {
			if (b == '\\' || b == '"') {
				put(o, "\\");
			}
			put(o, "%c", b);
			i++;
			continue;
		}
		if (b >= 0xc2 && b <= 0xdf) {
			need = 1;
		} else if (b >= 0xe0 && b <= 0xef) {
			need = 2;
			if (b == 0xe0) {
				lo = 0xa0;
			} else if (b == 0xed) {
				hi = 0x9f;
			}
		} else if (b >= 0xf0 && b <= 0xf4) {
			need = 3;
			if (b == 0xf0) {
				lo = 0x90;
			} else if (b == 0xf4) {
				hi = 0x8f;
			}
		} else {
			put(o, "\xef\xbf\xbd");
			i++;
			continue;
		}
		for (j = i + 1; need > 0; need--, j++) {
			if (j >= s.len || p[j] < lo || p[j] > hi) {
				ok = 0;
				break;
			}
			lo = 0x80;
			hi = 0xbf;
		}
		if (ok) {
			put(o, "%.*s", (int)(j - i), (const char *)p + i);
		} else {
			put(o, "\xef\xbf\xbd"); /* the offending byte starts over */
		}
		i = j;
	}
	put(o, "\"");
}

static void value(struct out *o, const struct nwp_value *v)
{
	switch (v->tag) {
	case NWP_VAL_I32:
		put(o, "i32:%" PRId32, v->i32);
		break;
	case NWP_VAL_I64:
		put(o, "i64:%" PRId64, v->i64);
		break;
	case NWP_VAL_F32:
		put(o, "f32:0x%08" PRIx32, v->f32_bits);
		break;
	case NWP_VAL_F64:
		put(o, "f64:0x%016" PRIx64, v->f64_bits);
		break;
	default:
		put(o, "%s:", v->tag == NWP_VAL_FUNCREF ? "funcref" : "externref");
		if (v->ref == NWP_NULL_REF) {
			put(o, "null");
		} else {
			put(o, "%" PRIu32, v->ref);
		}
		break;
	}
}

static void values(struct out *o, const char *name, const struct nwp_list *l)
{
	size_t off = 0;

	put(o, " %s=[", name);
	for (size_t i = 0; i < l->count; i++) {
		struct nwp_value v;

		off += nwp_get_value(l->ptr + off, l->size - off, &v);
		put(o, i ? "," : "");
		value(o, &v);
	}
	put(o, "]");
}

static void u32s(struct out *o, const char *name, const struct nwp_list *l)
{
	put(o, " %s=[", name);
	for (size_t i = 0; i < l->count; i++) {
		put(o, "%s%" PRIu32, i ? "," : "", nwp_list_u32(l, i));
	}
	put(o, "]");
}

static void pairs(struct out *o, const char *name, const struct nwp_list *l, char sep)
{
	put(o, " %s=[", name);
	for (size_t i = 0; i < l->count; i++) {
		put(o, "%s%" PRIu32 "%c%" PRIu32, i ? "," : "", nwp_list_u32(l, 2 * i), sep,
		    nwp_list_u32(l, 2 * i + 1));
	}
	put(o, "]");
}

size_t nwp_test_dump(const struct nwp_msg *m, char *buf, size_t size)
{
	struct out o = {buf, size, 0};
	const char *name = nwp_test_msg_name(m->type);

	buf[0] = 0;
	put(&o, "%s id=%u", name ? name : "?", m->id);
	switch (m->type) {
	case NWP_MSG_HELLO:
		u(&o, "versionMin", m->u.hello.version_min);
		u(&o, "versionMax", m->u.hello.version_max);
		u(&o, "maxFrame", m->u.hello.max_frame);
		break;
	case NWP_MSG_UPLOAD_BEGIN:
		u(&o, "size", m->u.upload_begin.size);
		hex(&o, "sha256", m->u.upload_begin.sha256, 32);
		break;
	case NWP_MSG_UPLOAD_CHUNK:
		u(&o, "offset", m->u.upload_chunk.offset);
		hex(&o, "data", m->u.upload_chunk.data.ptr, m->u.upload_chunk.data.len);
		break;
	case NWP_MSG_RUN:
		u(&o, "flags", m->u.run.flags);
		str(&o, "entry", m->u.run.entry);
		break;
	case NWP_MSG_OPTIONS:
		u(&o, "flags", m->u.options.flags);
		break;
	case NWP_MSG_BP_SET:
		u32s(&o, "offsets", &m->u.bp_set.offsets);
		break;
	case NWP_MSG_BP_CLEAR:
		u32s(&o, "offsets", &m->u.bp_clear.offsets);
		break;
	case NWP_MSG_STEP:
		u(&o, "kind", m->u.step.kind);
		pairs(&o, "ranges", &m->u.step.ranges, '-');
		break;
	case NWP_MSG_FRAMES:
		u(&o, "start", m->u.frames.start);
		u(&o, "count", m->u.frames.count);
		break;
	case NWP_MSG_VALUES:
		u(&o, "scope", m->u.values.scope);
		u(&o, "frame", m->u.values.frame);
		u(&o, "start", m->u.values.start);
		break;
	case NWP_MSG_VALUES_UP_TO:
		u(&o, "scope", m->u.values_up_to.scope);
		u(&o, "frame", m->u.values_up_to.frame);
		u(&o, "start", m->u.values_up_to.start);
		u(&o, "max", m->u.values_up_to.max);
		break;
	case NWP_MSG_SET_VALUE:
		u(&o, "scope", m->u.set_value.scope);
		u(&o, "frame", m->u.set_value.frame);
		u(&o, "index", m->u.set_value.index);
		put(&o, " value=");
		value(&o, &m->u.set_value.value);
		break;
	case NWP_MSG_MEM_READ:
		u(&o, "address", m->u.mem_read.address);
		u(&o, "length", m->u.mem_read.length);
		break;
	case NWP_MSG_MEM_WRITE:
		u(&o, "address", m->u.mem_write.address);
		hex(&o, "data", m->u.mem_write.data.ptr, m->u.mem_write.data.len);
		break;
	case NWP_MSG_DATA_BP_SET:
		u(&o, "address", m->u.data_bp_set.address);
		u(&o, "length", m->u.data_bp_set.length);
		u(&o, "access", m->u.data_bp_set.access);
		break;
	case NWP_MSG_DATA_BP_CLEAR:
		u(&o, "watchId", m->u.data_bp_clear.watch_id);
		break;
	case NWP_MSG_INPUT:
		u(&o, "button", m->u.input.button);
		u(&o, "pressed", m->u.input.pressed);
		break;
	case NWP_MSG_PING:
		hex(&o, "data", m->u.ping.data.ptr, m->u.ping.data.len);
		break;
	case NWP_MSG_BOND_ERASE:
		hex(&o, "bond", m->u.bond_erase.bond.ptr, m->u.bond_erase.bond.len);
		break;
	case NWP_MSG_BP_SET_COND:
		u(&o, "offset", m->u.bp_set_cond.offset);
		u(&o, "flags", m->u.bp_set_cond.flags);
		u(&o, "hitOp", m->u.bp_set_cond.hit_op);
		u(&o, "hitCount", m->u.bp_set_cond.hit_count);
		u(&o, "condLength", m->u.bp_set_cond.cond_length);
		hex(&o, "program", m->u.bp_set_cond.program.ptr, m->u.bp_set_cond.program.len);
		break;
	case NWP_MSG_BP_SET_COND_OK:
		u(&o, "resolved", m->u.bp_set_cond_ok.resolved);
		break;
	case NWP_MSG_LOG_HIT:
		u(&o, "offset", m->u.log_hit.offset);
		values(&o, "values", &m->u.log_hit.values);
		break;
	case NWP_MSG_HELLO_OK:
		u(&o, "version", m->u.hello_ok.version);
		u(&o, "capabilities", m->u.hello_ok.capabilities);
		u(&o, "maxFrame", m->u.hello_ok.max_frame);
		u(&o, "freeMemory", m->u.hello_ok.free_memory);
		u(&o, "state", m->u.hello_ok.state);
		hex(&o, "moduleSha256", m->u.hello_ok.module_sha256, 32);
		u(&o, "moduleSize", m->u.hello_ok.module_size);
		str(&o, "board", m->u.hello_ok.board);
		str(&o, "runtime", m->u.hello_ok.runtime);
		str(&o, "runtimeVersion", m->u.hello_ok.runtime_version);
		str(&o, "firmwareVersion", m->u.hello_ok.firmware_version);
		break;
	case NWP_MSG_UPLOAD_BEGIN_OK:
		u(&o, "resumeFrom", m->u.upload_begin_ok.resume_from);
		u(&o, "chunkMax", m->u.upload_begin_ok.chunk_max);
		u(&o, "window", m->u.upload_begin_ok.window);
		break;
	case NWP_MSG_UPLOAD_ACK:
		u(&o, "received", m->u.upload_ack.received);
		break;
	case NWP_MSG_UPLOAD_COMMIT_OK:
		u(&o, "slot", m->u.upload_commit_ok.slot);
		hex(&o, "sha256", m->u.upload_commit_ok.sha256, 32);
		u(&o, "size", m->u.upload_commit_ok.size);
		break;
	case NWP_MSG_BP_SET_OK:
		u32s(&o, "resolved", &m->u.bp_set_ok.resolved);
		break;
	case NWP_MSG_FRAMES_OK:
		u(&o, "total", m->u.frames_ok.total);
		pairs(&o, "frames", &m->u.frames_ok.frames, ':');
		break;
	case NWP_MSG_VALUES_OK:
		u(&o, "total", m->u.values_ok.total);
		values(&o, "values", &m->u.values_ok.values);
		break;
	case NWP_MSG_VALUES_UP_TO_OK:
		u(&o, "total", m->u.values_up_to_ok.total);
		values(&o, "values", &m->u.values_up_to_ok.values);
		break;
	case NWP_MSG_MEM_READ_OK:
		u(&o, "address", m->u.mem_read_ok.address);
		u(&o, "memorySize", m->u.mem_read_ok.memory_size);
		hex(&o, "data", m->u.mem_read_ok.data.ptr, m->u.mem_read_ok.data.len);
		break;
	case NWP_MSG_DATA_BP_SET_OK:
		u(&o, "watchId", m->u.data_bp_set_ok.watch_id);
		break;
	case NWP_MSG_PING_OK:
		hex(&o, "data", m->u.ping_ok.data.ptr, m->u.ping_ok.data.len);
		break;
	case NWP_MSG_BOND_LIST_OK:
		hex(&o, "bonds", m->u.bond_list_ok.bonds.ptr, m->u.bond_list_ok.bonds.len);
		break;
	case NWP_MSG_BOND_ERASE_OK:
		u(&o, "erased", m->u.bond_erase_ok.erased);
		break;
	case NWP_MSG_ERROR:
		u(&o, "code", m->u.error.code);
		u(&o, "requestType", m->u.error.request_type);
		str(&o, "message", m->u.error.message);
		break;
	case NWP_MSG_STOPPED:
		u(&o, "reason", m->u.stopped.reason);
		u(&o, "flags", m->u.stopped.flags);
		u(&o, "hit", m->u.stopped.hit);
		u(&o, "depth", m->u.stopped.depth);
		u(&o, "func", m->u.stopped.func);
		u(&o, "pc", m->u.stopped.pc);
		values(&o, "locals", &m->u.stopped.locals);
		break;
	case NWP_MSG_OUTPUT:
		u(&o, "source", m->u.output.source);
		u(&o, "level", m->u.output.level);
		str(&o, "text", m->u.output.text);
		break;
	case NWP_MSG_EXITED:
		u(&o, "reason", m->u.exited.reason);
		put(&o, " code=%" PRId32, m->u.exited.code);
		break;
	case NWP_MSG_TRAP:
		u(&o, "func", m->u.trap.func);
		u(&o, "pc", m->u.trap.pc);
		str(&o, "message", m->u.trap.message);
		break;
	case NWP_MSG_DEVICE_RESET:
		u(&o, "cause", m->u.device_reset.cause);
		break;
	case NWP_MSG_LED:
		u(&o, "led", m->u.led.led);
		u(&o, "on", m->u.led.on);
		break;
	case NWP_MSG_LINK_ERROR:
		u(&o, "kind", m->u.link_error.kind);
		u(&o, "count", m->u.link_error.count);
		break;
	default:
		break; /* empty bodies */
	}
	return o.len;
}
