// libFuzzer's C entry point, for shoal-fuzz. Only fuzzing builds (-sanitize=fuzzer) call it, and they
// link libFuzzer, which defines it; a normal build never references it.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
