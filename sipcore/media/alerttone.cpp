#include "sipcore/media/alerttone.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace sipcore::media {

namespace {

constexpr double RingbackLevel = 5800;  // -15 dBFS
constexpr double RingtoneLevel = 13000; // -8 dBFS
constexpr double RampSeconds = 0.005;
constexpr double TrillSeconds = 0.040;

} // namespace

AlertTone::AlertTone(Kind kind, unsigned sampleRate)
    : m_kind(kind)
    , m_sampleRate(sampleRate)
    , m_onSamples(kind == Kind::Ringback ? sampleRate : sampleRate * 6 / 5)
    , m_periodSamples(kind == Kind::Ringback ? sampleRate * 5 : sampleRate * 4)
{}

double AlertTone::frequencyAt(std::size_t position) const
{
    if (m_kind == Kind::Ringback)
        return 425;
    const auto trill = static_cast<std::size_t>(TrillSeconds * m_sampleRate);
    return (position / trill) % 2 == 0 ? 1000 : 1250;
}

void AlertTone::fill(std::span<std::int16_t> out)
{
    const double level = m_kind == Kind::Ringback ? RingbackLevel : RingtoneLevel;
    const double ramp = RampSeconds * m_sampleRate;
    for (std::int16_t &sample : out) {
        if (m_position < m_onSamples) {
            const double edge = static_cast<double>(std::min(m_position, m_onSamples - m_position));
            const double gain = std::min(1.0, edge / ramp);
            m_phase += 2 * std::numbers::pi * frequencyAt(m_position) / m_sampleRate;
            if (m_phase > 2 * std::numbers::pi)
                m_phase -= 2 * std::numbers::pi;
            sample = static_cast<std::int16_t>(std::lround(level * gain * std::sin(m_phase)));
        } else {
            sample = 0;
        }
        m_position = (m_position + 1) % m_periodSamples;
    }
}

} // namespace sipcore::media
