#pragma once

#include <QList>

#include <cstdint>
#include <span>

/// Finds each click of a recorded audio loop and the moment it came back. The recording is
/// interleaved stereo: the left channel carries the clicks as they went in, the right what
/// came out at the far end of the loop, on one clock. A click is where the left channel rises
/// above the threshold after a quiet stretch; its return is the first sample of the right
/// channel above the threshold after it, within the window.
struct ClickDelays
{
    struct Settings
    {
        int rate = 48000;
        int threshold = 3000;            ///< |sample| that counts as sound, on both channels
        double quietBeforeSeconds = 0.3; ///< a click needs this much quiet on the left before it
        double windowSeconds = 0.8;      ///< how long after a click its return may come
    };

    QList<double> roundTripsMs; ///< one per click that came back, in order
    int clicks = 0;             ///< clicks found on the left channel
    int lost = 0;               ///< of those, the ones with no return in the window

    /// Appends \a other's clicks to these.
    void add(const ClickDelays &other);
    /// Analyses \a interleaved (left, right, left, …); a trailing odd sample is ignored.
    static ClickDelays find(std::span<const std::int16_t> interleaved, const Settings &settings);
};
