#pragma once

// Test support: the amplitude of one frequency in 16-bit audio (the Goertzel algorithm), for
// the tests that look for tones in what the media code made. Header-only.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>

namespace tonelevel {

/// The amplitude (peak, in sample units) of \a frequency in \a samples at \a rate.
inline double amplitude(std::span<const std::int16_t> samples, double frequency, double rate)
{
    if (samples.empty())
        return 0;
    const double k = 2 * std::cos(2 * std::numbers::pi * frequency / rate);
    double s1 = 0;
    double s2 = 0;
    for (std::int16_t sample : samples) {
        const double s0 = sample + k * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    return 2 * std::sqrt(std::max(0.0, s1 * s1 + s2 * s2 - k * s1 * s2))
           / static_cast<double>(samples.size());
}

} // namespace tonelevel
