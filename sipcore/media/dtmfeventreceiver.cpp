#include "sipcore/media/dtmfeventreceiver.h"

#include "sipcore/media/dtmfevent.h"

namespace sipcore::media {

char DtmfEventReceiver::take(const RtpHeader &header, std::span<const std::uint8_t> payload)
{
    const auto event = DtmfEvent::parse(payload);
    if (!event)
        return '\0';
    const auto key = std::make_pair(header.ssrc, header.timestamp);
    if (m_last == key)
        return '\0';
    m_last = key;
    return DtmfEvent::digitOf(event->code);
}

} // namespace sipcore::media
