#include "sipcore/media/ringaudiosource.h"

namespace sipcore::media {

RingAudioSource::RingAudioSource(std::shared_ptr<SampleRing> ring)
    : m_ring(std::move(ring))
{}

void RingAudioSource::read(std::span<std::int16_t> frame)
{
    m_ring->readFrame(frame, frame.size());
}

} // namespace sipcore::media
