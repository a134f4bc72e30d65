// Covers RtpPacket (RFC 3550 §5.1): write then parse gives the header and payload back;
// CSRCs, a header extension and padding are skipped; RTCP on a multiplexed port (RFC 5761 §4)
// and malformed datagrams (short, version 1, CSRCs, extension or padding past the end) are
// refused; write() refuses a buffer too small.
#include "sipcore/media/rtppacket.h"

#include <QTest>

#include <vector>

using namespace sipcore::media;

class tst_RtpPacket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writeThenParse()
    {
        const RtpHeader header{.marker = true,
                               .payloadType = 96,
                               .sequenceNumber = 65535,
                               .timestamp = 0xfffffff0u,
                               .ssrc = 0x12345678u};
        const std::vector<std::uint8_t> payload = {1, 2, 3, 4, 5};
        std::vector<std::uint8_t> out(64);
        const std::size_t size = RtpPacket::write(header, payload, out);
        QCOMPARE(size, 17u);
        QCOMPARE(out[0], 0x80);
        QCOMPARE(out[1], 0x80 | 96);
        const auto packet = RtpPacket::parse({out.data(), size});
        QVERIFY(packet);
        QVERIFY(packet->header.marker);
        QCOMPARE(packet->header.payloadType, 96);
        QCOMPARE(packet->header.sequenceNumber, 65535);
        QCOMPARE(packet->header.timestamp, 0xfffffff0u);
        QCOMPARE(packet->header.ssrc, 0x12345678u);
        QCOMPARE(std::vector<std::uint8_t>(packet->payload.begin(), packet->payload.end()),
                 payload);
        std::vector<std::uint8_t> small(10);
        QCOMPARE(RtpPacket::write(header, payload, small), 0u);
    }

    void skipsCsrcsExtensionAndPadding()
    {
        // V=2, P, X, CC=1; PT 0; one CSRC; a one-word extension; payload 0xAA 0xBB; 2 padding.
        const std::vector<std::uint8_t> datagram
                = {0xb1, 0x00, 0x00, 0x01, 0, 0, 0, 160, 0, 0, 0, 7, // fixed header
                   0,    0,    0,    9,                              // CSRC
                   0xbe, 0xde, 0x00, 0x01, 1, 2, 3, 4,               // extension
                   0xaa, 0xbb,                                       // payload
                   0x00, 0x02};                                      // padding
        const auto packet = RtpPacket::parse(datagram);
        QVERIFY(packet);
        QCOMPARE(packet->payload.size(), 2u);
        QCOMPARE(packet->payload[0], 0xaa);
        QCOMPARE(packet->header.timestamp, 160u);
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("datagram");
        const QByteArray fixed("\x80\x00\x00\x01\x00\x00\x00\xa0\x00\x00\x00\x07", 12);
        QTest::newRow("short") << fixed.left(11);
        QByteArray v1 = fixed;
        v1[0] = '\x40';
        QTest::newRow("version 1") << v1;
        QByteArray csrcs = fixed;
        csrcs[0] = '\x82'; // two CSRCs, none there
        QTest::newRow("CSRCs past the end") << csrcs;
        QByteArray extension = fixed + QByteArray("\xbe\xde\x00\x05", 4);
        extension[0] = '\x90';
        QTest::newRow("extension past the end") << extension;
        QByteArray padding = fixed + QByteArray("\x01\x09", 2);
        padding[0] = '\xa0';
        QTest::newRow("padding past the start") << padding;
        QByteArray zeroPadding = fixed + QByteArray("\x01\x00", 2);
        zeroPadding[0] = '\xa0';
        QTest::newRow("zero padding count") << zeroPadding;
        QByteArray rtcp = fixed;
        rtcp[1] = '\xc8'; // 200: a sender report
        QTest::newRow("RTCP sender report") << rtcp;
    }
    void refuses()
    {
        QFETCH(QByteArray, datagram);
        const auto *data = reinterpret_cast<const std::uint8_t *>(datagram.constData());
        QVERIFY(!RtpPacket::parse({data, static_cast<std::size_t>(datagram.size())}));
    }

    void tellsRtcpApart()
    {
        const std::uint8_t receiverReport[] = {0x80, 201, 0, 1};
        const std::uint8_t rtpPt72[] = {0x80, 72, 0, 1};
        QVERIFY(isRtcp(receiverReport));
        QVERIFY(!isRtcp(rtpPt72)); // PT 72 without marker: RTP
    }
};

QTEST_APPLESS_MAIN(tst_RtpPacket)
#include "tst_rtppacket.moc"
