#pragma once

#include "sipcore/media/rtcppacket.h"
#include "sipcore/media/rtppacket.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace sipcore::media {

/// The RTCP side of one RTP session with one peer (RFC 3550 §6): counts what we send, follows
/// what we receive (§A.1, §A.3), writes our reports when due (an SR while we send, an RR
/// otherwise, each with an SDES CNAME) and reads the peer's, from which it takes the
/// round-trip time (§6.4.1) and what the peer hears from us.
///
/// Reports are due every 5 s (§6.2's minimum; two members never need less), randomized to
/// 0.5–1.5 times that over e − 3/2 (§6.3.1), the first after half of it (§6.2). Time is the
/// caller's: every call takes now. Not thread-safe (the media thread).
class RtcpReporter
{
public:
    using TimePoint = std::chrono::steady_clock::time_point;
    static constexpr std::chrono::milliseconds MinimumInterval{5000};

    /// Reception as the peer reports it, and as we see it.
    struct Figures
    {
        /// From the last report block about us whose LSR was set.
        std::optional<std::chrono::microseconds> roundTrip;
        /// The peer's last report block about our stream.
        std::optional<ReportBlock> remote;
        std::int64_t expected = 0; ///< packets the peer sent us, by sequence numbers
        std::int64_t lost = 0;     ///< of those, never received (negative with duplicates)
        std::uint64_t reportsSent = 0;
        std::uint64_t reportsReceived = 0;
    };

    /// \a wallclock is the NTP time (system clock) that \a now stands for.
    RtcpReporter(std::uint32_t ssrc,
                 std::string cname,
                 TimePoint now,
                 std::chrono::system_clock::time_point wallclock);

    /// We sent \a header with \a payloadSize octets at \a now; \a clockRate is its RTP clock.
    void sent(const RtpHeader &header, std::size_t payloadSize, unsigned clockRate, TimePoint now);
    /// We send as \a ssrc from now on, a new source (RFC 3550 §8.2): the sender counts start
    /// afresh; what we know of the peer's stream stays.
    void changeSsrc(std::uint32_t ssrc);
    /// We received \a header (any SSRC change starts the reception figures afresh).
    void received(const RtpHeader &header);
    /// Whether a report is due at \a now.
    bool isDue(TimePoint now) const { return now >= m_nextReport; }
    /// Our compound report at \a now, with \a jitter (RTP units) for the peer's stream, and
    /// the next one scheduled; \a bye adds a BYE (the stream ends).
    RtcpPacket report(TimePoint now, std::uint32_t jitter, bool bye = false);
    /// Takes the peer's compound packet that arrived at \a arrival; whether it carried a
    /// report block about our stream (figures().remote is then the last such).
    bool take(const RtcpPacket &packet, TimePoint arrival);

    const Figures &figures() const { return m_figures; }
    TimePoint nextReport() const { return m_nextReport; }
    /// \a time as NTP (RFC 3550 §4: seconds since 1900 in 32.32 fixed point).
    std::uint64_t ntp(TimePoint time) const;

private:
    void schedule(TimePoint now, double factor);

    std::uint32_t m_ssrc;
    std::string m_cname;
    TimePoint m_origin;
    std::chrono::system_clock::time_point m_wallclock;
    TimePoint m_nextReport;

    // Sending
    std::uint32_t m_packetsSent = 0;
    std::uint32_t m_octetsSent = 0;
    bool m_sentSinceReport = false;
    std::uint32_t m_lastTimestamp = 0;
    unsigned m_clockRate = 8000;
    TimePoint m_lastSent;

    // Receiving (§A.1, §A.3)
    std::optional<std::uint32_t> m_peer;
    std::uint16_t m_baseSequence = 0;
    std::uint16_t m_maxSequence = 0;
    std::uint32_t m_cycles = 0;
    std::int64_t m_received = 0;
    std::int64_t m_expectedPrior = 0;
    std::int64_t m_receivedPrior = 0;
    std::uint32_t m_lastSenderReport = 0; ///< LSR to echo
    TimePoint m_lastSenderReportArrival;

    Figures m_figures;
};

} // namespace sipcore::media
