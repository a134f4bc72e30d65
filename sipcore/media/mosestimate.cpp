#include "sipcore/media/mosestimate.h"

#include <algorithm>

namespace sipcore::media {

namespace {

constexpr double BasicRating = 93.2;
constexpr double EquipmentImpairment = 0; // Ie, G.711
constexpr double LossRobustness = 25.1;   // Bpl, G.711 with concealment
constexpr double DelayKnee = 177.3;       // ms

} // namespace

double estimateMos(double oneWayDelayMs, double lossPercent)
{
    const double delay = std::max(oneWayDelayMs, 0.0);
    const double loss = std::clamp(lossPercent, 0.0, 100.0);
    const double delayImpairment
            = 0.024 * delay + (delay > DelayKnee ? 0.11 * (delay - DelayKnee) : 0.0);
    const double lossImpairment
            = EquipmentImpairment + (95 - EquipmentImpairment) * loss / (loss + LossRobustness);
    const double r = BasicRating - delayImpairment - lossImpairment;
    if (r <= 0)
        return 1.0;
    if (r >= 100)
        return 4.5;
    return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
}

} // namespace sipcore::media
