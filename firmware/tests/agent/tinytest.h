/*
 * Minimal test harness: TEST(name) defines a case; CMakeLists.txt finds the TEST( lines and
 * registers each case with ctest as `<exe> <name>`, so every case is its own ctest entry.
 */
#ifndef TINYTEST_H_
#define TINYTEST_H_

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tt_case {
	const char *name;
	void (*fn)(void);
};

extern int tt_failures;
extern struct tt_case tt_cases[];
extern int tt_count;

#define TEST(tname)                                                                            \
	static void test_##tname(void);                                                        \
	__attribute__((constructor)) static void reg_##tname(void)                             \
	{                                                                                      \
		tt_cases[tt_count].name = #tname;                                              \
		tt_cases[tt_count++].fn = test_##tname;                                        \
	}                                                                                      \
	static void test_##tname(void)

#define CHECK(cond)                                                                            \
	do {                                                                                   \
		if (!(cond)) {                                                                 \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
			tt_failures++;                                                         \
		}                                                                              \
	} while (0)

#define CHECK_EQ(a, b)                                                                         \
	do {                                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);                            \
		if (a_ != b_) {                                                                \
			fprintf(stderr, "%s:%d: CHECK_EQ failed: %s is %lld, expected %s (%lld)\n",    \
				__FILE__, __LINE__, #a, a_, #b, b_);                           \
			tt_failures++;                                                         \
		}                                                                              \
	} while (0)

/* Stops the case at once (e.g. a needed message is missing). */
#define REQUIRE(cond)                                                                          \
	do {                                                                                   \
		if (!(cond)) {                                                                 \
			fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #cond); \
			tt_failures++;                                                         \
			return;                                                                \
		}                                                                              \
	} while (0)

#endif /* TINYTEST_H_ */
