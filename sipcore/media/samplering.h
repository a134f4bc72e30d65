#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sipcore::media {

/// A ring of 16-bit samples between exactly two threads, without locks: one producer calls
/// write(), one consumer calls read(), readFrame() and discard(); size() may be called by
/// either. Neither side ever waits for the other.
class SampleRing
{
public:
    /// Holds at least \a capacity samples (rounded up to a power of two).
    explicit SampleRing(std::size_t capacity);

    std::size_t capacity() const { return m_buffer.size(); }
    /// The samples waiting to be read, as of the call.
    std::size_t size() const;

    /// Producer: appends as many of \a samples as there is room for; returns how many. The
    /// rest is dropped: a reader that falls behind loses the newest audio, never blocks us.
    std::size_t write(std::span<const std::int16_t> samples);
    /// Consumer: takes up to out.size() of the oldest samples; returns how many.
    std::size_t read(std::span<std::int16_t> out);
    /// Consumer: drops up to \a count of the oldest samples; returns how many.
    std::size_t discard(std::size_t count);
    /// Consumer, for a reader with a clock of its own: fills \a out, with silence after the
    /// samples there are (an underrun), then drops the oldest of what is left beyond
    /// \a maxBacklog, so that the two clocks' drift never builds up delay. Returns the number
    /// of real samples in \a out.
    std::size_t readFrame(std::span<std::int16_t> out, std::size_t maxBacklog);

private:
    std::vector<std::int16_t> m_buffer;
    std::size_t m_mask;
    /// Samples written and read since the start; they only grow (wrap is harmless: unsigned).
    alignas(64) std::atomic<std::size_t> m_written{0};
    alignas(64) std::atomic<std::size_t> m_read{0};
};

} // namespace sipcore::media
