/* Test VM double: see vm_double.h. */
#include <string.h>

#include "nrf_wasm/agent.h"
#include "nrf_wasm/protocol.h"
#include "vm_double.h"

const struct vd_step *vd_program;
int vd_program_len;
int vd_loops;
int32_t vd_return;
bool vd_reject;
int vd_errors;
int vd_hooks;
int vd_executed;
bool vd_attention;
uint8_t vd_memory[65536];
uint32_t vd_stack[3];

static uint32_t patched[64];
static struct nrfw_vm_watch watches[8];
static uint8_t nwatches;
static int npatched;
static bool running;
static const struct vd_step *cur;
static uint32_t frame_pc[16], frame_func[16];
static int32_t locals[16][2];
static int64_t global64;
static int32_t global32;
static uint8_t end_reason;
static int32_t end_code;
static bool ended;

void vd_reset(void)
{
	vd_program = NULL;
	vd_program_len = 0;
	vd_loops = 0;
	vd_return = 0;
	vd_reject = false;
	vd_errors = 0;
	vd_hooks = 0;
	vd_executed = 0;
	vd_attention = false;
	memset(vd_memory, 0, sizeof(vd_memory));
	memset(vd_stack, 0, sizeof(vd_stack));
	npatched = 0;
	nwatches = 0;
	running = false;
	global64 = -5;
	global32 = 42;
}

bool vd_patched(uint32_t off)
{
	for (int i = 0; i < npatched; i++) {
		if (patched[i] == off) {
			return true;
		}
	}
	return false;
}

int nrfw_vm_validate(const struct nrfw_module *m, char *err, size_t err_len)
{
	uint8_t magic[4];

	if (vd_reject || m->size < 8 || nrfw_module_read(m, 0, magic, 4) ||
	    memcmp(magic, "\0asm", 4) != 0) {
		strncpy(err, "magic header not detected", err_len - 1);
		err[err_len - 1] = '\0';
		return -1;
	}
	return 0;
}

void nrfw_vm_attention(bool on)
{
	vd_attention = on;
}

void nrfw_vm_terminate(uint8_t end, int32_t code)
{
	ended = true;
	end_reason = end;
	end_code = code;
}

int nrfw_vm_bp_insert(uint32_t off)
{
	if (!running || vd_patched(off)) {
		vd_errors++; /* inserted twice, or with no module loaded */
		return -1;
	}
	patched[npatched++] = off;
	return 0;
}

int nrfw_vm_bp_remove(uint32_t off)
{
	for (int i = 0; i < npatched; i++) {
		if (patched[i] == off) {
			patched[i] = patched[--npatched];
			return 0;
		}
	}
	vd_errors++;
	return -1;
}

/* Like the WAMR glue: only a store into a watched range reaches the hook. */
static bool store_watched(const struct vd_step *s)
{
	uint32_t lo = vd_stack[1] + 16;

	if (s->op != VD_STORE) {
		return false;
	}
	for (uint8_t i = 0; i < nwatches; i++) {
		if (watches[i].len && (watches[i].access & NWP_ACCESS_WRITE) &&
		    lo < watches[i].addr + watches[i].len && watches[i].addr < lo + 4) {
			return true;
		}
	}
	return false;
}

void nrfw_vm_watch(const struct nrfw_vm_watch *w, uint8_t n)
{
	nwatches = n > 8 ? 8 : n;
	memcpy(watches, w, nwatches * sizeof(*w));
}

int nrfw_vm_return_pc(uint16_t frame, uint32_t *pc)
{
	uint16_t depth;

	if (!cur || frame >= cur->depth) {
		return -1;
	}
	/* The caller goes on at its next step in the script. */
	depth = (uint16_t)(cur->depth - frame);
	for (const struct vd_step *s = cur + 1; s < vd_program + vd_program_len; s++) {
		if (s->depth <= depth) {
			*pc = s->pc;
			return 0;
		}
	}
	return -1;
}

void nrfw_vm_run(const struct nrfw_module *m, const char *entry, size_t entry_len,
		 struct nrfw_vm_result *res)
{
	(void)m;
	(void)entry;
	(void)entry_len;
	running = true;
	ended = false;
	npatched = 0;
	memset(locals, 0, sizeof(locals));
	for (int d = 0; d < 16; d++) {
		locals[d][0] = d * 10;
		locals[d][1] = d * 10 + 1;
	}
	nrfw_agent_loaded();
	res->end = NRFW_VM_RETURNED;
	res->code = vd_return;
	for (int i = 0; i < vd_program_len && !ended; i++) {
		cur = &vd_program[i];
		frame_pc[cur->depth - 1] = cur->pc;
		frame_func[cur->depth - 1] = cur->func;
		if (vd_attention || vd_patched(cur->pc) || store_watched(cur)) {
			vd_hooks++;
			int rc = nrfw_agent_hook(cur->pc, cur->depth);

			if (rc < 0) {
				res->end = NRFW_VM_STOPPED;
				res->code = 0;
				break;
			}
			if (rc != NRFW_HOOK_RUN_UNDER_BREAK && vd_patched(cur->pc)) {
				vd_errors++; /* a real VM would run the breakpoint opcode again */
			}
		}
		vd_executed++;
		switch (cur->op) {
		case VD_TRAP:
			nrfw_agent_trap("integer divide by zero");
			res->end = NRFW_VM_TRAP;
			strcpy(res->message, "integer divide by zero");
			ended = true;
			break;
		case VD_LOG:
			nrfw_agent_log("hello", 5, NWP_OUTPUT_LEVEL_INFO);
			break;
		case VD_SLEEP:
			if (!nrfw_agent_sleep(cur->arg)) {
				nrfw_vm_terminate(NRFW_VM_STOPPED, 0);
			}
			break;
		case VD_EXIT:
			nrfw_vm_terminate(NRFW_VM_EXIT, (int32_t)cur->arg);
			break;
		case VD_LOOP:
			if (vd_loops-- > 0) {
				i = (int)cur->arg - 1;
			}
			break;
		case VD_STORE:
			memcpy(vd_memory + vd_stack[1] + 16, &vd_stack[2], 4); /* offset=16 */
			break;
		default:
			break;
		}
		if (ended && cur->op != VD_TRAP) {
			res->end = end_reason;
			res->code = end_code;
		}
	}
	running = false;
	cur = NULL;
}

uint16_t nrfw_vm_depth(void)
{
	return cur ? cur->depth : 0;
}

int nrfw_vm_frame(uint16_t frame, uint32_t *func, uint32_t *pc, bool *pc_after)
{
	if (!cur || frame >= cur->depth) {
		return -1;
	}
	*func = frame_func[cur->depth - 1 - frame];
	*pc = frame_pc[cur->depth - 1 - frame];
	*pc_after = false;
	return 0;
}

uint16_t vd_trap_cells;

void nrfw_vm_trap_operands(uint16_t cells)
{
	vd_trap_cells = cells;
}

uint16_t nrfw_vm_value_count(uint8_t scope, uint16_t frame)
{
	switch (scope) {
	case NWP_SCOPE_LOCALS:
		return 2;
	case NWP_SCOPE_OPERAND_STACK:
		return 3;
	default:
		return 2;
	}
}

int nrfw_vm_value_get(uint8_t scope, uint16_t frame, uint16_t index, struct nrfw_value *out)
{
	if (!cur || (scope != NWP_SCOPE_GLOBALS && frame >= cur->depth)) {
		return -1;
	}
	if (scope == NWP_SCOPE_LOCALS && index < 2) {
		out->type = NWP_VAL_I32;
		out->bits = (uint32_t)locals[cur->depth - 1 - frame][index];
		return 0;
	}
	if (scope == NWP_SCOPE_OPERAND_STACK && index < 3 && frame == 0) {
		out->type = NWP_VAL_I32;
		out->bits = vd_stack[index];
		return 0;
	}
	if (scope == NWP_SCOPE_GLOBALS && index < 2) {
		out->type = index == 0 ? NWP_VAL_I64 : NWP_VAL_I32;
		out->bits = index == 0 ? (uint64_t)global64 : (uint32_t)global32;
		return 0;
	}
	return -1;
}

int nrfw_vm_local0(void *ctx, uint16_t index, uint8_t *type, uint64_t *bits)
{
	struct nrfw_value v;

	(void)ctx;
	if (nrfw_vm_value_get(NWP_SCOPE_LOCALS, 0, index, &v)) {
		return -1;
	}
	*type = v.type;
	*bits = v.bits;
	return 0;
}

int nrfw_vm_value_set(uint8_t scope, uint16_t frame, uint16_t index, const struct nrfw_value *v)
{
	struct nrfw_value old;

	if (nrfw_vm_value_get(scope, frame, index, &old) || old.type != v->type) {
		return -1;
	}
	if (scope == NWP_SCOPE_LOCALS) {
		locals[cur->depth - 1 - frame][index] = (int32_t)v->bits;
	} else if (scope == NWP_SCOPE_OPERAND_STACK) {
		vd_stack[index] = (uint32_t)v->bits;
	} else if (index == 0) {
		global64 = (int64_t)v->bits;
	} else {
		global32 = (int32_t)v->bits;
	}
	return 0;
}

void nrfw_vm_memory(uint8_t **base, uint32_t *size)
{
	*base = vd_memory;
	*size = sizeof(vd_memory);
}
