// Covers EchoReference, the echo canceller's reference paired with the microphone on the
// audio thread: pairing by count whatever the order of the two devices' calls, the lead kept
// at a realignment, silence and a move when the microphone runs ahead, a drop back to the
// lead when the speaker's clock runs ahead, and what it holds while no microphone takes.
#include "sipcore/media/echoreference.h"

#include <QTest>

#include <cstdint>
#include <vector>

using namespace sipcore::media;

namespace {

constexpr std::size_t Chunk = 480;    // 10 ms at 48 kHz
constexpr std::size_t Lead = 960;     // 20 ms
constexpr std::size_t MaxLead = 3840; // 80 ms

/// Plays the next \a count values of a ramp that starts at 1.
struct Speaker
{
    std::int16_t next = 1;
    void play(EchoReference &reference, std::size_t count)
    {
        std::vector<std::int16_t> chunk(count);
        for (auto &sample : chunk)
            sample = next++;
        reference.played(chunk);
    }
};

std::vector<std::int16_t> take(EchoReference &reference, std::size_t count)
{
    std::vector<std::int16_t> out(count, -1);
    reference.take(out);
    return out;
}

} // namespace

class tst_EchoReference : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void realignmentKeepsTheLead()
    {
        EchoReference reference(Lead, MaxLead);
        Speaker speaker;
        speaker.play(reference, 5 * Chunk); // 1 … 2400
        const auto got = take(reference, Chunk);
        // The newest chunk and the lead stay; the first of them is taken first.
        QCOMPARE(got.front(), std::int16_t(5 * Chunk - Chunk - Lead + 1));
        QCOMPARE(got.back(), std::int16_t(5 * Chunk - Lead));
        QCOMPARE(reference.held(), Lead);
        QCOMPARE(reference.moves(), std::size_t(1));
    }

    void pairsByCountWhateverTheOrderOfCalls()
    {
        EchoReference reference(Lead, MaxLead);
        Speaker speaker;
        speaker.play(reference, 4 * Chunk); // the sink's first top-up, in one go
        std::int16_t expected = take(reference, Chunk).back();
        // The two devices' timers fire in any order and hand over odd amounts (as much played
        // in all as taken); the pairing follows the count and never moves.
        const std::size_t plays[] = {Chunk, 0, 2 * Chunk, Chunk, 0, Chunk, 333, Chunk - 333};
        const std::size_t takes[] = {Chunk, Chunk, 0, Chunk, 2 * Chunk, 100, Chunk - 100, 0};
        for (int round = 0; round < 20; ++round) {
            for (std::size_t i = 0; i < std::size(plays); ++i) {
                speaker.play(reference, plays[i]);
                for (const std::int16_t sample : take(reference, takes[i]))
                    QCOMPARE(sample, ++expected);
            }
        }
        QCOMPARE(reference.moves(), std::size_t(1));
    }

    void microphoneAheadGetsSilenceAndMoves()
    {
        EchoReference reference(Lead, MaxLead);
        Speaker speaker;
        speaker.play(reference, Chunk);
        take(reference, Chunk); // realigns: all of it taken, nothing held
        speaker.play(reference, Chunk / 2);
        const auto got = take(reference, Chunk);
        QCOMPARE(got[Chunk / 2 - 1], std::int16_t(Chunk + Chunk / 2));
        QCOMPARE(got[Chunk / 2], std::int16_t(0));
        QCOMPARE(got.back(), std::int16_t(0));
        QCOMPARE(reference.moves(), std::size_t(2));
        // What is played next pairs with what is captured next.
        speaker.play(reference, Chunk);
        QCOMPARE(take(reference, Chunk).front(), std::int16_t(Chunk + Chunk / 2 + 1));
    }

    void speakerAheadDropsBackToTheLead()
    {
        EchoReference reference(Lead, MaxLead);
        Speaker speaker;
        speaker.play(reference, 2 * Chunk);
        take(reference, Chunk);
        QCOMPARE(reference.held(), Chunk);
        // The speaker's clock runs ahead: a little more each time, until past the most.
        std::size_t moved = 0;
        for (int i = 0; i < 100 && moved == 0; ++i) {
            speaker.play(reference, Chunk + 48);
            take(reference, Chunk);
            moved = reference.moves() - 1;
            QVERIFY(reference.held() <= MaxLead);
        }
        QCOMPARE(moved, std::size_t(1));
        QCOMPARE(reference.held(), Lead);
    }

    void resetRealignsAtTheNextTake()
    {
        EchoReference reference(Lead, MaxLead);
        Speaker speaker;
        speaker.play(reference, 3 * Chunk);
        take(reference, Chunk);
        reference.reset();
        speaker.play(reference, 3 * Chunk); // held now: Lead + 3 chunks
        const auto got = take(reference, Chunk);
        QCOMPARE(got.front(), std::int16_t(6 * Chunk - Chunk - Lead + 1));
        QCOMPARE(reference.moves(), std::size_t(2));
    }

    void holdsLittleWhileNoMicrophoneTakes()
    {
        EchoReference reference(Lead, MaxLead);
        Speaker speaker;
        for (int i = 0; i < 1000; ++i)
            speaker.play(reference, Chunk);
        QVERIFY(reference.held() <= MaxLead + 2 * Chunk);
        // And a microphone that starts late still gets the newest of it.
        const auto got = take(reference, Chunk);
        QCOMPARE(got.back(), std::int16_t(1000 * Chunk - Lead));
    }
};

QTEST_GUILESS_MAIN(tst_EchoReference)
#include "tst_echoreference.moc"
