#!/bin/sh
# CMAKE_CROSSCOMPILING_EMULATOR of the Cortex-M33 unit tests: runs IMAGE ARGS... on the emulated
# MPS2-AN505 (semihosting: stdio, files and the exit status are the host's). Relative file
# arguments resolve against the current directory, as on the host.
image=$1
shift
exec qemu-system-arm -M mps2-an505 -nographic -monitor none -serial none -semihosting \
	-kernel "$image" -append "$*"
