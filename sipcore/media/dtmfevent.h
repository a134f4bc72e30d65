#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace sipcore::media {

/// The payload of an RFC 4733 named telephone event (§2.3), for the DTMF events of §3.2.
struct DtmfEvent
{
    static constexpr std::size_t Size = 4;

    std::uint8_t code = 0;      ///< 0–9, * = 10, # = 11, A–D = 12–15
    bool end = false;           ///< E: the event's last packet
    std::uint8_t volume = 10;   ///< −dBm0, 0–63
    std::uint16_t duration = 0; ///< since the event began, in RTP timestamp units

    bool operator==(const DtmfEvent &) const = default;

    /// nullopt for fewer than Size octets.
    static std::optional<DtmfEvent> parse(std::span<const std::uint8_t> payload);
    /// Writes the Size octets into \a out; 0 when it is too small.
    std::size_t write(std::span<std::uint8_t> out) const;
    /// The event code of \a digit (0-9, *, #, A-D; lower case too); nullopt for others.
    static std::optional<std::uint8_t> codeOf(char digit);
    /// The digit of DTMF event \a code; 0 for codes past 15 (other telephony events).
    static char digitOf(std::uint8_t code);
};

} // namespace sipcore::media
