#include "sipcore/media/rtcpreporter.h"

#include "sipcore/util/random.h"

#include <algorithm>

namespace sipcore::media {

namespace {

/// Seconds from the NTP epoch (1900) to the Unix epoch (1970).
constexpr std::uint64_t NtpToUnix = 2208988800ULL;
/// §6.3.1: randomized intervals over this average 1.0 despite timer reconsideration's bias.
constexpr double Compensation = 2.71828 - 1.5;

std::uint32_t middle(std::uint64_t ntp)
{
    return static_cast<std::uint32_t>(ntp >> 16);
}

/// \a duration in 1/65536 s, the unit of DLSR.
std::uint32_t toShortNtp(std::chrono::steady_clock::duration duration)
{
    const auto micro = std::chrono::duration_cast<std::chrono::microseconds>(duration).count();
    return static_cast<std::uint32_t>(std::max<std::int64_t>(micro, 0) * 65536 / 1'000'000);
}

} // namespace

RtcpReporter::RtcpReporter(std::uint32_t ssrc,
                           std::string cname,
                           TimePoint now,
                           std::chrono::system_clock::time_point wallclock)
    : m_ssrc(ssrc)
    , m_cname(std::move(cname))
    , m_origin(now)
    , m_wallclock(wallclock)
    , m_lastSent(now)
{
    schedule(now, 0.5);
}

std::uint64_t RtcpReporter::ntp(TimePoint time) const
{
    const auto since = m_wallclock.time_since_epoch() + (time - m_origin);
    const auto micro = std::chrono::duration_cast<std::chrono::microseconds>(since).count();
    const auto seconds = static_cast<std::uint64_t>(micro / 1'000'000) + NtpToUnix;
    const auto fraction = (static_cast<std::uint64_t>(micro % 1'000'000) << 32) / 1'000'000;
    return (seconds << 32) | fraction;
}

void RtcpReporter::schedule(TimePoint now, double factor)
{
    const double random = random::between(500, 1500) / 1000.0;
    const auto interval = std::chrono::duration<double, std::milli>(MinimumInterval) * factor
                          * random / Compensation;
    m_nextReport = now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval);
}

void RtcpReporter::sent(const RtpHeader &header,
                        std::size_t payloadSize,
                        unsigned clockRate,
                        TimePoint now)
{
    ++m_packetsSent;
    m_octetsSent += static_cast<std::uint32_t>(payloadSize);
    m_sentSinceReport = true;
    m_lastTimestamp = header.timestamp;
    m_clockRate = clockRate;
    m_lastSent = now;
}

void RtcpReporter::changeSsrc(std::uint32_t ssrc)
{
    m_ssrc = ssrc;
    m_packetsSent = 0;
    m_octetsSent = 0;
    m_sentSinceReport = false;
}

void RtcpReporter::received(const RtpHeader &header)
{
    const std::uint16_t sequence = header.sequenceNumber;
    if (m_peer != header.ssrc) {
        m_peer = header.ssrc;
        m_baseSequence = m_maxSequence = sequence;
        m_cycles = 0;
        m_received = m_expectedPrior = m_receivedPrior = 0;
        m_lastSenderReport = 0;
    } else {
        const auto delta = static_cast<std::uint16_t>(sequence - m_maxSequence);
        if (delta < 0x8000 && delta != 0) { // ahead (§A.1 allows far larger gaps than ours)
            if (sequence < m_maxSequence)
                m_cycles += 0x10000;
            m_maxSequence = sequence;
        }
    }
    ++m_received;
    const std::int64_t extendedMax = std::int64_t(m_cycles) + m_maxSequence;
    m_figures.expected = extendedMax - m_baseSequence + 1;
    m_figures.lost = m_figures.expected - m_received;
}

RtcpPacket RtcpReporter::report(TimePoint now, std::uint32_t jitter, bool bye)
{
    RtcpPacket packet{.ssrc = m_ssrc, .cname = m_cname, .bye = bye};
    if (m_sentSinceReport) {
        const auto elapsed
                = std::chrono::duration_cast<std::chrono::microseconds>(now - m_lastSent);
        const auto ticks = static_cast<std::uint32_t>(elapsed.count() * m_clockRate / 1'000'000);
        packet.sender = SenderInfo{.ntpTimestamp = ntp(now),
                                   .rtpTimestamp = m_lastTimestamp + ticks,
                                   .packetCount = m_packetsSent,
                                   .octetCount = m_octetsSent};
    }
    if (m_peer) {
        // §A.3: the loss since the last report as a fraction of what was expected then.
        const std::int64_t expectedInterval = m_figures.expected - m_expectedPrior;
        const std::int64_t receivedInterval = m_received - m_receivedPrior;
        const std::int64_t lostInterval = expectedInterval - receivedInterval;
        m_expectedPrior = m_figures.expected;
        m_receivedPrior = m_received;
        ReportBlock block{.ssrc = *m_peer,
                          .cumulativeLost = static_cast<std::int32_t>(
                                  std::clamp<std::int64_t>(m_figures.lost, -0x800000, 0x7fffff)),
                          .highestSequence = m_cycles + m_maxSequence,
                          .jitter = jitter,
                          .lastSenderReport = m_lastSenderReport};
        if (expectedInterval > 0 && lostInterval > 0)
            block.fractionLost = static_cast<std::uint8_t>(
                    std::min<std::int64_t>((lostInterval << 8) / expectedInterval, 255));
        if (m_lastSenderReport != 0)
            block.delaySinceLastSenderReport = toShortNtp(now - m_lastSenderReportArrival);
        packet.reports.push_back(block);
    }
    m_sentSinceReport = false;
    ++m_figures.reportsSent;
    schedule(now, 1.0);
    return packet;
}

bool RtcpReporter::take(const RtcpPacket &packet, TimePoint arrival)
{
    ++m_figures.reportsReceived;
    bool aboutUs = false;
    if (packet.sender && (!m_peer || *m_peer == packet.ssrc)) {
        m_lastSenderReport = middle(packet.sender->ntpTimestamp);
        m_lastSenderReportArrival = arrival;
    }
    for (const ReportBlock &block : packet.reports) {
        if (block.ssrc != m_ssrc)
            continue;
        m_figures.remote = block;
        aboutUs = true;
        if (block.lastSenderReport == 0)
            continue;
        // §6.4.1: A - LSR - DLSR, in 1/65536 s; a negative result (clock skew) is dropped.
        const std::uint32_t roundTrip
                = middle(ntp(arrival)) - block.lastSenderReport - block.delaySinceLastSenderReport;
        if (roundTrip < 0x80000000u)
            m_figures.roundTrip
                    = std::chrono::microseconds(std::int64_t(roundTrip) * 1'000'000 / 65536);
    }
    return aboutUs;
}

} // namespace sipcore::media
