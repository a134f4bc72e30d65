#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace sipcore::media {

/// The fixed RTP header fields the stack uses (RFC 3550 §5.1).
struct RtpHeader
{
    bool marker = false;
    std::uint8_t payloadType = 0;
    std::uint16_t sequenceNumber = 0;
    std::uint32_t timestamp = 0;
    std::uint32_t ssrc = 0;
};

/// An RTP packet read from a datagram: its header and a view of its payload (padding,
/// CSRCs and header extension skipped).
struct RtpPacket
{
    RtpHeader header;
    std::span<const std::uint8_t> payload;

    /// nullopt for a datagram that is not RTP version 2, is shorter than its header says, or
    /// is RTCP multiplexed on the port (RFC 5761 §4: second octet 192-223).
    static std::optional<RtpPacket> parse(std::span<const std::uint8_t> datagram);
    /// Writes \a header (version 2, no CSRC, no extension) and \a payload into \a out; the
    /// size written, 0 when \a out is too small.
    static std::size_t write(const RtpHeader &header,
                             std::span<const std::uint8_t> payload,
                             std::span<std::uint8_t> out);
};

/// Whether \a datagram is RTCP on a multiplexed port (RFC 5761 §4).
bool isRtcp(std::span<const std::uint8_t> datagram);

} // namespace sipcore::media
