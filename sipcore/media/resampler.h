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
    Resampler(unsigned inputRate, unsigned outputRate);
    ~Resampler();
    Resampler(const Resampler &) = delete;
    Resampler &operator=(const Resampler &) = delete;

    unsigned inputRate() const { return m_inputRate; }
    unsigned outputRate() const { return m_outputRate; }
    /// Appends \a input, converted, to \a output (about input.size() · out/in samples; the
    /// filter's delay holds back a few at first).
    void process(std::span<const std::int16_t> input, std::vector<std::int16_t> &output);

private:
    unsigned m_inputRate;
    unsigned m_outputRate;
    SpeexResamplerState_ *m_state = nullptr;
};

} // namespace sipcore::media
