#include "sipcore/media/ringaudiosink.h"

namespace sipcore::media {

RingAudioSink::RingAudioSink(std::shared_ptr<SampleRing> ring)
    : m_ring(std::move(ring))
{}

void RingAudioSink::write(std::span<const std::int16_t> frame)
{
    m_ring->write(frame);
}

} // namespace sipcore::media
