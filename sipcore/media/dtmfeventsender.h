#pragma once

#include "sipcore/media/dtmfevent.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>

namespace sipcore::media {

/// Turns queued DTMF digits into the RFC 4733 event packets that take the place of voice,
/// one per packet time: each digit sounds for ToneDuration (the first packet starts the
/// event: marker bit, §2.5.1.2; the duration grows with each), its end packet goes EndCopies
/// times (§2.5.1.4), then voice resumes for at least Pause before the next digit.
///
/// The caller sends every packet of one event with the RTP timestamp the event began at.
/// Not thread-safe (the media thread).
class DtmfEventSender
{
public:
    static constexpr std::chrono::milliseconds ToneDuration{100};
    static constexpr std::chrono::milliseconds Pause{60};
    static constexpr int EndCopies = 3;

    struct Packet
    {
        DtmfEvent event;
        bool start = false; ///< the event's first packet: marker bit, a new timestamp
    };

    /// Adds \a digit to the queue (anything but 0-9, *, #, A-D is ignored).
    void queue(char digit);
    /// Whether nothing is queued or under way (a pause included).
    bool isIdle() const { return m_queue.empty() && !m_code && m_pauseLeft == 0; }
    /// What goes in the next packet time of \a packetTicks at \a clockRate: an event packet,
    /// or nullopt for voice.
    std::optional<Packet> next(std::uint32_t packetTicks, unsigned clockRate);

private:
    std::deque<std::uint8_t> m_queue;
    std::optional<std::uint8_t> m_code; ///< the event under way
    std::uint32_t m_elapsed = 0;        ///< its duration so far
    int m_endsSent = 0;
    std::uint32_t m_pauseLeft = 0; ///< voice still due before the next event, in ticks
};

} // namespace sipcore::media
