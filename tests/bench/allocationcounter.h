#pragma once

#include <cstdint>

/// Counts the heap allocations this process makes while a count is running, for benchmarks
/// that report allocations per iteration. Linking allocationcounter.cpp replaces, for the whole
/// executable:
///
/// - the global operator new (every form; the plain forms call malloc), counted as newCalls;
/// - with RINGBACK_BENCH_COUNT_MALLOC (glibc, no sanitizer): malloc, calloc, realloc,
///   memalign, aligned_alloc and posix_memalign, forwarded to glibc's __libc_* entry points
///   and counted as allocations. ELF symbol interposition makes C libraries (and glibc itself)
///   call these, so C code's allocations are counted like C++'s. valloc and pvalloc are not
///   replaced and not counted.
///
/// Without RINGBACK_BENCH_COUNT_MALLOC only operator new is counted, and allocations counts
/// those calls. Outside a count the replacements cost one relaxed atomic load.
///
/// Counts are process-wide: start() and stop() are meant for a single-threaded stretch of a
/// benchmark, outside its timed loop.
class AllocationCounter
{
public:
    struct Counts
    {
        std::uint64_t allocations = 0; ///< blocks obtained from the heap (malloc level)
        std::uint64_t bytes = 0;       ///< bytes requested in those blocks
        std::uint64_t newCalls = 0;    ///< calls of a global operator new
    };

    /// True when C allocations (malloc and friends) are counted, false when only operator new.
    static bool countsMalloc();
    /// Resets the counts and starts counting.
    static void start();
    /// Stops counting and returns what was counted since start().
    static Counts stop();
};
