// Covers AlertTone: the ringback tone is 425 Hz for 1 s in every 5 s, the ringtone a trill of
// 1000 and 1250 Hz for 1.2 s in every 4 s, the call-waiting tone two 200 ms beeps of 425 Hz
// 200 ms apart in every 5 s, each burst ramps in without a click, and the cadence carries on
// across calls of any size.
#include "sipcore/media/alerttone.h"
#include "support/tonelevel.h"

#include <QTest>

#include <cmath>
#include <vector>

using namespace sipcore::media;

namespace {

constexpr unsigned Rate = 48000;

/// \a seconds of \a kind, drawn in frames of \a frameSamples.
std::vector<std::int16_t> draw(AlertTone::Kind kind, double seconds, std::size_t frameSamples)
{
    AlertTone tone(kind, Rate);
    std::vector<std::int16_t> out(static_cast<std::size_t>(seconds * Rate));
    for (std::size_t at = 0; at < out.size(); at += frameSamples)
        tone.fill(std::span(out).subspan(at, std::min(frameSamples, out.size() - at)));
    return out;
}

/// The amplitude of \a frequency in seconds [\a from, \a to) of \a audio.
double level(const std::vector<std::int16_t> &audio, double frequency, double from, double to)
{
    const auto begin = static_cast<std::size_t>(from * Rate);
    const auto end = static_cast<std::size_t>(to * Rate);
    return tonelevel::amplitude(std::span(audio).subspan(begin, end - begin), frequency, Rate);
}

int largestStep(const std::vector<std::int16_t> &audio)
{
    int step = 0;
    for (std::size_t i = 1; i < audio.size(); ++i)
        step = std::max(step, std::abs(audio[i] - audio[i - 1]));
    return step;
}

} // namespace

class tst_AlertTone : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ringbackCadence()
    {
        const auto audio = draw(AlertTone::Kind::Ringback, 11, 960);
        QVERIFY(level(audio, 425, 0.1, 0.9) > 5000);
        QVERIFY(level(audio, 425, 1.1, 4.9) < 1);
        QVERIFY(level(audio, 425, 5.1, 5.9) > 5000);
        QVERIFY(level(audio, 425, 10.1, 10.9) > 5000);
        // A pure 425 Hz: nothing at the ringtone's frequencies.
        QVERIFY(level(audio, 1000, 0.1, 0.9) < 100);
        // At 425 Hz a sample moves at most 2π·425/48000 of the peak (5800): ~323.
        QVERIFY2(largestStep(audio) < 340, QByteArray::number(largestStep(audio)));
    }

    void ringtoneCadence()
    {
        const auto audio = draw(AlertTone::Kind::Ringtone, 9, 441); // odd frames on purpose
        QVERIFY(level(audio, 1000, 0.0, 0.04) > 10000);
        QVERIFY(level(audio, 1250, 0.04, 0.08) > 10000);
        QVERIFY(level(audio, 1000, 0.04, 0.08) < 3000);
        QVERIFY(level(audio, 1000, 1.3, 3.9) < 1);
        QVERIFY(level(audio, 1250, 1.3, 3.9) < 1);
        QVERIFY(level(audio, 1000, 4.0, 4.04) > 10000);
        QVERIFY(level(audio, 1000, 8.0, 8.04) > 10000);
        // The ramp: the first samples of a burst are far below its level.
        QVERIFY(std::abs(audio[1]) < 100);
    }

    void callWaitingCadence()
    {
        const auto audio = draw(AlertTone::Kind::CallWaiting, 11, 960);
        QVERIFY(level(audio, 425, 0.02, 0.18) > 3500);
        QVERIFY(level(audio, 425, 0.21, 0.39) < 1);
        QVERIFY(level(audio, 425, 0.42, 0.58) > 3500);
        QVERIFY(level(audio, 425, 0.61, 4.99) < 1);
        QVERIFY(level(audio, 425, 5.02, 5.18) > 3500);
        QVERIFY(level(audio, 425, 5.42, 5.58) > 3500);
        QVERIFY(level(audio, 425, 10.42, 10.58) > 3500);
        // Quieter than the ringback tone: it plays over a call.
        QVERIFY(level(audio, 425, 0.02, 0.18) < 4500);
        // Both beeps ramp in and out.
        QVERIFY(std::abs(audio[1]) < 100);
        QVERIFY(std::abs(audio[Rate * 2 / 5 + 1]) < 100);
        QVERIFY(std::abs(audio[Rate / 5 - 1]) < 100);
    }
};

QTEST_GUILESS_MAIN(tst_AlertTone)
#include "tst_alerttone.moc"
