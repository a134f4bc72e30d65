#pragma once

#include <cstdint>
#include <span>
#include <vector>

struct SpeexResamplerState_;

namespace sipcore::media {

/// Converts 16-bit mono PCM from one rate to another as a stream (speexdsp); a pass-through
/// when both rates are the same. Not thread-safe.
class Resampler
{
public:
    /// speexdsp's quality 0-10: 5, its VoIP default, stays well below 1 % of a core at our rates.
    static constexpr int DefaultQuality = 5;

    /// \a quality: speexdsp's 0-10, a longer filter (sharper, and later) for each step.
    Resampler(unsigned inputRate, unsigned outputRate, int quality = DefaultQuality);
    ~Resampler();
    Resampler(const Resampler &) = delete;
    Resampler &operator=(const Resampler &) = delete;

    unsigned inputRate() const { return m_inputRate; }
    unsigned outputRate() const { return m_outputRate; }
    /// Appends \a input, converted, to \a output (about input.size() · out/in samples; the
    /// filter's delay holds back a few at first).
    void process(std::span<const std::int16_t> input, std::vector<std::int16_t> &output);
    /// How late the output is, in input samples (the filter's half length); 0 when a
    /// pass-through.
    unsigned latency() const;

private:
    unsigned m_inputRate;
    unsigned m_outputRate;
    SpeexResamplerState_ *m_state = nullptr;
};

} // namespace sipcore::media
