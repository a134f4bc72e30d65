#include "sipcore/media/samplering.h"

#include <algorithm>
#include <bit>

namespace sipcore::media {

SampleRing::SampleRing(std::size_t capacity)
    : m_buffer(std::bit_ceil(std::max<std::size_t>(capacity, 2)))
    , m_mask(m_buffer.size() - 1)
{}

std::size_t SampleRing::size() const
{
    return m_written.load(std::memory_order_acquire) - m_read.load(std::memory_order_acquire);
}

std::size_t SampleRing::write(std::span<const std::int16_t> samples)
{
    const std::size_t written = m_written.load(std::memory_order_relaxed);
    const std::size_t free = capacity() - (written - m_read.load(std::memory_order_acquire));
    const std::size_t count = std::min(free, samples.size());
    for (std::size_t i = 0; i < count; ++i)
        m_buffer[(written + i) & m_mask] = samples[i];
    m_written.store(written + count, std::memory_order_release);
    return count;
}

std::size_t SampleRing::read(std::span<std::int16_t> out)
{
    const std::size_t read = m_read.load(std::memory_order_relaxed);
    const std::size_t waiting = m_written.load(std::memory_order_acquire) - read;
    const std::size_t count = std::min(waiting, out.size());
    for (std::size_t i = 0; i < count; ++i)
        out[i] = m_buffer[(read + i) & m_mask];
    m_read.store(read + count, std::memory_order_release);
    return count;
}

std::size_t SampleRing::discard(std::size_t count)
{
    const std::size_t read = m_read.load(std::memory_order_relaxed);
    const std::size_t waiting = m_written.load(std::memory_order_acquire) - read;
    const std::size_t dropped = std::min(waiting, count);
    m_read.store(read + dropped, std::memory_order_release);
    return dropped;
}

std::size_t SampleRing::readFrame(std::span<std::int16_t> out, std::size_t maxBacklog)
{
    const std::size_t real = read(out);
    std::fill(out.begin() + static_cast<std::ptrdiff_t>(real), out.end(), std::int16_t(0));
    if (const std::size_t left = size(); left > maxBacklog)
        discard(left - maxBacklog);
    return real;
}

} // namespace sipcore::media
