#include "sipcore/media/rtcppacket.h"

#include "sipcore/media/networkorder.h"

#include <algorithm>

namespace sipcore::media {

namespace {

using namespace networkorder;

enum PacketType : std::uint8_t {
    SenderReport = 200,
    ReceiverReport = 201,
    SourceDescription = 202,
    Goodbye = 203,
};
constexpr std::uint8_t CnameItem = 1;
constexpr std::size_t HeaderSize = 4;
constexpr std::size_t SenderInfoSize = 20;
constexpr std::size_t ReportBlockSize = 24;
constexpr std::size_t MaxReports = 31;

ReportBlock readBlock(const std::uint8_t *p)
{
    ReportBlock block;
    block.ssrc = read32(p);
    block.fractionLost = p[4];
    const std::uint32_t lost = (std::uint32_t(p[5]) << 16) | (std::uint32_t(p[6]) << 8) | p[7];
    block.cumulativeLost = static_cast<std::int32_t>(lost & 0x800000 ? lost | 0xff000000 : lost);
    block.highestSequence = read32(p + 8);
    block.jitter = read32(p + 12);
    block.lastSenderReport = read32(p + 16);
    block.delaySinceLastSenderReport = read32(p + 20);
    return block;
}

void writeBlock(std::uint8_t *p, const ReportBlock &block)
{
    write32(p, block.ssrc);
    p[4] = block.fractionLost;
    const std::int32_t lost = std::clamp(block.cumulativeLost, -0x800000, 0x7fffff);
    const auto wire = static_cast<std::uint32_t>(lost) & 0xffffff;
    p[5] = static_cast<std::uint8_t>(wire >> 16);
    p[6] = static_cast<std::uint8_t>(wire >> 8);
    p[7] = static_cast<std::uint8_t>(wire);
    write32(p + 8, block.highestSequence);
    write32(p + 12, block.jitter);
    write32(p + 16, block.lastSenderReport);
    write32(p + 20, block.delaySinceLastSenderReport);
}

/// Writes a packet header for \a words 32-bit words after it.
void writeHeader(std::uint8_t *p, std::uint8_t count, std::uint8_t type, std::size_t words)
{
    p[0] = static_cast<std::uint8_t>(0x80 | count);
    p[1] = type;
    write16(p + 2, static_cast<std::uint16_t>(words));
}

/// Reads the CNAME of the first chunk of an SDES body, if it has one.
void readCname(std::span<const std::uint8_t> body, std::uint8_t chunks, RtcpPacket &packet)
{
    if (chunks == 0 || body.size() < 4)
        return;
    std::size_t offset = 4; // the chunk's SSRC
    while (offset < body.size() && body[offset] != 0) {
        if (offset + 2 > body.size())
            return;
        const std::uint8_t item = body[offset];
        const std::size_t length = body[offset + 1];
        if (offset + 2 + length > body.size())
            return;
        if (item == CnameItem && read32(body.data()) == packet.ssrc) {
            packet.cname.assign(reinterpret_cast<const char *>(body.data() + offset + 2), length);
            return;
        }
        offset += 2 + length;
    }
}

} // namespace

std::optional<RtcpPacket> RtcpPacket::parse(std::span<const std::uint8_t> datagram)
{
    RtcpPacket packet;
    std::size_t offset = 0;
    bool first = true;
    while (offset < datagram.size()) {
        if (datagram.size() - offset < HeaderSize)
            return std::nullopt;
        const std::uint8_t *p = datagram.data() + offset;
        const bool padding = p[0] & 0x20;
        const std::uint8_t count = p[0] & 0x1f;
        const std::uint8_t type = p[1];
        const std::size_t size = HeaderSize + 4 * std::size_t(read16(p + 2));
        if ((p[0] >> 6) != 2 || size > datagram.size() - offset)
            return std::nullopt;
        std::size_t end = size;
        if (padding) {
            if (offset + size != datagram.size() || p[size - 1] == 0
                || p[size - 1] > size - HeaderSize)
                return std::nullopt;
            end -= p[size - 1];
        }
        const std::span<const std::uint8_t> body(p + HeaderSize, end - HeaderSize);
        if (first && type != SenderReport && type != ReceiverReport)
            return std::nullopt;
        if (type == SenderReport || type == ReceiverReport) {
            const std::size_t info = type == SenderReport ? SenderInfoSize : 0;
            if (body.size() < 4 + info + count * ReportBlockSize)
                return std::nullopt;
            if (first) {
                packet.ssrc = read32(body.data());
                if (type == SenderReport) {
                    const std::uint8_t *s = body.data() + 4;
                    packet.sender = SenderInfo{.ntpTimestamp
                                               = (std::uint64_t(read32(s)) << 32) | read32(s + 4),
                                               .rtpTimestamp = read32(s + 8),
                                               .packetCount = read32(s + 12),
                                               .octetCount = read32(s + 16)};
                }
                for (std::size_t i = 0; i < count; ++i)
                    packet.reports.push_back(
                            readBlock(body.data() + 4 + info + i * ReportBlockSize));
            }
        } else if (type == SourceDescription) {
            readCname(body, count, packet);
        } else if (type == Goodbye) {
            for (std::size_t i = 0; i < count && 4 * (i + 1) <= body.size(); ++i)
                packet.bye = packet.bye || read32(body.data() + 4 * i) == packet.ssrc;
        }
        first = false;
        offset += size;
    }
    if (first)
        return std::nullopt;
    return packet;
}

std::size_t RtcpPacket::write(const RtcpPacket &packet, std::span<std::uint8_t> out)
{
    const std::size_t blocks = std::min(packet.reports.size(), MaxReports);
    const std::size_t reportSize
            = HeaderSize + 4 + (packet.sender ? SenderInfoSize : 0) + blocks * ReportBlockSize;
    const std::size_t cnameLength = std::min<std::size_t>(packet.cname.size(), 255);
    // SSRC, CNAME item, then at least one null octet ending the item list, up to a word.
    const std::size_t chunk = packet.cname.empty() ? 0 : (4 + 2 + cnameLength + 4) / 4 * 4;
    const std::size_t sdesSize = chunk ? HeaderSize + chunk : 0;
    const std::size_t byeSize = packet.bye ? HeaderSize + 4 : 0;
    const std::size_t total = reportSize + sdesSize + byeSize;
    if (out.size() < total)
        return 0;
    std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(total), std::uint8_t(0));
    std::uint8_t *p = out.data();
    writeHeader(p, static_cast<std::uint8_t>(blocks), packet.sender ? SenderReport : ReceiverReport,
                reportSize / 4 - 1);
    write32(p + 4, packet.ssrc);
    std::uint8_t *q = p + 8;
    if (packet.sender) {
        write32(q, static_cast<std::uint32_t>(packet.sender->ntpTimestamp >> 32));
        write32(q + 4, static_cast<std::uint32_t>(packet.sender->ntpTimestamp));
        write32(q + 8, packet.sender->rtpTimestamp);
        write32(q + 12, packet.sender->packetCount);
        write32(q + 16, packet.sender->octetCount);
        q += SenderInfoSize;
    }
    for (std::size_t i = 0; i < blocks; ++i, q += ReportBlockSize)
        writeBlock(q, packet.reports[i]);
    p += reportSize;
    if (sdesSize) {
        writeHeader(p, 1, SourceDescription, sdesSize / 4 - 1);
        write32(p + 4, packet.ssrc);
        p[8] = CnameItem;
        p[9] = static_cast<std::uint8_t>(cnameLength);
        std::copy_n(packet.cname.begin(), cnameLength, p + 10);
        p += sdesSize;
    }
    if (byeSize) {
        writeHeader(p, 1, Goodbye, 1);
        write32(p + 4, packet.ssrc);
    }
    return total;
}

} // namespace sipcore::media
