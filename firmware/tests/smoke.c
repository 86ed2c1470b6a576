/* Proves the host C toolchain and ctest wiring work; real suites live in subfolders. */
#include <stdio.h>

int main(void)
{
	puts("host C toolchain ok");
	return 0;
}
