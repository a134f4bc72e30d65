#pragma once

// What the Google Benchmark programs share: the allocation count per iteration, made in an
// untimed pass after the timed loop, and (cpumodel.h) the CPU model for the run's context.

#include "allocationcounter.h"
#include "cpumodel.h"

#include <benchmark/benchmark.h>

namespace benchsupport {

/// Iterations per allocation count: enough to average out the rare allocation that is not
/// per iteration (a pool growing), few enough to cost no time.
constexpr int CountingIterations = 1000;

/// Counts the allocations of CountingIterations calls of \a once, untimed, and reports them
/// per call as the counters allocs/iter, bytes/iter and new/iter.
template<class Once>
void reportAllocations(benchmark::State &state, Once once)
{
    AllocationCounter::start();
    for (int i = 0; i < CountingIterations; ++i)
        once();
    const AllocationCounter::Counts counts = AllocationCounter::stop();
    state.counters["allocs/iter"] = static_cast<double>(counts.allocations) / CountingIterations;
    state.counters["bytes/iter"] = static_cast<double>(counts.bytes) / CountingIterations;
    state.counters["new/iter"] = static_cast<double>(counts.newCalls) / CountingIterations;
}

} // namespace benchsupport
