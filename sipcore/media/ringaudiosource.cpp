#include "sipcore/media/ringaudiosource.h"

#include <algorithm>

namespace sipcore::media {

RingAudioSource::RingAudioSource(std::shared_ptr<SampleRing> ring, Layout layout)
    : m_ring(std::move(ring))
    , m_layout(layout)
{}

void RingAudioSource::read(std::span<std::int16_t> frame)
{
    if (m_layout == Layout::Captured) {
        m_ring->readFrame(frame, frame.size());
        return;
    }
    // Every count here is even, so a pair is never split.
    m_pairs.resize(2 * frame.size());
    m_played.resize(frame.size());
    m_ring->readFrame(m_pairs, m_pairs.size());
    for (std::size_t i = 0; i < frame.size(); ++i) {
        frame[i] = m_pairs[2 * i];
        m_played[i] = m_pairs[2 * i + 1];
    }
}

bool RingAudioSource::playedAlongside(std::span<std::int16_t> reference)
{
    if (m_layout == Layout::Captured || m_played.size() != reference.size())
        return false;
    std::copy(m_played.begin(), m_played.end(), reference.begin());
    return true;
}

} // namespace sipcore::media
