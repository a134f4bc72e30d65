// Covers RtcpPacket (RFC 3550 §6): an SR and an RR with report blocks, SDES CNAME and BYE
// write and parse back; the wire layout of an RR is as §6.4.2 draws it (a hand-made packet
// parses); a negative cumulative loss keeps its sign in 24 bits; unknown packet types in a
// compound are skipped; and invalid compounds (§A.2: wrong version, not starting with SR or
// RR, a length past the end, padding before the last packet, too short) are refused, as is
// writing into too small a buffer.
#include "sipcore/media/rtcppacket.h"

#include <QTest>

#include <vector>

using namespace sipcore::media;

namespace {

std::vector<std::uint8_t> written(const RtcpPacket &packet)
{
    std::vector<std::uint8_t> out(1500);
    out.resize(RtcpPacket::write(packet, out));
    return out;
}

} // namespace

class tst_RtcpPacket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void senderReportRoundTrips()
    {
        RtcpPacket packet{.ssrc = 0xdeadbeef,
                          .sender = SenderInfo{.ntpTimestamp = 0xe1234567'89abcdefULL,
                                               .rtpTimestamp = 160000,
                                               .packetCount = 50,
                                               .octetCount = 8000},
                          .reports = {ReportBlock{.ssrc = 0x01020304,
                                                  .fractionLost = 25,
                                                  .cumulativeLost = 7,
                                                  .highestSequence = 0x1ffff,
                                                  .jitter = 40,
                                                  .lastSenderReport = 0x456789ab,
                                                  .delaySinceLastSenderReport = 65536}},
                          .cname = "a1b2c3d4e5f6g7h8",
                          .bye = true};
        const auto bytes = written(packet);
        // SR 28+24, SDES 4+4+2+16 rounded up with a null to 28, BYE 8.
        QCOMPARE(bytes.size(), std::size_t(52 + 28 + 8));
        QCOMPARE(bytes.size() % 4, 0u);
        QCOMPARE(bytes[1], 200);
        QCOMPARE(bytes[52 + 1], 202);
        QCOMPARE(bytes[80 + 1], 203);
        const auto parsed = RtcpPacket::parse(bytes);
        QVERIFY(parsed);
        QVERIFY(*parsed == packet);
    }

    void receiverReportWireLayout()
    {
        // An RR from SSRC 0x11111111 with one block about 0x22222222: fraction 0x40,
        // cumulative lost -2 (0xfffffe), highest 0x00010005, jitter 12, LSR 0xaabbccdd,
        // DLSR 0x00008000; then SDES with CNAME "x".
        const std::vector<std::uint8_t> bytes
                = {0x81, 201,  0x00, 0x07, 0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22,
                   0x40, 0xff, 0xff, 0xfe, 0x00, 0x01, 0x00, 0x05, 0x00, 0x00, 0x00, 12,
                   0xaa, 0xbb, 0xcc, 0xdd, 0x00, 0x00, 0x80, 0x00, //
                   0x81, 202,  0x00, 0x02, 0x11, 0x11, 0x11, 0x11, 0x01, 0x01, 'x',  0x00};
        const auto parsed = RtcpPacket::parse(bytes);
        QVERIFY(parsed);
        QCOMPARE(parsed->ssrc, 0x11111111u);
        QVERIFY(!parsed->sender);
        QCOMPARE(parsed->reports.size(), 1u);
        const ReportBlock &block = parsed->reports.front();
        QCOMPARE(block.ssrc, 0x22222222u);
        QCOMPARE(block.fractionLost, 0x40);
        QCOMPARE(block.cumulativeLost, -2);
        QCOMPARE(block.highestSequence, 0x00010005u);
        QCOMPARE(block.jitter, 12u);
        QCOMPARE(block.lastSenderReport, 0xaabbccddu);
        QCOMPARE(block.delaySinceLastSenderReport, 0x8000u);
        QCOMPARE(parsed->cname, std::string("x"));
        QVERIFY(!parsed->bye);
        QCOMPARE(written(*parsed), bytes);
    }

    void emptyReceiverReportRoundTrips()
    {
        const RtcpPacket packet{.ssrc = 7};
        const auto bytes = written(packet);
        QCOMPARE(bytes.size(), 8u);
        const auto parsed = RtcpPacket::parse(bytes);
        QVERIFY(parsed);
        QVERIFY(*parsed == packet);
    }

    void unknownTypesAreSkipped()
    {
        auto bytes = written(RtcpPacket{.ssrc = 9, .cname = "c"});
        // An APP packet (204) of 12 octets, then a BYE for a different SSRC.
        const std::vector<std::uint8_t> more = {0x80, 204, 0x00, 0x02, 0,    0,    0, 9, 'n', 'a',
                                                'm',  'e', 0x81, 203,  0x00, 0x01, 0, 0, 0,   8};
        bytes.insert(bytes.end(), more.begin(), more.end());
        const auto parsed = RtcpPacket::parse(bytes);
        QVERIFY(parsed);
        QCOMPARE(parsed->cname, std::string("c"));
        QVERIFY(!parsed->bye);
    }

    void invalidCompoundsAreRefused_data()
    {
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("value");
        QTest::addColumn<int>("truncate");
        // Changes one octet of a valid RR + SDES, or cuts the datagram short.
        QTest::newRow("version 1") << 0 << 0x41 << 0;
        QTest::newRow("SDES first") << 1 << 202 << 0;
        QTest::newRow("length past end") << 3 << 0x20 << 0;
        QTest::newRow("padding before last") << 0 << 0xa0 << 0;
        QTest::newRow("second packet version 3") << 8 << 0xc1 << 0;
        QTest::newRow("truncated header") << -1 << 0 << 10;
        QTest::newRow("truncated report") << -1 << 0 << 6;
        QTest::newRow("empty") << -1 << 0 << 100;
    }

    void invalidCompoundsAreRefused()
    {
        QFETCH(int, offset);
        QFETCH(int, value);
        QFETCH(int, truncate);
        auto bytes = written(RtcpPacket{.ssrc = 1, .cname = "abc"});
        QCOMPARE(bytes.size(), 24u);
        QVERIFY(RtcpPacket::parse(bytes));
        if (offset >= 0)
            bytes[std::size_t(offset)] = static_cast<std::uint8_t>(value);
        bytes.resize(bytes.size() - std::min<std::size_t>(std::size_t(truncate), bytes.size()));
        QVERIFY(!RtcpPacket::parse(bytes));
    }

    void paddingInLastPacket()
    {
        // An RR whose last word is padding (count 4).
        const std::vector<std::uint8_t> bytes = {0xa0, 201, 0x00, 0x02, 0, 0, 0, 5, 0, 0, 0, 4};
        const auto parsed = RtcpPacket::parse(bytes);
        QVERIFY(parsed);
        QCOMPARE(parsed->ssrc, 5u);
        auto zero = bytes;
        zero.back() = 0;
        QVERIFY(!RtcpPacket::parse(zero));
        auto tooMuch = bytes;
        tooMuch.back() = 12;
        QVERIFY(!RtcpPacket::parse(tooMuch));
    }

    void writeRefusesSmallBuffer()
    {
        std::vector<std::uint8_t> out(23);
        QCOMPARE(RtcpPacket::write(RtcpPacket{.ssrc = 1, .cname = "abc"}, out), 0u);
    }
};

QTEST_APPLESS_MAIN(tst_RtcpPacket)
#include "tst_rtcppacket.moc"
