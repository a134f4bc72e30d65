#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sipcore::media {

/// The echo canceller's reference, kept where both sound devices are served (the audio thread):
/// what the speaker was handed, sample for sample, paired with what the microphone captured.
/// The pairing goes by count: the n-th captured sample after a realignment gets the n-th played
/// sample after it, so the echo's delay against its reference is the devices' own, and neither
/// the media thread's timing nor a frame it drops or pads moves it.
///
/// A realignment (the first take() after reset()) keeps only the newest frame plus \a lead of
/// what was played: the reference then runs that far ahead of what the device can have played
/// already, so the echo always comes after its reference (the canceller only looks back). Taking
/// more than there is pads with silence; more than \a maxLead held back after a take (the two
/// devices' clocks drifting apart) drops the oldest down to \a lead. Either moves the pairing,
/// so that both are rare. Single thread.
class EchoReference
{
public:
    EchoReference(std::size_t lead, std::size_t maxLead);

    /// The speaker was handed \a samples (the engine's rate).
    void played(std::span<const std::int16_t> samples);
    /// Fills \a reference with what was played alongside the reference.size() samples the
    /// microphone has just captured.
    void take(std::span<std::int16_t> reference);
    /// A device started or stopped: the next take() realigns.
    void reset();

    /// Samples held back: played and not yet taken.
    std::size_t held() const { return m_played.size() - m_head; }
    /// Times the pairing moved since construction: realignments, paddings and drops.
    std::size_t moves() const { return m_moves; }

private:
    void dropOldest(std::size_t count);

    std::size_t m_lead;
    std::size_t m_maxLead;
    std::vector<std::int16_t> m_played; ///< from m_head on: played, not yet taken
    std::size_t m_head = 0;
    bool m_aligned = false;
    std::size_t m_moves = 0;
};

} // namespace sipcore::media
