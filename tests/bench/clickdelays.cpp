#include "clickdelays.h"

#include <cstdlib>

ClickDelays ClickDelays::find(std::span<const std::int16_t> interleaved, const Settings &settings)
{
    ClickDelays result;
    const std::size_t frames = interleaved.size() / 2;
    const auto quiet = static_cast<std::size_t>(settings.quietBeforeSeconds * settings.rate);
    const auto window = static_cast<std::size_t>(settings.windowSeconds * settings.rate);
    const auto loud = [&](std::size_t frame, int channel) {
        return std::abs(int(interleaved[2 * frame + channel])) > settings.threshold;
    };
    // Frames since the left channel was last loud; a recording starts quiet.
    std::size_t quietFrames = quiet;
    for (std::size_t frame = 0; frame < frames; ++frame) {
        if (!loud(frame, 0)) {
            ++quietFrames;
            continue;
        }
        const bool isClick = quietFrames >= quiet;
        quietFrames = 0;
        if (!isClick)
            continue;
        ++result.clicks;
        std::size_t back = frame;
        const std::size_t end = std::min(frames, frame + window);
        while (back < end && !loud(back, 1))
            ++back;
        if (back == end) {
            ++result.lost;
            continue;
        }
        result.roundTripsMs.append(1000.0 * double(back - frame) / settings.rate);
    }
    return result;
}

void ClickDelays::add(const ClickDelays &other)
{
    roundTripsMs.append(other.roundTripsMs);
    clicks += other.clicks;
    lost += other.lost;
}
