#pragma once

#include "sipcore/media/rtppacket.h"

#include <cstdint>
#include <optional>
#include <span>
#include <utility>

namespace sipcore::media {

/// Reads the peer's RFC 4733 DTMF events: every packet of one event (and each copy of its
/// end) carries the same timestamp (§2.5.1.2), so a digit is reported once, on the first
/// packet of its event to arrive, whichever that is. Not thread-safe (the media thread).
class DtmfEventReceiver
{
public:
    /// The digit a new event begins with \a header and \a payload; '\0' for a further packet
    /// of an event already reported, a payload too short, or an event that is not DTMF.
    char take(const RtpHeader &header, std::span<const std::uint8_t> payload);

private:
    std::optional<std::pair<std::uint32_t, std::uint32_t>> m_last; ///< SSRC, timestamp
};

} // namespace sipcore::media
