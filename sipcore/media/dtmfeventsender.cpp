#include "sipcore/media/dtmfeventsender.h"

#include <algorithm>

namespace sipcore::media {

void DtmfEventSender::queue(char digit)
{
    if (const auto code = DtmfEvent::codeOf(digit))
        m_queue.push_back(*code);
}

std::optional<DtmfEventSender::Packet> DtmfEventSender::next(std::uint32_t packetTicks,
                                                             unsigned clockRate)
{
    if (!m_code) {
        if (m_pauseLeft > 0) {
            m_pauseLeft -= std::min(m_pauseLeft, packetTicks);
            return std::nullopt;
        }
        if (m_queue.empty())
            return std::nullopt;
        m_code = m_queue.front();
        m_queue.pop_front();
        m_elapsed = 0;
        m_endsSent = 0;
    }
    const auto tone = static_cast<std::uint32_t>(clockRate * ToneDuration.count() / 1000);
    const bool start = m_elapsed == 0;
    m_elapsed = std::min(m_elapsed + packetTicks, tone);
    Packet packet{.event = DtmfEvent{.code = *m_code,
                                     .end = m_elapsed >= tone,
                                     .duration = static_cast<std::uint16_t>(
                                             std::min<std::uint32_t>(m_elapsed, 0xffff))},
                  .start = start};
    if (packet.event.end && ++m_endsSent == EndCopies) {
        m_code.reset();
        m_pauseLeft = static_cast<std::uint32_t>(clockRate * Pause.count() / 1000);
    }
    return packet;
}

} // namespace sipcore::media
