#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace sipcore::media {

/// How much of what we send the peer should be expected to lose, for a codec's in-band FEC
/// (AudioCodec::setExpectedLoss()): the highest loss among the peer's last Window reports
/// about our stream, about 15 s at RTCP's 5 s interval, so that FEC outlasts a pause between
/// bursts of loss; InitialPercent until the first report comes, so that FEC stays on with a
/// peer that never reports. A clean network thus costs no FEC bits nor the encoder's time.
class LossExpectation
{
public:
    static constexpr unsigned InitialPercent = 10;
    static constexpr std::size_t Window = 3;

    /// The peer reports losing \a fractionLost (RFC 3550 §6.4.1, in 1/256) of our packets
    /// since its report before.
    void report(std::uint8_t fractionLost);
    /// The loss to expect, in percent (a reported fraction rounded up).
    unsigned percent() const;

private:
    std::array<std::uint8_t, Window> m_reports{};
    std::size_t m_count = 0; ///< reports taken, at most Window counted
    std::size_t m_next = 0;  ///< where the next report goes in m_reports
};

} // namespace sipcore::media
