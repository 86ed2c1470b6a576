/*
 * Breakpoint programs evaluated on the device (docs/protocol.md 3.7): the condition and the
 * logpoint values of a `bpSetCond`, compiled by the host from its expression language into a
 * small stack bytecode. Forward jumps only (no loops), a bounded stack, bounds-checked memory
 * reads: nrfw_cond_check() proves a program keeps these rules once, when it is set, so that
 * nrfw_cond_run() can run it at every hit without allocating or failing on its structure.
 * Portable C: no agent, VM or protocol state (the fuzz target builds it alone).
 */
#ifndef NRFW_AGENT_COND_H_
#define NRFW_AGENT_COND_H_

#include <stdbool.h>
#include <stdint.h>

#define NRFW_COND_PROG_MAX 96 /* bytes of one breakpoint's programs (condition + log) */
#define NRFW_COND_STACK 8     /* operand stack depth */
#define NRFW_COND_EMIT_MAX 8  /* values one log program emits */

/* Opcodes; immediates little-endian. */
enum nrfw_cond_op {
	NRFW_C_I64 = 0x01,    /* i64 constant (8 bytes) */
	NRFW_C_F64 = 0x02,    /* f64 constant (8 bytes, IEEE 754 bits) */
	NRFW_C_LOCAL = 0x03,  /* u16 index: local of the top frame */
	NRFW_C_GLOBAL = 0x04, /* u16 index */
	NRFW_C_LOAD = 0x05,   /* u8 type (NRFW_CL_*): pops an address, pushes linear memory */
	NRFW_C_ADD = 0x10,
	NRFW_C_SUB,
	NRFW_C_MUL,
	NRFW_C_DIV,
	NRFW_C_REM,
	NRFW_C_AND,
	NRFW_C_OR,
	NRFW_C_XOR,
	NRFW_C_SHL,
	NRFW_C_SHR,
	NRFW_C_EQ, /* 0x1a */
	NRFW_C_NE,
	NRFW_C_LT,
	NRFW_C_LE,
	NRFW_C_GT,
	NRFW_C_GE, /* 0x1f */
	NRFW_C_NEG = 0x20,
	NRFW_C_NOT = 0x21,  /* logical: 1 if zero */
	NRFW_C_BOOL = 0x22, /* 1 if non-zero */
	NRFW_C_AND_THEN = 0x30, /* u8 skip: top false -> keep it, jump skip bytes; else pop */
	NRFW_C_OR_ELSE = 0x31,  /* u8 skip: top true -> keep it, jump skip bytes; else pop */
	NRFW_C_EMIT = 0x40,     /* log programs: pop a value into the logpoint's values */
};

/* NRFW_C_LOAD types */
enum { NRFW_CL_I8, NRFW_CL_U8, NRFW_CL_I16, NRFW_CL_U16, NRFW_CL_I32, NRFW_CL_U32,
       NRFW_CL_I64, NRFW_CL_U64, NRFW_CL_F32, NRFW_CL_F64 };

/* A value: a 64-bit integer (two's complement, wrapping) or a double. */
struct nrfw_cond_val {
	bool is_f;
	union {
		int64_t i;
		double d;
	};
};

/* What a program reads. `local`/`global` fill a wasm value (type tag as the protocol's value
 * tags, bits little-endian in the low bytes) and return 0, or -1 if there is no such index. */
struct nrfw_cond_env {
	int (*local)(void *ctx, uint16_t index, uint8_t *type, uint64_t *bits);
	int (*global)(void *ctx, uint16_t index, uint8_t *type, uint64_t *bits);
	void *ctx;
	const uint8_t *mem; /* linear memory (NULL: none) */
	uint32_t mem_size;
};

/* 0 if `p` is a valid condition (log = false: leaves one value, emits nothing) or log program
 * (log = true: leaves nothing, emits at most NRFW_COND_EMIT_MAX values); else -1. */
int nrfw_cond_check(const uint8_t *p, uint16_t len, bool log);

/*
 * Runs a checked program. A condition's result goes to out[0] (*nout = 1), a log program's
 * emitted values to out[] in order. Returns 0, or -1 on a runtime error (a memory read out of
 * bounds, a division by zero, an unknown local or global).
 */
int nrfw_cond_run(const uint8_t *p, uint16_t len, const struct nrfw_cond_env *env,
		  struct nrfw_cond_val out[NRFW_COND_EMIT_MAX], uint8_t *nout);

static inline bool nrfw_cond_true(const struct nrfw_cond_val *v)
{
	return v->is_f ? v->d != 0.0 : v->i != 0;
}

/*
 * The usual condition, `a CMP b` (or a bare `a`), where each side is a local of the top frame, a
 * global or a constant (`local[0] > 200000`): pre-decoded once when the breakpoint is set, so
 * that the many hits of a breakpoint in a loop are decided without the stack machine.
 * nrfw_cond_quick_run() answers exactly as nrfw_cond_run() followed by nrfw_cond_true() does.
 */
struct nrfw_cond_quick {
	uint8_t op;      /* NRFW_C_EQ..NRFW_C_GE, NRFW_C_BOOL (a bare side), 0: another shape */
	uint8_t kind[2]; /* NRFW_C_LOCAL, NRFW_C_GLOBAL, or NRFW_C_I64 (a constant in k[]) */
	uint16_t index[2];
	struct nrfw_cond_val k[2];
};

/* Fills *q from a checked condition; q->op is 0 if the program has another shape. */
void nrfw_cond_quick_compile(const uint8_t *p, uint16_t len, struct nrfw_cond_quick *q);

/* 1 if the condition holds, 0 if not, -1 on a runtime error (an unknown local or global). */
int nrfw_cond_quick_run(const struct nrfw_cond_quick *q, const struct nrfw_cond_env *env);

/* Whether a checked program (or two, back to back) reads linear memory. */
bool nrfw_cond_reads_memory(const uint8_t *p, uint16_t len);

/* Whether a hit count meets a hit condition (NWP_HIT_*). */
bool nrfw_cond_hit_met(uint8_t op, uint32_t hits, uint32_t n);

#endif /* NRFW_AGENT_COND_H_ */
