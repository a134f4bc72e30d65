#include "sipcore/media/rtppacket.h"

#include "sipcore/media/networkorder.h"

#include <algorithm>

namespace sipcore::media {

namespace {

using namespace networkorder;

constexpr std::size_t FixedHeader = 12;

} // namespace

bool isRtcp(std::span<const std::uint8_t> datagram)
{
    return datagram.size() >= 2 && datagram[1] >= 192 && datagram[1] <= 223;
}

std::optional<RtpPacket> RtpPacket::parse(std::span<const std::uint8_t> datagram)
{
    if (datagram.size() < FixedHeader || (datagram[0] >> 6) != 2 || isRtcp(datagram))
        return std::nullopt;
    const std::uint8_t *data = datagram.data();
    const bool padding = data[0] & 0x20;
    const bool extension = data[0] & 0x10;
    const std::size_t csrcCount = data[0] & 0x0f;
    std::size_t offset = FixedHeader + 4 * csrcCount;
    if (offset > datagram.size())
        return std::nullopt;
    if (extension) {
        if (offset + 4 > datagram.size())
            return std::nullopt;
        offset += 4 + 4 * std::size_t(read16(data + offset + 2));
        if (offset > datagram.size())
            return std::nullopt;
    }
    std::size_t end = datagram.size();
    if (padding) {
        const std::size_t count = data[end - 1];
        if (count == 0 || count > end - offset)
            return std::nullopt;
        end -= count;
    }
    RtpPacket packet;
    packet.header.marker = data[1] & 0x80;
    packet.header.payloadType = data[1] & 0x7f;
    packet.header.sequenceNumber = read16(data + 2);
    packet.header.timestamp = read32(data + 4);
    packet.header.ssrc = read32(data + 8);
    packet.payload = datagram.subspan(offset, end - offset);
    return packet;
}

std::size_t RtpPacket::write(const RtpHeader &header,
                             std::span<const std::uint8_t> payload,
                             std::span<std::uint8_t> out)
{
    if (out.size() < FixedHeader + payload.size())
        return 0;
    out[0] = 0x80;
    out[1] = static_cast<std::uint8_t>((header.marker ? 0x80 : 0) | (header.payloadType & 0x7f));
    write16(out.data() + 2, header.sequenceNumber);
    write32(out.data() + 4, header.timestamp);
    write32(out.data() + 8, header.ssrc);
    std::copy(payload.begin(), payload.end(), out.begin() + FixedHeader);
    return FixedHeader + payload.size();
}

} // namespace sipcore::media
