#pragma once

#include "sipcore/media/resampler.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sipcore::media {

/// Splits full-band audio into a low band at a lower rate, to be cleaned up there at a
/// fraction of the cost, and the band above it; then joins the cleaned low band with the high
/// band again. Blocks of blockSamples() go in and out; the low band of a block is
/// lowBlockSamples() long. join() takes the low band of the block split lagBlocks calls of
/// split() before (the clean-ups' own lag) and adds to it that block's high band, scaled by
/// a gain. The join is exact: with the low band untouched and a gain of 1 each block comes
/// back whole, delay() samples late. Not thread-safe.
class BandSplitter
{
public:
    /// speexdsp's quality for both filters: a 96-tap filter down from 48 kHz and a 32-tap one
    /// up, 1 ms late each; the bands cross over at about 7 kHz. A sharper crossing would only
    /// cost delay, since the join is exact whatever the filter.
    static constexpr int FilterQuality = 2;

    /// \a rate must be a whole multiple of \a lowRate; \a blockSamples a whole multiple of
    /// rate / lowRate.
    BandSplitter(unsigned rate, unsigned lowRate, std::size_t blockSamples, std::size_t lagBlocks);

    std::size_t blockSamples() const { return m_blockSamples; }
    std::size_t lowBlockSamples() const { return m_lowBlockSamples; }
    /// How late join()'s output is behind split()'s input, in samples at the full rate: the
    /// lag's blocks and the two filters'.
    std::size_t delay() const { return m_lagBlocks * m_blockSamples + m_filterDelay; }

    /// Takes the next block; writes its low band to \a low (lowBlockSamples() long) and keeps
    /// its high band for join().
    void split(std::span<const std::int16_t> block, std::span<std::int16_t> low);
    /// Writes to \a out (blockSamples() long) the cleaned \a low band joined with the high band
    /// kept for it, which is scaled by a gain going from \a fromGain to \a toGain across the block.
    /// Call once after each split(), once lagBlocks splits have been made (before that, the
    /// high band is silence).
    void join(std::span<const std::int16_t> low,
              float fromGain,
              float toGain,
              std::span<std::int16_t> out);

private:
    std::size_t m_blockSamples;
    std::size_t m_lowBlockSamples;
    std::size_t m_lagBlocks;
    std::size_t m_filterDelay = 0;
    Resampler m_down;
    Resampler m_upRaw;   ///< the low band as split: what the high band is the rest of
    Resampler m_upClean; ///< the low band as cleaned
    /// The input of the last m_filterDelay samples and this block, to line it up with the
    /// filtered low band.
    std::vector<std::int16_t> m_input;
    /// The high band of the last lagBlocks blocks and this one, oldest first.
    std::vector<std::int32_t> m_high;
    std::vector<std::int16_t> m_scratch;
};

} // namespace sipcore::media
