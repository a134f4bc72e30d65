// Covers BacklogTrimmer with a producer that writes 20 ms at a time and a consumer that reads
// 10 ms at a time, as the media engine and the speaker do:
// - a backlog that stays for a whole window is dropped down to the margin, once, and the
//   audio after it comes through in order;
// - a ring that runs down to nothing between writes loses nothing;
// - the cap applies at each read.
#include "sipcore/media/backlogtrimmer.h"
#include "sipcore/media/samplering.h"

#include <QTest>

#include <numeric>
#include <vector>

using namespace sipcore::media;

namespace {

constexpr std::size_t Chunk = 480;  // 10 ms at 48 kHz
constexpr std::size_t Frame = 960;  // 20 ms
constexpr std::size_t Window = 100; // reads: a second
constexpr std::size_t Margin = 240;
constexpr std::size_t Cap = 1440;

/// Writes a frame of consecutive sample numbers, from \a next on.
void writeFrame(SampleRing &ring, std::int16_t &next)
{
    std::vector<std::int16_t> frame(Frame);
    for (auto &sample : frame)
        sample = next++;
    QCOMPARE(ring.write(frame), Frame);
}

} // namespace

class tst_BacklogTrimmer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void standingBacklogIsDroppedToTheMargin()
    {
        SampleRing ring(8192);
        BacklogTrimmer trimmer(Window, Margin, Cap);
        std::int16_t next = 0;
        writeFrame(ring, next); // 20 ms more than the reads need, from the start
        std::vector<std::int16_t> chunk(Chunk);
        std::size_t lowest = SIZE_MAX;
        for (std::size_t read = 0; read < 2 * Window; ++read) {
            if (read % 2 == 0)
                writeFrame(ring, next);
            QCOMPARE(trimmer.read(ring, chunk), Chunk);
            if (read >= Window)
                lowest = std::min(lowest, ring.size());
        }
        // All through the first window 960 stayed after every read: all but the margin goes.
        QCOMPARE(trimmer.trimmed(), Frame - Margin);
        QCOMPARE(lowest, Margin);
        // What follows the cut is in order.
        QCOMPARE(chunk.back() - chunk.front(), std::int16_t(Chunk - 1));
    }

    void ringThatRunsDownLosesNothing()
    {
        SampleRing ring(8192);
        BacklogTrimmer trimmer(Window, Margin, Cap);
        std::int16_t next = 0;
        std::int16_t expected = 0;
        std::vector<std::int16_t> chunk(Chunk);
        for (std::size_t read = 0; read < 3 * Window; ++read) {
            if (read % 2 == 0)
                writeFrame(ring, next);
            QCOMPARE(trimmer.read(ring, chunk), Chunk);
            QCOMPARE(chunk.front(), expected);
            expected = std::int16_t(expected + Chunk);
        }
        QCOMPARE(trimmer.trimmed(), std::size_t(0));
    }

    void capAppliesAtEachRead()
    {
        SampleRing ring(8192);
        BacklogTrimmer trimmer(Window, Margin, Cap);
        std::int16_t next = 0;
        for (int i = 0; i < 4; ++i)
            writeFrame(ring, next);
        std::vector<std::int16_t> chunk(Chunk);
        QCOMPARE(trimmer.read(ring, chunk), Chunk);
        QCOMPARE(ring.size(), Cap);
        QCOMPARE(trimmer.trimmed(), std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(tst_BacklogTrimmer)
#include "tst_backlogtrimmer.moc"
