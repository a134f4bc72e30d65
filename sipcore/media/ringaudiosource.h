#pragma once

#include "sipcore/media/audioport.h"
#include "sipcore/media/samplering.h"

#include <memory>
#include <vector>

namespace sipcore::media {

/// The microphone as the engine sees it when a sound device fills \a ring on a thread of its
/// own: each read() takes one frame, silence where the device fell behind, and keeps at most
/// one more frame waiting so that the two clocks' drift adds no delay.
class RingAudioSource final : public AudioSource
{
public:
    /// What the ring carries: the microphone's samples alone, or each of them followed by
    /// the sample the speaker played alongside it (EchoReference), which stay together through
    /// underruns and drops.
    enum class Layout { Captured, CapturedWithPlayed };

    explicit RingAudioSource(std::shared_ptr<SampleRing> ring, Layout layout = Layout::Captured);
    void read(std::span<std::int16_t> frame) override;
    bool playedAlongside(std::span<std::int16_t> reference) override;

private:
    std::shared_ptr<SampleRing> m_ring;
    Layout m_layout;
    std::vector<std::int16_t> m_pairs;
    std::vector<std::int16_t> m_played; ///< alongside the frame read last
};

} // namespace sipcore::media
