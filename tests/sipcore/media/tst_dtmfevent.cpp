// Covers RFC 4733 DTMF events: DtmfEvent's payload (§2.3) writes and parses back and maps
// every digit to its §3.2 code; DtmfEventSender turns "1#" into, per digit, packets whose
// duration grows by a packet time from a marked start to a 100 ms end sent three times,
// then 60 ms of voice before the next; DtmfEventReceiver reports each event once, on
// whichever of its packets comes first, and a repeated digit as two events.
#include "sipcore/media/dtmfevent.h"
#include "sipcore/media/dtmfeventreceiver.h"
#include "sipcore/media/dtmfeventsender.h"

#include <QTest>

#include <array>
#include <vector>

using namespace sipcore::media;

class tst_DtmfEvent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void payloadRoundTrips()
    {
        const DtmfEvent event{.code = 11, .end = true, .volume = 7, .duration = 0x1234};
        std::array<std::uint8_t, 4> bytes{};
        QCOMPARE(event.write(bytes), 4u);
        QCOMPARE(bytes, (std::array<std::uint8_t, 4>{11, 0x87, 0x12, 0x34}));
        QCOMPARE(DtmfEvent::parse(bytes), std::optional(event));
        QVERIFY(!DtmfEvent::parse(std::span(bytes).first(3)));
        std::array<std::uint8_t, 3> small{};
        QCOMPARE(event.write(small), 0u);
    }

    void digitCodes()
    {
        const std::string digits = "0123456789*#ABCD";
        for (std::size_t code = 0; code < digits.size(); ++code) {
            QCOMPARE(DtmfEvent::codeOf(digits[code]), std::optional(std::uint8_t(code)));
            QCOMPARE(DtmfEvent::digitOf(std::uint8_t(code)), digits[code]);
        }
        QCOMPARE(DtmfEvent::codeOf('b'), std::optional(std::uint8_t(13)));
        QVERIFY(!DtmfEvent::codeOf('E'));
        QVERIFY(!DtmfEvent::codeOf('\0'));
        QCOMPARE(DtmfEvent::digitOf(16), '\0'); // flash, not a digit
    }

    void senderSequence()
    {
        DtmfEventSender sender;
        QVERIFY(sender.isIdle());
        QVERIFY(!sender.next(160, 8000));
        sender.queue('1');
        sender.queue('x'); // ignored
        sender.queue('#');
        QVERIFY(!sender.isIdle());
        for (std::uint8_t code : {std::uint8_t(1), std::uint8_t(11)}) {
            // 100 ms at 8 kHz in 20 ms packets: durations 160 … 800, the last one the end.
            for (int i = 1; i <= 5; ++i) {
                const auto packet = sender.next(160, 8000);
                QVERIFY(packet);
                QCOMPARE(packet->start, i == 1);
                QCOMPARE(packet->event.code, code);
                QCOMPARE(packet->event.duration, std::uint16_t(160 * i));
                QCOMPARE(packet->event.end, i == 5);
            }
            for (int copy = 0; copy < 2; ++copy) {
                const auto packet = sender.next(160, 8000);
                QVERIFY(packet && packet->event.end && !packet->start);
                QCOMPARE(packet->event.duration, std::uint16_t(800));
            }
            // 60 ms of voice: three packet times.
            for (int i = 0; i < 3; ++i)
                QVERIFY(!sender.next(160, 8000));
        }
        QVERIFY(sender.isIdle());
        QVERIFY(!sender.next(160, 8000));
    }

    void senderAtOpusRate()
    {
        DtmfEventSender sender;
        sender.queue('9');
        std::vector<DtmfEventSender::Packet> packets;
        while (auto packet = sender.next(960, 48000))
            packets.push_back(*packet);
        QCOMPARE(packets.size(), 7u); // 5 packet times, 2 more copies of the end
        QCOMPARE(packets.back().event.duration, std::uint16_t(4800));
    }

    void receiverReportsEachEventOnce()
    {
        DtmfEventReceiver receiver;
        const auto payload = [](std::uint8_t code, bool end) {
            std::array<std::uint8_t, 4> bytes{};
            DtmfEvent{.code = code, .end = end, .duration = 160}.write(bytes);
            return bytes;
        };
        const RtpHeader first{
                .payloadType = 101, .sequenceNumber = 1, .timestamp = 1000, .ssrc = 5};
        QCOMPARE(receiver.take(first, payload(5, false)), '5');
        RtpHeader again = first;
        again.sequenceNumber = 2;
        QCOMPARE(receiver.take(again, payload(5, false)), '\0');
        QCOMPARE(receiver.take(again, payload(5, true)), '\0');
        // The same digit again is a new event: a new timestamp. Its start may be lost.
        RtpHeader second = first;
        second.timestamp = 3000;
        QCOMPARE(receiver.take(second, payload(5, true)), '5');
        second.timestamp = 5000;
        QCOMPARE(receiver.take(second, payload(16, false)), '\0'); // not DTMF
        second.timestamp = 7000;
        QCOMPARE(receiver.take(second, std::array<std::uint8_t, 2>{1, 2}), '\0');
    }
};

QTEST_APPLESS_MAIN(tst_DtmfEvent)
#include "tst_dtmfevent.moc"
