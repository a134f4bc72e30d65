#pragma once

#include "sipcore/media/resampler.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

struct dtmf_rx_state_s;

namespace sipcore::media {

/// Finds DTMF digits in audio (ITU-T Q.24, spandsp's detector at 8 kHz; other rates are
/// resampled first), for peers that send them as tones. Not thread-safe (the media thread).
class DtmfDetector
{
public:
    explicit DtmfDetector(unsigned sampleRate);
    ~DtmfDetector();
    DtmfDetector(const DtmfDetector &) = delete;
    DtmfDetector &operator=(const DtmfDetector &) = delete;

    /// Takes the next \a samples; returns the digits that ended in them, in order.
    std::string process(std::span<const std::int16_t> samples);

private:
    static void onDigits(void *self, const char *digits, int length);

    Resampler m_to8k;
    std::vector<std::int16_t> m_narrow;
    dtmf_rx_state_s *m_state = nullptr;
    std::string m_found;
};

} // namespace sipcore::media
