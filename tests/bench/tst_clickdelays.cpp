// Covers ClickDelays, bench_audiodelay's reading of its recording, on made-up loops: each click
// found once with its return to the sample, a click with no return counted lost, a click's own
// tail and a return that comes after the window not taken for clicks or returns, and the
// return of a click searched for only after it.
#include "clickdelays.h"

#include <QTest>

#include <cstdint>
#include <vector>

namespace {

constexpr int Rate = 48000;

/// Interleaved stereo of \a seconds of silence.
std::vector<std::int16_t> silence(double seconds)
{
    return std::vector<std::int16_t>(2 * std::size_t(seconds * Rate), 0);
}

/// A 10 ms burst at \a frame on \a channel (0 left, 1 right), alternating ±\a level.
void burst(std::vector<std::int16_t> &audio, std::size_t frame, int channel, int level = 12000)
{
    for (std::size_t i = 0; i < Rate / 100; ++i)
        audio[2 * (frame + i) + channel] = std::int16_t(i % 2 ? level : -level);
}

} // namespace

class tst_ClickDelays : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsEachClickAndItsReturn()
    {
        auto audio = silence(4);
        burst(audio, Rate / 2, 0);
        burst(audio, Rate / 2 + 4800, 1); // 100 ms later
        burst(audio, 2 * Rate, 0);
        burst(audio, 2 * Rate + 2400 + 7, 1); // 50 ms and 7 samples later
        const ClickDelays found = ClickDelays::find(audio, {});
        QCOMPARE(found.clicks, 2);
        QCOMPARE(found.lost, 0);
        QCOMPARE(found.roundTripsMs.size(), 2);
        QCOMPARE(found.roundTripsMs[0], 100.0);
        QCOMPARE(found.roundTripsMs[1], 1000.0 * (2400 + 7) / Rate);
    }

    void aClickWithoutReturnIsLost()
    {
        auto audio = silence(4);
        burst(audio, Rate / 2, 0);
        burst(audio, Rate / 2 + Rate, 1); // a second later: past the 0.8 s window
        burst(audio, 3 * Rate, 0);
        burst(audio, 3 * Rate + 960, 1);
        const ClickDelays found = ClickDelays::find(audio, {});
        QCOMPARE(found.clicks, 2);
        QCOMPARE(found.lost, 1);
        QCOMPARE(found.roundTripsMs, QList<double>{20.0});
    }

    void quietSoundIsNeitherClickNorReturn()
    {
        auto audio = silence(3);
        burst(audio, Rate / 2, 0, 2000); // below the threshold
        burst(audio, Rate, 0);
        burst(audio, Rate + 100, 1, 2000);
        burst(audio, Rate + 480, 1);
        const ClickDelays found = ClickDelays::find(audio, {});
        QCOMPARE(found.clicks, 1);
        QCOMPARE(found.roundTripsMs, QList<double>{10.0});
    }

    void soundTooSoonAfterAClickIsNoNewClick()
    {
        auto audio = silence(3);
        burst(audio, Rate / 2, 0);
        burst(audio, Rate / 2 + Rate / 10, 0); // 100 ms on: less than 300 ms of quiet
        burst(audio, Rate / 2 + 960, 1);
        const ClickDelays found = ClickDelays::find(audio, {});
        QCOMPARE(found.clicks, 1);
        QCOMPARE(found.roundTripsMs, QList<double>{20.0});
    }

    void addGathersRuns()
    {
        ClickDelays total;
        ClickDelays run;
        run.roundTripsMs = {100, 101};
        run.clicks = 3;
        run.lost = 1;
        total.add(run);
        total.add(run);
        QCOMPARE(total.clicks, 6);
        QCOMPARE(total.lost, 2);
        QCOMPARE(total.roundTripsMs, (QList<double>{100, 101, 100, 101}));
    }
};

QTEST_APPLESS_MAIN(tst_ClickDelays)
#include "tst_clickdelays.moc"
