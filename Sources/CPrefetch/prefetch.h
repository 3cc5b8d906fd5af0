#ifndef SHOAL_PREFETCH_H
#define SHOAL_PREFETCH_H

/// Asks the processor to start bringing the cache line holding `address` in for reading, without waiting
/// for it (the compiler's prefetch builtin: Swift has no spelling of its own). A hint only: it never faults,
/// whatever the address, and changes nothing a program can see but its speed.
static inline void shoal_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
