#include "sipcore/media/alerttone.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace sipcore::media {

namespace {

constexpr double RingbackLevel = 5800;    // -15 dBFS
constexpr double RingtoneLevel = 13000;   // -8 dBFS
constexpr double CallWaitingLevel = 4100; // -18 dBFS: under the call's own voice
constexpr double RampSeconds = 0.005;
constexpr double TrillSeconds = 0.040;

} // namespace

AlertTone::AlertTone(Kind kind, unsigned sampleRate)
    : m_kind(kind)
    , m_sampleRate(sampleRate)
{
    switch (kind) {
    case Kind::Ringback:
        m_onSamples = sampleRate;
        m_bursts = 1;
        m_periodSamples = sampleRate * 5;
        break;
    case Kind::Ringtone:
        m_onSamples = sampleRate * 6 / 5;
        m_bursts = 1;
        m_periodSamples = sampleRate * 4;
        break;
    case Kind::CallWaiting:
        m_onSamples = sampleRate / 5;
        m_bursts = 2;
        m_periodSamples = sampleRate * 5;
        break;
    }
}

bool AlertTone::inBurst(std::size_t position, std::size_t &edge) const
{
    // Bursts and the gaps between them are equally long.
    const std::size_t slot = position / m_onSamples;
    if (slot % 2 != 0 || slot / 2 >= m_bursts)
        return false;
    const std::size_t within = position % m_onSamples;
    edge = std::min(within, m_onSamples - within);
    return true;
}

double AlertTone::frequencyAt(std::size_t position) const
{
    if (m_kind != Kind::Ringtone)
        return 425;
    const auto trill = static_cast<std::size_t>(TrillSeconds * m_sampleRate);
    return (position / trill) % 2 == 0 ? 1000 : 1250;
}

void AlertTone::fill(std::span<std::int16_t> out)
{
    const double level = m_kind == Kind::Ringback   ? RingbackLevel
                         : m_kind == Kind::Ringtone ? RingtoneLevel
                                                    : CallWaitingLevel;
    const double ramp = RampSeconds * m_sampleRate;
    for (std::int16_t &sample : out) {
        if (std::size_t edge = 0; inBurst(m_position, edge)) {
            const double gain = std::min(1.0, static_cast<double>(edge) / ramp);
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
