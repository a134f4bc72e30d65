// Covers SampleRing, the lock-free ring between the sound devices' thread and the media
// thread: order and wrap-around, a full ring dropping what does not fit, readFrame's silence
// on underrun and its trimming of the backlog, and a producer and a consumer on two threads
// passing a million samples without losing or reordering one. Also the engine's two ends of
// it: RingAudioSource (also with the speaker's samples paired with the microphone's) and
// RingAudioSink.
#include "sipcore/media/ringaudiosink.h"
#include "sipcore/media/ringaudiosource.h"
#include "sipcore/media/samplering.h"

#include <QTest>

#include <numeric>
#include <thread>
#include <vector>

using namespace sipcore::media;

class tst_SampleRing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void capacityIsAPowerOfTwo()
    {
        QCOMPARE(SampleRing(1000).capacity(), std::size_t(1024));
        QCOMPARE(SampleRing(1024).capacity(), std::size_t(1024));
    }

    void keepsOrderAcrossTheWrap()
    {
        SampleRing ring(8);
        std::int16_t next = 0;
        std::int16_t expected = 0;
        for (int round = 0; round < 20; ++round) {
            std::vector<std::int16_t> in(5);
            for (auto &sample : in)
                sample = next++;
            QCOMPARE(ring.write(in), std::size_t(5));
            QCOMPARE(ring.size(), std::size_t(5));
            std::vector<std::int16_t> out(5);
            QCOMPARE(ring.read(out), std::size_t(5));
            for (std::int16_t sample : out)
                QCOMPARE(sample, expected++);
        }
        QCOMPARE(ring.size(), std::size_t(0));
    }

    void fullRingDropsTheNewest()
    {
        SampleRing ring(4);
        const std::vector<std::int16_t> in{1, 2, 3, 4, 5, 6};
        QCOMPARE(ring.write(in), std::size_t(4));
        QCOMPARE(ring.write(in), std::size_t(0));
        std::vector<std::int16_t> out(6, -1);
        QCOMPARE(ring.read(out), std::size_t(4));
        QCOMPARE(out, (std::vector<std::int16_t>{1, 2, 3, 4, -1, -1}));
    }

    void readFramePadsAndTrims()
    {
        SampleRing ring(64);
        std::vector<std::int16_t> in(3);
        std::iota(in.begin(), in.end(), std::int16_t(1));
        ring.write(in);
        std::vector<std::int16_t> frame(5, -1);
        QCOMPARE(ring.readFrame(frame, 5), std::size_t(3));
        QCOMPARE(frame, (std::vector<std::int16_t>{1, 2, 3, 0, 0}));

        // 20 waiting, a frame of 5 taken: of the 15 left the oldest go, 5 stay.
        in.resize(20);
        std::iota(in.begin(), in.end(), std::int16_t(100));
        ring.write(in);
        QCOMPARE(ring.readFrame(frame, 5), std::size_t(5));
        QCOMPARE(frame, (std::vector<std::int16_t>{100, 101, 102, 103, 104}));
        QCOMPARE(ring.size(), std::size_t(5));
        QCOMPARE(ring.readFrame(frame, 5), std::size_t(5));
        QCOMPARE(frame, (std::vector<std::int16_t>{115, 116, 117, 118, 119}));
    }

    void twoThreadsLoseNothing()
    {
        constexpr std::size_t Total = 1'000'000;
        SampleRing ring(256);
        std::thread producer([&ring] {
            std::size_t sent = 0;
            std::vector<std::int16_t> chunk(97);
            while (sent < Total) {
                const std::size_t count = std::min(chunk.size(), Total - sent);
                for (std::size_t i = 0; i < count; ++i)
                    chunk[i] = static_cast<std::int16_t>((sent + i) & 0x7fff);
                std::size_t done = 0;
                while (done < count) {
                    done += ring.write(std::span(chunk).subspan(done, count - done));
                    if (done < count)
                        std::this_thread::yield();
                }
                sent += count;
            }
        });
        std::size_t received = 0;
        std::size_t wrong = 0;
        std::vector<std::int16_t> out(61);
        while (received < Total) {
            const std::size_t count = ring.read(out);
            for (std::size_t i = 0; i < count; ++i) {
                if (out[i] != static_cast<std::int16_t>((received + i) & 0x7fff))
                    ++wrong;
            }
            received += count;
            if (count == 0)
                std::this_thread::yield();
        }
        producer.join();
        QCOMPARE(wrong, std::size_t(0));
        QCOMPARE(ring.size(), std::size_t(0));
    }

    void engineEnds()
    {
        auto ring = std::make_shared<SampleRing>(4096);
        RingAudioSink sink(ring);
        RingAudioSource source(ring);
        std::vector<std::int16_t> frame(960, 7);
        // A device that stalled for three frames: the source hands one on and keeps one.
        for (int i = 0; i < 3; ++i)
            sink.write(frame);
        std::vector<std::int16_t> got(960, -1);
        source.read(got);
        QCOMPARE(got.front(), std::int16_t(7));
        QCOMPARE(ring->size(), std::size_t(960));
        source.read(got);
        source.read(got); // underrun: silence
        QCOMPARE(got.front(), std::int16_t(0));
        QCOMPARE(got.back(), std::int16_t(0));
    }

    void pairsStayTogetherThroughDropsAndUnderruns()
    {
        auto ring = std::make_shared<SampleRing>(8192);
        RingAudioSource source(ring, RingAudioSource::Layout::CapturedWithPlayed);
        const std::size_t frame = 960;
        // Three frames of pairs (captured n, played -n) waiting: the oldest goes on, one stays,
        // one is dropped, as with the microphone alone; each pair stays whole.
        std::vector<std::int16_t> pairs(2 * 3 * frame);
        for (std::size_t n = 0; n < 3 * frame; ++n) {
            pairs[2 * n] = static_cast<std::int16_t>(n + 1);
            pairs[2 * n + 1] = static_cast<std::int16_t>(-static_cast<int>(n + 1));
        }
        ring->write(pairs);
        std::vector<std::int16_t> captured(frame, 0);
        std::vector<std::int16_t> played(frame, 0);
        source.read(captured);
        QVERIFY(source.playedAlongside(played));
        QCOMPARE(captured.front(), std::int16_t(1));
        QCOMPARE(played.front(), std::int16_t(-1));
        QCOMPARE(captured.back(), std::int16_t(frame));
        QCOMPARE(played.back(), std::int16_t(-static_cast<int>(frame)));
        source.read(captured);
        QVERIFY(source.playedAlongside(played));
        QCOMPARE(captured.front(), std::int16_t(2 * frame + 1));
        QCOMPARE(played.front(), std::int16_t(-static_cast<int>(2 * frame + 1)));
        source.read(captured); // underrun: silence in both
        QVERIFY(source.playedAlongside(played));
        QCOMPARE(captured.front(), std::int16_t(0));
        QCOMPARE(played.back(), std::int16_t(0));
        // The microphone alone says nothing of what played.
        RingAudioSource alone(ring);
        alone.read(captured);
        QVERIFY(!alone.playedAlongside(played));
    }
};

QTEST_GUILESS_MAIN(tst_SampleRing)
#include "tst_samplering.moc"
