#include "allocationcounter.h"

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <new>

namespace {

std::atomic<bool> s_counting{false};
std::atomic<std::uint64_t> s_allocations{0};
std::atomic<std::uint64_t> s_bytes{0};
std::atomic<std::uint64_t> s_newCalls{0};

[[maybe_unused]] void countAllocation(std::size_t size)
{
    if (!s_counting.load(std::memory_order_relaxed))
        return;
    s_allocations.fetch_add(1, std::memory_order_relaxed);
    s_bytes.fetch_add(size, std::memory_order_relaxed);
}

void countNew([[maybe_unused]] std::size_t size)
{
    if (!s_counting.load(std::memory_order_relaxed))
        return;
    s_newCalls.fetch_add(1, std::memory_order_relaxed);
#if !RINGBACK_BENCH_COUNT_MALLOC
    // malloc is not replaced, so operator new is all that can be counted.
    s_allocations.fetch_add(1, std::memory_order_relaxed);
    s_bytes.fetch_add(size, std::memory_order_relaxed);
#endif
}

void *allocateOrThrow(std::size_t size)
{
    countNew(size);
    // operator new(0) must return a distinct pointer; malloc(0) may return nullptr.
    if (void *block = std::malloc(size == 0 ? 1 : size))
        return block;
    throw std::bad_alloc();
}

void *allocateAlignedOrThrow(std::size_t size, std::align_val_t alignment)
{
    countNew(size);
    const auto align = static_cast<std::size_t>(alignment);
    // aligned_alloc wants a size that is a multiple of the alignment.
    const std::size_t rounded = size == 0 ? align : (size + align - 1) / align * align;
    if (void *block = std::aligned_alloc(align, rounded))
        return block;
    throw std::bad_alloc();
}

} // namespace

bool AllocationCounter::countsMalloc()
{
    return RINGBACK_BENCH_COUNT_MALLOC != 0;
}

void AllocationCounter::start()
{
    s_allocations.store(0, std::memory_order_relaxed);
    s_bytes.store(0, std::memory_order_relaxed);
    s_newCalls.store(0, std::memory_order_relaxed);
    s_counting.store(true, std::memory_order_seq_cst);
}

AllocationCounter::Counts AllocationCounter::stop()
{
    s_counting.store(false, std::memory_order_seq_cst);
    return {.allocations = s_allocations.load(std::memory_order_relaxed),
            .bytes = s_bytes.load(std::memory_order_relaxed),
            .newCalls = s_newCalls.load(std::memory_order_relaxed)};
}

// Global operator new and delete (every replaceable form). The deletes only release: frees are
// not counted.

void *operator new(std::size_t size)
{
    return allocateOrThrow(size);
}

void *operator new[](std::size_t size)
{
    return allocateOrThrow(size);
}

void *operator new(std::size_t size, const std::nothrow_t &) noexcept
{
    try {
        return allocateOrThrow(size);
    } catch (const std::bad_alloc &) {
        return nullptr;
    }
}

void *operator new[](std::size_t size, const std::nothrow_t &) noexcept
{
    try {
        return allocateOrThrow(size);
    } catch (const std::bad_alloc &) {
        return nullptr;
    }
}

void *operator new(std::size_t size, std::align_val_t alignment)
{
    return allocateAlignedOrThrow(size, alignment);
}

void *operator new[](std::size_t size, std::align_val_t alignment)
{
    return allocateAlignedOrThrow(size, alignment);
}

void *operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t &) noexcept
{
    try {
        return allocateAlignedOrThrow(size, alignment);
    } catch (const std::bad_alloc &) {
        return nullptr;
    }
}

void *operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t &) noexcept
{
    try {
        return allocateAlignedOrThrow(size, alignment);
    } catch (const std::bad_alloc &) {
        return nullptr;
    }
}

void operator delete(void *block) noexcept
{
    std::free(block);
}

void operator delete[](void *block) noexcept
{
    std::free(block);
}

void operator delete(void *block, std::size_t) noexcept
{
    std::free(block);
}

void operator delete[](void *block, std::size_t) noexcept
{
    std::free(block);
}

void operator delete(void *block, const std::nothrow_t &) noexcept
{
    std::free(block);
}

void operator delete[](void *block, const std::nothrow_t &) noexcept
{
    std::free(block);
}

void operator delete(void *block, std::align_val_t) noexcept
{
    std::free(block);
}

void operator delete[](void *block, std::align_val_t) noexcept
{
    std::free(block);
}

void operator delete(void *block, std::size_t, std::align_val_t) noexcept
{
    std::free(block);
}

void operator delete[](void *block, std::size_t, std::align_val_t) noexcept
{
    std::free(block);
}

void operator delete(void *block, std::align_val_t, const std::nothrow_t &) noexcept
{
    std::free(block);
}

void operator delete[](void *block, std::align_val_t, const std::nothrow_t &) noexcept
{
    std::free(block);
}

#if RINGBACK_BENCH_COUNT_MALLOC

// glibc's own allocator, under the names it exports for replacements to forward to (glibc
// manual, "Replacing malloc"). Defining malloc and friends in the executable interposes them
// for every shared library, glibc's internal calls (strdup, …) included.
extern "C" {
void *__libc_malloc(std::size_t size);
void *__libc_calloc(std::size_t count, std::size_t size);
void *__libc_realloc(void *block, std::size_t size);
void *__libc_memalign(std::size_t alignment, std::size_t size);
void __libc_free(void *block);

void *malloc(std::size_t size) noexcept
{
    countAllocation(size);
    return __libc_malloc(size);
}

void *calloc(std::size_t count, std::size_t size) noexcept
{
    countAllocation(count * size);
    return __libc_calloc(count, size);
}

void *realloc(void *block, std::size_t size) noexcept
{
    countAllocation(size);
    return __libc_realloc(block, size);
}

void free(void *block) noexcept
{
    __libc_free(block);
}

void *memalign(std::size_t alignment, std::size_t size) noexcept
{
    countAllocation(size);
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(std::size_t alignment, std::size_t size) noexcept
{
    countAllocation(size);
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **block, std::size_t alignment, std::size_t size) noexcept
{
    // EINVAL unless the alignment is a power of two multiple of sizeof(void *).
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0)
        return EINVAL;
    countAllocation(size);
    void *aligned = __libc_memalign(alignment, size);
    if (!aligned)
        return ENOMEM;
    *block = aligned;
    return 0;
}
}

#endif
