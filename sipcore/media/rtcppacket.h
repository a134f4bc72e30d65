#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sipcore::media {

/// One reception report block (RFC 3550 §6.4.1): what the reporter hears from \a ssrc.
struct ReportBlock
{
    std::uint32_t ssrc = 0;
    std::uint8_t fractionLost = 0;      ///< since the last report, in 1/256
    std::int32_t cumulativeLost = 0;    ///< 24-bit signed on the wire
    std::uint32_t highestSequence = 0;  ///< extended highest sequence number received
    std::uint32_t jitter = 0;           ///< in RTP timestamp units
    std::uint32_t lastSenderReport = 0; ///< LSR: the middle 32 bits of the last SR's NTP time
    std::uint32_t delaySinceLastSenderReport = 0; ///< DLSR, in 1/65536 s

    bool operator==(const ReportBlock &) const = default;
};

/// The sender information of a sender report (RFC 3550 §6.4.1).
struct SenderInfo
{
    std::uint64_t ntpTimestamp = 0; ///< 32.32 fixed point seconds since 1900
    std::uint32_t rtpTimestamp = 0;
    std::uint32_t packetCount = 0;
    std::uint32_t octetCount = 0;

    bool operator==(const SenderInfo &) const = default;
};

/// A compound RTCP packet (RFC 3550 §6.1) as the stack reads and writes it: one SR or RR,
/// an SDES CNAME, and an optional BYE. Other packet types (APP, feedback, XR) are skipped.
struct RtcpPacket
{
    std::uint32_t ssrc = 0;
    std::optional<SenderInfo> sender = std::nullopt; ///< SR when set, RR otherwise
    std::vector<ReportBlock> reports = {};           ///< at most 31
    std::string cname = {}; ///< SDES CNAME of \a ssrc; none written when empty
    bool bye = false;       ///< \a ssrc leaves (§6.6)

    bool operator==(const RtcpPacket &) const = default;

    /// nullopt unless \a datagram is a valid compound packet (§A.2: version 2 throughout,
    /// SR or RR first, lengths adding up to the datagram, padding only in the last packet).
    static std::optional<RtcpPacket> parse(std::span<const std::uint8_t> datagram);
    /// Writes the compound packet into \a out: the size written, 0 when \a out is too small.
    static std::size_t write(const RtcpPacket &packet, std::span<std::uint8_t> out);
};

} // namespace sipcore::media
