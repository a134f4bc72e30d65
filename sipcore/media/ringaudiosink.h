#pragma once

#include "sipcore/media/audioport.h"
#include "sipcore/media/samplering.h"

#include <memory>

namespace sipcore::media {

/// The speaker as the engine sees it when a sound device drains \a ring on a thread of its
/// own: each write() appends one frame, dropped when the device has stopped reading.
class RingAudioSink final : public AudioSink
{
public:
    explicit RingAudioSink(std::shared_ptr<SampleRing> ring);
    void write(std::span<const std::int16_t> frame) override;

private:
    std::shared_ptr<SampleRing> m_ring;
};

} // namespace sipcore::media
