#pragma once

#include "sipcore/media/audioport.h"
#include "sipcore/media/samplering.h"

#include <memory>

namespace sipcore::media {

/// The microphone as the engine sees it when a sound device fills \a ring on a thread of its
/// own: each read() takes one frame, silence where the device fell behind, and keeps at most
/// one more frame waiting so that the two clocks' drift adds no delay.
class RingAudioSource final : public AudioSource
{
public:
    explicit RingAudioSource(std::shared_ptr<SampleRing> ring);
    void read(std::span<std::int16_t> frame) override;

private:
    std::shared_ptr<SampleRing> m_ring;
};

} // namespace sipcore::media
