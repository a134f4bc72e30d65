#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

namespace sipcore::media {

class SampleRing;

/// The consumer side of a SampleRing whose producer keeps a clock of its own (the media
/// engine's playout, read by the speaker). Audio that stays in the ring after every read for
/// a whole window of reads is delay that protects against nothing: at the window's end all of
/// it but \a margin is dropped, once. What is left after each read is also capped at
/// \a maxBacklog at once (SampleRing::readFrame). Consumer thread only.
class BacklogTrimmer
{
public:
    /// \a window: reads per window; \a margin: samples always kept in hand, against the
    /// producer's jitter.
    BacklogTrimmer(std::size_t window, std::size_t margin, std::size_t maxBacklog);

    /// Fills \a out from \a ring (silence after what there is) and trims as above; the
    /// number of real samples in \a out.
    std::size_t read(SampleRing &ring, std::span<std::int16_t> out);
    /// Samples dropped so far by the window rule (not by the cap).
    std::size_t trimmed() const { return m_trimmed; }

private:
    std::size_t m_window;
    std::size_t m_margin;
    std::size_t m_maxBacklog;
    std::size_t m_reads = 0;
    std::size_t m_lowest = std::numeric_limits<std::size_t>::max();
    std::size_t m_trimmed = 0;
};

} // namespace sipcore::media
