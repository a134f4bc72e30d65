// Covers RtcpReporter (RFC 3550 §6) on a simulated clock: the first report is due after half
// the 5 s interval and later ones after 0.5–1.5 times it over e − 3/2; an SR while we send
// and an RR otherwise, each with the CNAME; two reporters exchanging reports over a path of
// known delay find the round trip from LSR and DLSR to within 1/65536 s; the reception
// figures count gaps (fraction lost per interval, cumulative), follow sequence wrap, and
// start afresh on a new SSRC; a report block about another SSRC is ignored (take() says a
// packet had none about us), and one whose round trip comes out negative (clock skew) gives
// none.
#include "sipcore/media/rtcpreporter.h"

#include <QTest>

#include <chrono>

using namespace sipcore::media;
using namespace std::chrono_literals;

namespace {

using TimePoint = RtcpReporter::TimePoint;

const TimePoint Start = TimePoint() + 1000s;
const auto Wallclock = std::chrono::system_clock::time_point() + std::chrono::hours(24 * 20000);

RtpHeader packet(std::uint32_t ssrc, std::uint16_t sequence)
{
    return RtpHeader{.payloadType = 0,
                     .sequenceNumber = sequence,
                     .timestamp = std::uint32_t(sequence) * 160,
                     .ssrc = ssrc};
}

} // namespace

class tst_RtcpReporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reportsAreScheduledAsSection6Says()
    {
        constexpr double Compensation = 2.71828 - 1.5;
        const auto within = [](TimePoint due, TimePoint from, double factor) {
            const double seconds = std::chrono::duration<double>(due - from).count();
            return seconds >= 5 * factor * 0.5 / Compensation - 1e-6
                   && seconds <= 5 * factor * 1.5 / Compensation + 1e-6;
        };
        for (int run = 0; run < 50; ++run) {
            RtcpReporter reporter(1, "c", Start, Wallclock);
            QVERIFY(within(reporter.nextReport(), Start, 0.5));
            QVERIFY(!reporter.isDue(Start));
            const TimePoint first = reporter.nextReport();
            QVERIFY(reporter.isDue(first));
            reporter.report(first, 0);
            QVERIFY(within(reporter.nextReport(), first, 1.0));
            QVERIFY(!reporter.isDue(first));
        }
    }

    void senderReportWhileSending()
    {
        RtcpReporter reporter(0xabcd, "cname", Start, Wallclock);
        QVERIFY(!reporter.report(Start, 0).sender);
        reporter.sent(packet(0xabcd, 10), 160, 8000, Start);
        reporter.sent(packet(0xabcd, 11), 160, 8000, Start + 20ms);
        const RtcpPacket sr = reporter.report(Start + 30ms, 0);
        QVERIFY(sr.sender);
        QCOMPARE(sr.ssrc, 0xabcdu);
        QCOMPARE(sr.cname, std::string("cname"));
        QCOMPARE(sr.sender->packetCount, 2u);
        QCOMPARE(sr.sender->octetCount, 320u);
        // 10 ms after the last packet's timestamp, at 8 kHz.
        QCOMPARE(sr.sender->rtpTimestamp, 11u * 160 + 80);
        QCOMPARE(sr.sender->ntpTimestamp, reporter.ntp(Start + 30ms));
        QVERIFY(sr.reports.empty());                     // nothing received
        QVERIFY(!reporter.report(Start + 5s, 0).sender); // nothing sent since
        QCOMPARE(reporter.figures().reportsSent, 3u);
    }

    void ntpCountsFrom1900()
    {
        const RtcpReporter reporter(1, "c", Start, std::chrono::system_clock::time_point());
        QCOMPARE(reporter.ntp(Start) >> 32, 2208988800ULL);
        QCOMPARE(reporter.ntp(Start + 500ms), (2208988800ULL << 32) | 0x80000000ULL);
    }

    void roundTripFromLsrAndDlsr()
    {
        // A and B have unrelated wallclocks; the path takes 30 ms each way and B holds A's
        // SR 700 ms before answering.
        RtcpReporter a(0xa, "a", Start, Wallclock);
        RtcpReporter b(0xb, "b", Start + 123s, Wallclock + 99999s);
        constexpr auto OneWay = 30ms;
        a.sent(packet(0xa, 1), 160, 8000, Start);
        b.received(packet(0xa, 1));
        const RtcpPacket sr = a.report(Start + 1s, 0);
        b.take(sr, Start + 123s + 1s + OneWay);
        const RtcpPacket rr = b.report(Start + 123s + 1s + OneWay + 700ms, 0);
        QCOMPARE(rr.reports.size(), 1u);
        QCOMPARE(rr.reports.front().ssrc, 0xau);
        QCOMPARE(rr.reports.front().lastSenderReport, std::uint32_t(sr.sender->ntpTimestamp >> 16));
        QCOMPARE(rr.reports.front().delaySinceLastSenderReport, std::uint32_t(0.7 * 65536));
        QVERIFY(a.take(rr, Start + 1s + OneWay + 700ms + OneWay));
        QVERIFY(a.figures().roundTrip);
        const auto error = *a.figures().roundTrip - std::chrono::microseconds(2 * OneWay);
        QVERIFY2(std::chrono::abs(error) <= 16us, QByteArray::number(qint64(error.count())));
        QCOMPARE(a.figures().reportsReceived, 1u);
        QVERIFY(a.figures().remote);
        QCOMPARE(a.figures().remote->highestSequence, 1u);
    }

    void receptionFigures()
    {
        RtcpReporter reporter(1, "c", Start, Wallclock);
        // 65530..65535 then 0..3 (wrap), with 65533 and 1 missing: 10 expected, 8 received.
        for (int sequence : {65530, 65531, 65532, 65534, 65535, 0, 2, 3})
            reporter.received(packet(7, std::uint16_t(sequence)));
        QCOMPARE(reporter.figures().expected, 10);
        QCOMPARE(reporter.figures().lost, 2);
        RtcpPacket rr = reporter.report(Start + 1s, 33);
        QCOMPARE(rr.reports.size(), 1u);
        QCOMPARE(rr.reports.front().ssrc, 7u);
        QCOMPARE(rr.reports.front().highestSequence, 0x10003u);
        QCOMPARE(rr.reports.front().cumulativeLost, 2);
        QCOMPARE(rr.reports.front().fractionLost, 2 * 256 / 10);
        QCOMPARE(rr.reports.front().jitter, 33u);
        QCOMPARE(rr.reports.front().lastSenderReport, 0u);
        QCOMPARE(rr.reports.front().delaySinceLastSenderReport, 0u);
        // The next interval loses nothing; a late packet (old sequence) does not move the top.
        for (int sequence : {4, 5, 6, 1})
            reporter.received(packet(7, std::uint16_t(sequence)));
        rr = reporter.report(Start + 6s, 0);
        QCOMPARE(rr.reports.front().fractionLost, 0);
        QCOMPARE(rr.reports.front().cumulativeLost, 1);
        QCOMPARE(rr.reports.front().highestSequence, 0x10006u);
        // A new SSRC starts over.
        reporter.received(packet(8, 100));
        QCOMPARE(reporter.figures().expected, 1);
        QCOMPARE(reporter.figures().lost, 0);
        rr = reporter.report(Start + 11s, 0);
        QCOMPARE(rr.reports.front().ssrc, 8u);
        QCOMPARE(rr.reports.front().highestSequence, 100u);
    }

    void foreignBlocksAndSkewAreIgnored()
    {
        RtcpReporter reporter(0xa, "a", Start, Wallclock);
        RtcpPacket other{.ssrc = 0xb, .reports = {ReportBlock{.ssrc = 0xc, .lastSenderReport = 1}}};
        QVERIFY(!reporter.take(other, Start + 1s));
        QVERIFY(!reporter.figures().remote);
        // LSR in our future: A - LSR - DLSR is negative.
        const auto future = std::uint32_t(reporter.ntp(Start + 10s) >> 16);
        RtcpPacket skewed{.ssrc = 0xb,
                          .reports = {ReportBlock{.ssrc = 0xa, .lastSenderReport = future}}};
        QVERIFY(reporter.take(skewed, Start + 1s));
        QVERIFY(reporter.figures().remote);
        QVERIFY(!reporter.figures().roundTrip);
    }
};

QTEST_APPLESS_MAIN(tst_RtcpReporter)
#include "tst_rtcpreporter.moc"
