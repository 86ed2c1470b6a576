/* Runs the cases named on the command line, or all of them. */
#include "tinytest.h"

int tt_failures;
struct tt_case tt_cases[256];
int tt_count;

void tt_setup(void); /* per-file: reset doubles before each case */

int main(int argc, char **argv)
{
	int ran = 0;

	for (int i = 0; i < tt_count; i++) {
		bool want = argc < 2;

		for (int a = 1; a < argc; a++) {
			want = want || strcmp(argv[a], tt_cases[i].name) == 0;
		}
		if (!want) {
			continue;
		}
		tt_setup();
		tt_cases[i].fn();
		ran++;
	}
	if (ran == 0) {
		fprintf(stderr, "no test case matched\n");
		return 1;
	}
	printf("%d case(s), %d failure(s)\n", ran, tt_failures);
	return tt_failures ? 1 : 0;
}
