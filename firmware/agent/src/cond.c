/* Breakpoint programs: see cond.h and docs/protocol.md 3.7. */
#include <math.h>
#include <string.h>

#include "cond.h"

/* Immediate bytes after each opcode, -1: not an opcode. */
static int imm_len(uint8_t op)
{
	switch (op) {
	case NRFW_C_I64:
	case NRFW_C_F64:
		return 8;
	case NRFW_C_LOCAL:
	case NRFW_C_GLOBAL:
		return 2;
	case NRFW_C_LOAD:
	case NRFW_C_AND_THEN:
	case NRFW_C_OR_ELSE:
		return 1;
	default:
		return (op >= NRFW_C_ADD && op <= NRFW_C_GE) ||
			       (op >= NRFW_C_NEG && op <= NRFW_C_BOOL) || op == NRFW_C_EMIT
		       ? 0
		       : -1;
	}
}

int nrfw_cond_check(const uint8_t *p, uint16_t len, bool log)
{
	/* Depth a forward jump expects at each offset (-1: no jump lands there) and which offsets
	 * start an instruction: a jump must land on one, with the same depth as the fall-through. */
	int8_t want[NRFW_COND_PROG_MAX + 1];
	uint8_t start[(NRFW_COND_PROG_MAX + 1 + 7) / 8];
	int depth = 0, emits = 0;
	uint16_t i = 0;

	if (len > NRFW_COND_PROG_MAX) {
		return -1;
	}
	memset(want, -1, sizeof(want));
	memset(start, 0, sizeof(start));
	while (i < len) {
		uint8_t op = p[i];
		int n = imm_len(op);

		if (want[i] >= 0 && want[i] != depth) {
			return -1;
		}
		start[i / 8] |= (uint8_t)(1u << (i % 8));
		if (n < 0 || i + 1 + n > len) {
			return -1;
		}
		switch (op) {
		case NRFW_C_I64:
		case NRFW_C_F64:
		case NRFW_C_LOCAL:
		case NRFW_C_GLOBAL:
			depth++;
			break;
		case NRFW_C_LOAD:
			if (depth < 1 || p[i + 1] > NRFW_CL_F64) {
				return -1;
			}
			break;
		case NRFW_C_NEG:
		case NRFW_C_NOT:
		case NRFW_C_BOOL:
			if (depth < 1) {
				return -1;
			}
			break;
		case NRFW_C_AND_THEN:
		case NRFW_C_OR_ELSE: {
			uint32_t to = (uint32_t)i + 2 + p[i + 1];

			if (depth < 1 || to > len || (want[to] >= 0 && want[to] != depth)) {
				return -1;
			}
			want[to] = (int8_t)depth;
			depth--; /* fall-through: the operand is popped */
			break;
		}
		case NRFW_C_EMIT:
			if (!log || depth < 1 || ++emits > NRFW_COND_EMIT_MAX) {
				return -1;
			}
			depth--;
			break;
		default: /* binary */
			if (depth < 2) {
				return -1;
			}
			depth--;
			break;
		}
		if (depth > NRFW_COND_STACK) {
			return -1;
		}
		i = (uint16_t)(i + 1 + n);
	}
	if (want[len] >= 0 && want[len] != depth) {
		return -1;
	}
	start[len / 8] |= (uint8_t)(1u << (len % 8));
	for (uint16_t k = 0; k <= len; k++) {
		if (want[k] >= 0 && !(start[k / 8] & (1u << (k % 8)))) {
			return -1; /* a jump into the middle of an instruction */
		}
	}
	return depth == (log ? 0 : 1) ? 0 : -1;
}

static uint64_t get_le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int k = n - 1; k >= 0; k--) {
		v = (v << 8) | p[k];
	}
	return v;
}

/* 8 bytes little-endian: written out so that compilers make it one load where they can. */
static inline uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
	       (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

static double f32_of(uint32_t bits)
{
	float f;

	memcpy(&f, &bits, 4);
	return f;
}

static double f64_of(uint64_t bits)
{
	double d;

	memcpy(&d, &bits, 8);
	return d;
}

/* A wasm value as a program value (refs: their index, null = -1). */
static void from_wasm(uint8_t type, uint64_t bits, struct nrfw_cond_val *v)
{
	if (type == 0x7f) { /* i32: the usual local, first */
		v->is_f = false;
		v->i = (int32_t)(uint32_t)bits;
		return;
	}
	v->is_f = type == 0x7d || type == 0x7c;
	if (type == 0x7d) {
		v->d = f32_of((uint32_t)bits);
	} else if (type == 0x7c) {
		v->d = f64_of(bits);
	} else if (type == 0x7e) {
		v->i = (int64_t)bits;
	} else if (type == 0x70 || type == 0x6f) {
		v->i = (uint32_t)bits == 0xffffffffu ? -1 : (int64_t)(uint32_t)bits;
	} else {
		v->i = (int32_t)(uint32_t)bits;
	}
}

static double as_f(const struct nrfw_cond_val *v)
{
	return v->is_f ? v->d : (double)v->i;
}

/* Doubles to integers for bitwise operators: truncated, NaN and out of range give 0. */
static int64_t as_i(const struct nrfw_cond_val *v)
{
	if (!v->is_f) {
		return v->i;
	}
	if (!(v->d > -9223372036854775808.0 && v->d < 9223372036854775808.0)) {
		return 0;
	}
	return (int64_t)v->d;
}

static int binary(uint8_t op, struct nrfw_cond_val *a, const struct nrfw_cond_val *b)
{
	bool f = a->is_f || b->is_f;

	if (op >= NRFW_C_EQ) { /* comparisons give integers 0 / 1 */
		int r;

		if (f) {
			double x = as_f(a), y = as_f(b);

			r = op == NRFW_C_EQ ? x == y : op == NRFW_C_NE ? x != y : op == NRFW_C_LT ? x < y
			  : op == NRFW_C_LE ? x <= y : op == NRFW_C_GT ? x > y : x >= y;
		} else {
			int64_t x = a->i, y = b->i;

			r = op == NRFW_C_EQ ? x == y : op == NRFW_C_NE ? x != y : op == NRFW_C_LT ? x < y
			  : op == NRFW_C_LE ? x <= y : op == NRFW_C_GT ? x > y : x >= y;
		}
		a->is_f = false;
		a->i = r;
		return 0;
	}
	if (f && op <= NRFW_C_REM) {
		double x = as_f(a), y = as_f(b);

		a->is_f = true;
		switch (op) {
		case NRFW_C_ADD: a->d = x + y; break;
		case NRFW_C_SUB: a->d = x - y; break;
		case NRFW_C_MUL: a->d = x * y; break;
		case NRFW_C_DIV: a->d = x / y; break;
		default: a->d = fmod(x, y); break;
		}
		return 0;
	}
	/* Integers: wrapping 64-bit arithmetic (unsigned, to keep C's overflow rules out). */
	uint64_t x = (uint64_t)as_i(a), y = (uint64_t)as_i(b);

	a->is_f = false;
	switch (op) {
	case NRFW_C_ADD: a->i = (int64_t)(x + y); break;
	case NRFW_C_SUB: a->i = (int64_t)(x - y); break;
	case NRFW_C_MUL: a->i = (int64_t)(x * y); break;
	case NRFW_C_DIV:
	case NRFW_C_REM:
		if (y == 0) {
			return -1;
		}
		if ((int64_t)y == -1) { /* INT64_MIN / -1 overflows in C: wrap */
			a->i = op == NRFW_C_DIV ? (int64_t)(0 - x) : 0;
		} else {
			a->i = op == NRFW_C_DIV ? (int64_t)x / (int64_t)y : (int64_t)x % (int64_t)y;
		}
		break;
	case NRFW_C_AND: a->i = (int64_t)(x & y); break;
	case NRFW_C_OR: a->i = (int64_t)(x | y); break;
	case NRFW_C_XOR: a->i = (int64_t)(x ^ y); break;
	case NRFW_C_SHL: a->i = (int64_t)(x << (y & 63)); break;
	default: /* SHR, arithmetic */
		a->i = (int64_t)x < 0 ? (int64_t)~(~x >> (y & 63)) : (int64_t)(x >> (y & 63));
		break;
	}
	return 0;
}

static int load(const struct nrfw_cond_env *env, uint8_t type, struct nrfw_cond_val *v)
{
	static const uint8_t size[] = { 1, 1, 2, 2, 4, 4, 8, 8, 4, 8 };
	uint64_t bits;

	if (v->is_f || v->i < 0 || !env->mem || (uint64_t)v->i + size[type] > env->mem_size) {
		return -1;
	}
	bits = get_le(env->mem + v->i, size[type]);
	v->is_f = false;
	switch (type) {
	case NRFW_CL_I8: v->i = (int8_t)bits; break;
	case NRFW_CL_I16: v->i = (int16_t)bits; break;
	case NRFW_CL_I32: v->i = (int32_t)bits; break;
	case NRFW_CL_F32: v->is_f = true; v->d = f32_of((uint32_t)bits); break;
	case NRFW_CL_F64: v->is_f = true; v->d = f64_of(bits); break;
	default: v->i = (int64_t)bits; break; /* unsigned, and i64/u64 as bits */
	}
	return 0;
}

int nrfw_cond_run(const uint8_t *p, uint16_t len, const struct nrfw_cond_env *env,
		  struct nrfw_cond_val out[NRFW_COND_EMIT_MAX], uint8_t *nout)
{
	struct nrfw_cond_val st[NRFW_COND_STACK];
	int sp = 0;
	uint16_t i = 0;

	*nout = 0;
	while (i < len) {
		uint8_t op = p[i++];
		uint8_t type;
		uint64_t bits;

		switch (op) {
		case NRFW_C_I64:
			st[sp].is_f = false;
			st[sp++].i = (int64_t)get_le64(p + i);
			i += 8;
			break;
		case NRFW_C_F64:
			st[sp].is_f = true;
			st[sp++].d = f64_of(get_le64(p + i));
			i += 8;
			break;
		case NRFW_C_LOCAL:
		case NRFW_C_GLOBAL:
			if ((op == NRFW_C_LOCAL ? env->local : env->global)(
				    env->ctx, (uint16_t)(p[i] | p[i + 1] << 8), &type, &bits)) {
				return -1;
			}
			from_wasm(type, bits, &st[sp++]);
			i += 2;
			break;
		case NRFW_C_LOAD:
			if (load(env, p[i++], &st[sp - 1])) {
				return -1;
			}
			break;
		case NRFW_C_NEG:
			if (st[sp - 1].is_f) {
				st[sp - 1].d = -st[sp - 1].d;
			} else {
				st[sp - 1].i = (int64_t)(0 - (uint64_t)st[sp - 1].i);
			}
			break;
		case NRFW_C_NOT:
		case NRFW_C_BOOL: {
			bool t = nrfw_cond_true(&st[sp - 1]);

			st[sp - 1].is_f = false;
			st[sp - 1].i = op == NRFW_C_NOT ? !t : t;
			break;
		}
		case NRFW_C_AND_THEN:
		case NRFW_C_OR_ELSE: {
			uint8_t skip = p[i++];

			if (nrfw_cond_true(&st[sp - 1]) == (op == NRFW_C_OR_ELSE)) {
				i = (uint16_t)(i + skip); /* decided: the operand stays as the result */
			} else {
				sp--;
			}
			break;
		}
		case NRFW_C_EMIT:
			out[(*nout)++] = st[--sp];
			break;
		default:
			if (binary(op, &st[sp - 2], &st[sp - 1])) {
				return -1;
			}
			sp--;
			break;
		}
	}
	if (sp == 1) {
		out[0] = st[0];
		*nout = 1;
	}
	return 0;
}

/* One side of a quick condition at p[*i]: a local, a global, or a constant (negated if a NEG
 * follows it). Returns false for anything else. */
static bool quick_side(const uint8_t *p, uint16_t len, uint16_t *i, struct nrfw_cond_quick *q,
		       int side)
{
	uint8_t op = p[*i];

	if (op == NRFW_C_LOCAL || op == NRFW_C_GLOBAL) {
		q->kind[side] = op;
		q->index[side] = (uint16_t)(p[*i + 1] | p[*i + 2] << 8);
		*i = (uint16_t)(*i + 3);
		return true;
	}
	if (op != NRFW_C_I64 && op != NRFW_C_F64) {
		return false;
	}
	q->kind[side] = NRFW_C_I64;
	q->k[side].is_f = op == NRFW_C_F64;
	if (q->k[side].is_f) {
		q->k[side].d = f64_of(get_le64(p + *i + 1));
	} else {
		q->k[side].i = (int64_t)get_le64(p + *i + 1);
	}
	*i = (uint16_t)(*i + 9);
	if (*i < len && p[*i] == NRFW_C_NEG) { /* `-3`: as the stack machine would negate it */
		if (q->k[side].is_f) {
			q->k[side].d = -q->k[side].d;
		} else {
			q->k[side].i = (int64_t)(0 - (uint64_t)q->k[side].i);
		}
		(*i)++;
	}
	return true;
}

void nrfw_cond_quick_compile(const uint8_t *p, uint16_t len, struct nrfw_cond_quick *q)
{
	uint16_t i = 0;

	memset(q, 0, sizeof(*q));
	if (!len || !quick_side(p, len, &i, q, 0)) {
		return;
	}
	if (i == len) {
		q->op = NRFW_C_BOOL;
		return;
	}
	if (quick_side(p, len, &i, q, 1) && i + 1 == len && p[i] >= NRFW_C_EQ &&
	    p[i] <= NRFW_C_GE) {
		q->op = p[i];
	}
}

static inline int quick_value(const struct nrfw_cond_quick *q, int side,
			      const struct nrfw_cond_env *env, struct nrfw_cond_val *v)
{
	uint8_t type;
	uint64_t bits;

	if (q->kind[side] == NRFW_C_I64) {
		*v = q->k[side];
		return 0;
	}
	if ((q->kind[side] == NRFW_C_LOCAL ? env->local : env->global)(env->ctx, q->index[side],
									&type, &bits)) {
		return -1;
	}
	from_wasm(type, bits, v);
	return 0;
}

static inline int cmp_i(uint8_t op, int64_t x, int64_t y)
{
	switch (op) {
	case NRFW_C_EQ: return x == y;
	case NRFW_C_NE: return x != y;
	case NRFW_C_LT: return x < y;
	case NRFW_C_LE: return x <= y;
	case NRFW_C_GT: return x > y;
	default: return x >= y;
	}
}

int nrfw_cond_quick_run(const struct nrfw_cond_quick *q, const struct nrfw_cond_env *env)
{
	struct nrfw_cond_val a, b;

	if (q->kind[0] == NRFW_C_LOCAL && q->kind[1] == NRFW_C_I64 && !q->k[1].is_f &&
	    q->op != NRFW_C_BOOL) {
		/* `local[N] CMP integer`, the usual condition: an i32 local needs no conversion */
		uint8_t type;
		uint64_t bits;

		if (env->local(env->ctx, q->index[0], &type, &bits)) {
			return -1;
		}
		if (type == 0x7f) {
			return cmp_i(q->op, (int32_t)(uint32_t)bits, q->k[1].i);
		}
		from_wasm(type, bits, &a);
		b = q->k[1];
		binary(q->op, &a, &b);
		return nrfw_cond_true(&a);
	}
	if (quick_value(q, 0, env, &a)) {
		return -1;
	}
	if (q->op == NRFW_C_BOOL) {
		return nrfw_cond_true(&a);
	}
	if (quick_value(q, 1, env, &b)) {
		return -1;
	}
	if (!a.is_f && !b.is_f) { /* integers, as binary() compares them */
		return cmp_i(q->op, a.i, b.i);
	}
	binary(q->op, &a, &b); /* a comparison: cannot fail */
	return nrfw_cond_true(&a);
}

bool nrfw_cond_reads_memory(const uint8_t *p, uint16_t len)
{
	for (uint16_t i = 0; i < len; i = (uint16_t)(i + 1 + imm_len(p[i]))) {
		if (p[i] == NRFW_C_LOAD || imm_len(p[i]) < 0) {
			return true; /* (unknown bytes cannot occur in a checked program) */
		}
	}
	return false;
}

bool nrfw_cond_hit_met(uint8_t op, uint32_t hits, uint32_t n)
{
	switch (op) {
	case 1: return hits >= n;
	case 2: return hits > n;
	case 3: return hits == n;
	case 4: return hits < n;
	case 5: return hits <= n;
	case 6: return n > 0 && hits % n == 0;
	default: return true;
	}
}
