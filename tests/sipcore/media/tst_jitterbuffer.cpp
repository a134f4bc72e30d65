// Covers JitterBuffer on injected arrival times: in-order play with one packet of delay on a
// clean network; reordering; a gap played as Lost with the following packet for FEC; late
// and duplicate packets counted and dropped; sequence wrap; a new SSRC starting afresh; the
// target growing under jitter and the queue shrinking back once the jitter is gone;
// an underrun buffering again, the packet it waited for still played when it comes; a burst
// past the target dropping its oldest packets one per pop, each handed back as dropped;
// packets that are not clocked (RFC 4733 events) keeping their place without moving the
// jitter estimate.
#include "sipcore/media/jitterbuffer.h"

#include <QTest>

#include <algorithm>
#include <vector>

using namespace sipcore::media;
using namespace std::chrono_literals;
using Outcome = JitterBuffer::Outcome;

namespace {

const JitterBuffer::TimePoint start{};

/// Pushes packet \a sequence (20 ms of 8 kHz audio each) arriving at \a arrival.
void push(JitterBuffer &buffer,
          std::uint16_t sequence,
          JitterBuffer::TimePoint arrival,
          std::uint32_t ssrc = 1)
{
    const RtpHeader header{.payloadType = 0,
                           .sequenceNumber = sequence,
                           .timestamp = static_cast<std::uint32_t>(sequence * 160u),
                           .ssrc = ssrc};
    const std::uint8_t payload[] = {static_cast<std::uint8_t>(sequence)};
    buffer.push(header, payload, arrival);
}

int sequenceOf(const JitterBuffer::Pop &pop)
{
    return pop.outcome == Outcome::Packet ? pop.packet.header.sequenceNumber : -1;
}

} // namespace

class tst_JitterBuffer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanNetworkPlaysWithOnePacketOfDelay()
    {
        JitterBuffer buffer(8000);
        QCOMPARE(buffer.pop().outcome, Outcome::Empty);
        for (std::uint16_t i = 0; i < 50; ++i) {
            push(buffer, i, start + i * 20ms);
            QCOMPARE(buffer.targetPackets(), 1u);
            QCOMPARE(sequenceOf(buffer.pop()), int(i));
        }
        QCOMPARE(buffer.statistics().lost, 0u);
        QVERIFY(buffer.statistics().jitter < 1);
    }

    void burstDropsOldestAndHandsItBack()
    {
        JitterBuffer buffer(8000);
        for (std::uint16_t i = 0; i < 5; ++i) // a burst: five at once
            push(buffer, i, start);
        // Five at once read as jitter (1/16 of 160, 320, … units): a target of two.
        QCOMPARE(buffer.targetPackets(), 2u);
        std::vector<int> dropped;
        std::vector<int> played;
        while (buffer.queuedPackets() > 0) {
            auto pop = buffer.pop();
            if (pop.dropped)
                dropped.push_back(pop.dropped->header.sequenceNumber);
            played.push_back(sequenceOf(pop));
        }
        // Five queued, more than target + 1: the first pop drops 0 and plays 1, leaving three.
        QCOMPARE(dropped, (std::vector<int>{0}));
        QCOMPARE(played, (std::vector<int>{1, 2, 3, 4}));
        QCOMPARE(buffer.statistics().dropped, 1u);
    }

    void unclockedPacketsKeepTheirPlace()
    {
        JitterBuffer buffer(8000);
        push(buffer, 0, start);
        QCOMPARE(sequenceOf(buffer.pop()), 0);
        // Three event packets with the event's start as timestamp, 20 ms apart.
        for (std::uint16_t i = 1; i <= 3; ++i) {
            const RtpHeader header{
                    .payloadType = 101, .sequenceNumber = i, .timestamp = 160, .ssrc = 1};
            const std::uint8_t payload[] = {5, 0, 0, 160};
            buffer.push(header, payload, start + i * 20ms, false);
            QCOMPARE(sequenceOf(buffer.pop()), int(i));
        }
        push(buffer, 4, start + 80ms);
        QCOMPARE(sequenceOf(buffer.pop()), 4);
        QCOMPARE(buffer.statistics().lost, 0u);
        QVERIFY2(buffer.statistics().jitter < 1, QByteArray::number(buffer.statistics().jitter));
        // The same packets clocked would have looked like 20 ms of jitter each.
        JitterBuffer clocked(8000);
        push(clocked, 0, start);
        for (std::uint16_t i = 1; i <= 3; ++i) {
            const RtpHeader header{
                    .payloadType = 101, .sequenceNumber = i, .timestamp = 160, .ssrc = 1};
            const std::uint8_t payload[] = {5, 0, 0, 160};
            clocked.push(header, payload, start + i * 20ms);
        }
        QVERIFY(clocked.statistics().jitter > 10);
    }

    void reordersAndReportsGaps()
    {
        JitterBuffer buffer(8000);
        push(buffer, 10, start);
        QCOMPARE(sequenceOf(buffer.pop()), 10);
        push(buffer, 12, start + 40ms); // 11 comes after 12
        push(buffer, 11, start + 41ms);
        QCOMPARE(sequenceOf(buffer.pop()), 11);
        QCOMPARE(sequenceOf(buffer.pop()), 12);
        push(buffer, 14, start + 80ms); // 13 lost
        const auto gap = buffer.pop();
        QCOMPARE(gap.outcome, Outcome::Lost);
        QVERIFY(gap.following);
        QCOMPARE(gap.following->header.sequenceNumber, 14);
        QCOMPARE(sequenceOf(buffer.pop()), 14);
        push(buffer, 13, start + 100ms); // too late now
        push(buffer, 15, start + 100ms);
        push(buffer, 15, start + 101ms); // twice
        QCOMPARE(sequenceOf(buffer.pop()), 15);
        QCOMPARE(buffer.statistics().lost, 1u);
        QCOMPARE(buffer.statistics().late, 1u);
        QCOMPARE(buffer.statistics().duplicate, 1u);
    }

    void sequenceWraps()
    {
        JitterBuffer buffer(8000);
        const std::uint16_t sequences[] = {65534, 65535, 0, 1};
        int t = 0;
        for (std::uint16_t sequence : sequences) {
            push(buffer, sequence, start + (t++) * 20ms);
            QCOMPARE(sequenceOf(buffer.pop()), int(sequence));
        }
        push(buffer, 65535, start + 100ms); // from before the wrap: late, not new
        QCOMPARE(buffer.statistics().late, 1u);
    }

    void newSourceStartsAfresh()
    {
        JitterBuffer buffer(8000);
        push(buffer, 100, start);
        QCOMPARE(sequenceOf(buffer.pop()), 100);
        push(buffer, 7, start + 20ms, 2); // another SSRC, lower sequence numbers
        QCOMPARE(sequenceOf(buffer.pop()), 7);
        QCOMPARE(buffer.statistics().late, 0u);
    }

    void adaptsToJitterAndBack()
    {
        // Packets sent every 20 ms arrive \a offset(n) ms late; the buffer is played every
        // 20 ms. Runs \a count packets from \a first on, on a 1 ms clock.
        JitterBuffer buffer(8000);
        auto run = [&](int first, int count, auto offset) {
            std::vector<std::pair<int, int>> arrivals; // ms, sequence
            for (int n = first; n < first + count; ++n)
                arrivals.emplace_back(n * 20 + offset(n), n);
            std::sort(arrivals.begin(), arrivals.end());
            std::size_t next = 0;
            for (int ms = first * 20; ms < (first + count) * 20; ++ms) {
                for (; next < arrivals.size() && arrivals[next].first <= ms; ++next)
                    push(buffer, std::uint16_t(arrivals[next].second), start + ms * 1ms);
                if (ms % 20 == 10)
                    buffer.pop();
            }
        };
        const int offsets[] = {0, 60, 10, 50, 0, 40, 20, 60};
        run(0, 200, [&](int n) { return offsets[n % 8]; });
        const std::size_t jittery = buffer.targetPackets();
        QVERIFY2(jittery >= 3, QByteArray::number(qulonglong(jittery)).constData());
        QVERIFY(buffer.queuedPackets() >= 2);
        // Clean again (a constant delay): the target comes down to one packet and the queue
        // follows.
        run(200, 200, [](int) { return 60; });
        QCOMPARE(buffer.targetPackets(), 1u);
        QVERIFY(buffer.queuedPackets() <= 2);
    }

    void underrunBuffersAgain()
    {
        JitterBuffer buffer(8000);
        push(buffer, 0, start);
        QCOMPARE(sequenceOf(buffer.pop()), 0);
        QCOMPARE(buffer.pop().outcome, Outcome::Lost); // nothing came: conceal
        QVERIFY(!buffer.isPlaying());
        QCOMPARE(buffer.statistics().underruns, 1u);
        QCOMPARE(buffer.pop().outcome, Outcome::Empty);
        // The packet it waited for plays when it comes, a turn later: not late, not lost.
        push(buffer, 1, start + 41ms);
        QCOMPARE(sequenceOf(buffer.pop()), 1);
        QCOMPARE(buffer.statistics().late, 0u);
        QCOMPARE(buffer.statistics().lost, 0u);
        // Packet 2 never comes: at the next underrun 3 takes its place.
        QCOMPARE(buffer.pop().outcome, Outcome::Lost);
        push(buffer, 3, start + 80ms);
        QCOMPARE(sequenceOf(buffer.pop()), 3);
    }
};

QTEST_APPLESS_MAIN(tst_JitterBuffer)
#include "tst_jitterbuffer.moc"
