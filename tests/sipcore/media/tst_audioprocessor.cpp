// Covers AudioProcessor (speexdsp) on made-up rooms at 48 kHz in 20 ms frames:
// - echo cancellation: the far end's speech-like noise comes back through the microphone
//   40 ms later at half its level; once the filter has learnt it, what is sent carries
//   far less of it, while the near end's own voice (a tone) goes through;
// - noise suppression: steady background noise alone is turned down;
// - gain control: a quiet talker is brought up;
// - with everything off the microphone goes through untouched;
// - echo above the 16 kHz low band that speexdsp cleans is taken down with it, and the near
//   end's own sound up there goes through;
// - with everything on, a click comes out one 10 ms block and 2 ms (the band split) late,
//   not a whole frame (the delay the clean-ups add to every call, issue 6 item 10).
#include "sipcore/media/audioprocessor.h"
#include "support/tonelevel.h"

#include <QTest>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

using namespace sipcore::media;

namespace {

constexpr unsigned Rate = 48000;
constexpr std::size_t Frame = Rate / 50;

/// Speech-like noise: white noise, low-passed, in 200 ms syllables with short gaps.
std::vector<std::int16_t> speechLike(std::size_t samples, double level, unsigned seed)
{
    std::mt19937 random(seed);
    std::normal_distribution<double> noise(0, 1);
    std::vector<std::int16_t> out(samples);
    double smooth = 0;
    for (std::size_t i = 0; i < samples; ++i) {
        smooth = 0.7 * smooth + 0.3 * noise(random);
        const bool voiced = (i / (Rate / 5)) % 4 != 3;
        out[i] = static_cast<std::int16_t>(
                std::clamp(voiced ? level * smooth : 0.0, -32768.0, 32767.0));
    }
    return out;
}

double rms(const std::vector<std::int16_t> &audio, std::size_t begin, std::size_t end)
{
    double sum = 0;
    for (std::size_t i = begin; i < end; ++i)
        sum += double(audio[i]) * audio[i];
    return std::sqrt(sum / double(end - begin));
}

double toneLevel(const std::vector<std::int16_t> &audio,
                 double frequency,
                 std::size_t begin,
                 std::size_t end)
{
    return tonelevel::amplitude(std::span(audio).subspan(begin, end - begin), frequency, Rate);
}

/// Runs \a microphone (with \a played as what the speaker played) through \a processor.
std::vector<std::int16_t> run(AudioProcessor &processor,
                              std::vector<std::int16_t> microphone,
                              const std::vector<std::int16_t> &played)
{
    for (std::size_t at = 0; at + Frame <= microphone.size(); at += Frame)
        processor.process(std::span(microphone).subspan(at, Frame),
                          std::span(played).subspan(at, Frame));
    return microphone;
}

/// How much \a settings change the level of four seconds of steady noise (no echo), in dB over
/// the last two: negative when it is turned down.
double steadyNoiseChangeDb(AudioProcessing settings, unsigned seed)
{
    const std::size_t total = Rate * 4;
    std::mt19937 random(seed);
    std::normal_distribution<double> noise(0, 300);
    std::vector<std::int16_t> microphone(total);
    for (auto &sample : microphone)
        sample = static_cast<std::int16_t>(noise(random));
    const std::vector<std::int16_t> silence(total);
    AudioProcessor processor(settings, Rate, Frame);
    const auto sent = run(processor, microphone, silence);
    return 20
           * std::log10(std::max(rms(sent, Rate * 2, total), 1.0)
                        / rms(microphone, Rate * 2, total));
}

} // namespace

class tst_AudioProcessor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void echoIsTakenOutNearVoiceStays()
    {
        const std::size_t total = Rate * 8;
        const auto far = speechLike(total, 6000, 1);
        const std::size_t delay = Rate * 40 / 1000;
        std::vector<std::int16_t> microphone(total);
        for (std::size_t i = delay; i < total; ++i)
            microphone[i] = static_cast<std::int16_t>(far[i - delay] / 2);
        // The last two seconds: the near end talks too (double talk), a 440 Hz tone.
        const std::size_t talk = Rate * 6;
        for (std::size_t i = talk; i < total; ++i)
            microphone[i] = static_cast<std::int16_t>(
                    microphone[i] + 3000 * std::sin(2 * std::numbers::pi * 440 * double(i) / Rate));
        AudioProcessor processor(
                {.echoCancellation = true, .noiseSuppression = false, .gainControl = false}, Rate,
                Frame);
        const auto sent = run(processor, microphone, far);
        // Seconds 4-6: echo only, after the filter has had 4 s to learn.
        const double before = rms(microphone, Rate * 4, talk);
        const double after = rms(sent, Rate * 4, talk);
        const double reductionDb = 20 * std::log10(before / std::max(after, 1.0));
        qInfo("echo reduction %.1f dB", reductionDb);
        // The filter alone takes it about 40 dB down; the residual echo suppression, kept on
        // with noise suppression off, the rest.
        QVERIFY2(reductionDb > 45,
                 qPrintable(QStringLiteral("echo down by %1 dB only").arg(reductionDb)));
        // Seconds 6.5-8: the near end's tone goes through at most a few dB down.
        const double near = toneLevel(sent, 440, talk + Rate / 2, total);
        qInfo("near %.0f", near);
        QVERIFY2(near > 3000 / 2, qPrintable(QStringLiteral("near voice at %1 of 3000").arg(near)));
    }

    void echoAboveTheLowBandIsTakenDownToo()
    {
        // The far end: speech-like noise with an 11 kHz tone in the same syllables.
        const std::size_t total = Rate * 8;
        auto far = speechLike(total, 4000, 2);
        for (std::size_t i = 0; i < total; ++i) {
            if (far[i] != 0)
                far[i] = static_cast<std::int16_t>(
                        far[i] + 3000 * std::sin(2 * std::numbers::pi * 11000 * double(i) / Rate));
        }
        const std::size_t delay = Rate * 40 / 1000;
        const std::size_t talk = Rate * 6;
        std::vector<std::int16_t> microphone(total);
        std::vector<std::int16_t> played = far;
        for (std::size_t i = delay; i < talk; ++i)
            microphone[i] = static_cast<std::int16_t>(far[i - delay] / 2);
        // The last two seconds the far end is quiet and the near end plays 440 Hz and 11 kHz.
        std::fill(played.begin() + std::ptrdiff_t(talk), played.end(), std::int16_t(0));
        for (std::size_t i = talk; i < total; ++i) {
            const double t = double(i) / Rate;
            microphone[i] = static_cast<std::int16_t>(
                    3000 * std::sin(2 * std::numbers::pi * 440 * t)
                    + 1500 * std::sin(2 * std::numbers::pi * 11000 * t));
        }
        AudioProcessor processor(
                {.echoCancellation = true, .noiseSuppression = false, .gainControl = false}, Rate,
                Frame);
        const auto sent = run(processor, microphone, played);
        // Seconds 4-6: the echo's 11 kHz, after 4 s of learning.
        const double before = toneLevel(microphone, 11000, Rate * 4, talk);
        const double after = toneLevel(sent, 11000, Rate * 4, talk);
        const double reductionDb = 20 * std::log10(before / std::max(after, 1.0));
        qInfo("11 kHz echo down by %.1f dB", reductionDb);
        QVERIFY2(reductionDb > 15,
                 qPrintable(QStringLiteral("11 kHz echo down by %1 dB only").arg(reductionDb)));
        // Seconds 6.5-8: the near end's own 11 kHz goes through at most a few dB down.
        const double near = toneLevel(sent, 11000, talk + Rate / 2, total);
        qInfo("near 11 kHz %.0f of 1500", near);
        QVERIFY2(near > 1500 / 2,
                 qPrintable(QStringLiteral("near 11 kHz at %1 of 1500").arg(near)));
    }

    void steadyNoiseIsTurnedDown()
    {
        const double changeDb = steadyNoiseChangeDb(
                {.echoCancellation = false, .noiseSuppression = true, .gainControl = false}, 7);
        qInfo("noise changed by %.1f dB", changeDb);
        QVERIFY2(changeDb < -10,
                 qPrintable(QStringLiteral("noise down by %1 dB only").arg(-changeDb)));
    }

    void noiseStaysWhenOnlyEchoIsCancelled()
    {
        // Echo cancellation keeps speexdsp's spectral gain on for the residual echo; with
        // noise suppression off, steady noise (no echo) goes through as it came.
        const double changeDb = steadyNoiseChangeDb(
                {.echoCancellation = true, .noiseSuppression = false, .gainControl = false}, 11);
        qInfo("noise changed by %.2f dB", changeDb);
        QVERIFY2(std::abs(changeDb) < 1,
                 qPrintable(QStringLiteral("noise changed by %1 dB").arg(changeDb)));
    }

    void quietTalkerIsBroughtUp()
    {
        const std::size_t total = Rate * 10;
        const auto quiet = speechLike(total, 300, 3);
        const std::vector<std::int16_t> silence(total);
        AudioProcessor processor(
                {.echoCancellation = false, .noiseSuppression = false, .gainControl = true}, Rate,
                Frame);
        const auto sent = run(processor, quiet, silence);
        const double gainDb
                = 20 * std::log10(rms(sent, Rate * 8, total) / rms(quiet, Rate * 8, total));
        qInfo("gain %.1f dB", gainDb);
        QVERIFY2(gainDb > 6, qPrintable(QStringLiteral("brought up by %1 dB only").arg(gainDb)));
    }

    void cleanUpsDelayByOneBlock()
    {
        // Faint noise, then a 10 ms burst at a sample that starts no block or frame.
        std::vector<std::int16_t> microphone = speechLike(4 * Rate, 20, 7);
        const std::size_t click = 3 * Rate + 333;
        for (std::size_t i = 0; i < Rate / 100; ++i)
            microphone[click + i] = static_cast<std::int16_t>(
                    12000 * std::sin(2 * std::numbers::pi * 1000 * double(i) / Rate));
        const std::vector<std::int16_t> silence(microphone.size(), 0);
        AudioProcessor processor(
                {.echoCancellation = true, .noiseSuppression = true, .gainControl = true}, Rate,
                Frame);
        const auto sent = run(processor, microphone, silence);
        std::size_t heard = Rate; // past the first second, where the filters settle
        while (heard < sent.size() && std::abs(int(sent[heard])) < 3000)
            ++heard;
        QVERIFY(processor.delay() <= Rate / 100 + Rate / 500);
        QVERIFY2(heard >= click && heard - click <= processor.delay() + Rate / 1000,
                 qPrintable(QStringLiteral("the click came out %1 samples late")
                                    .arg(qint64(heard) - qint64(click))));
    }

    void allOffLeavesTheMicrophoneAlone()
    {
        const auto microphone = speechLike(Rate, 5000, 5);
        const auto played = speechLike(Rate, 5000, 6);
        AudioProcessor processor(
                {.echoCancellation = false, .noiseSuppression = false, .gainControl = false}, Rate,
                Frame);
        QCOMPARE(run(processor, microphone, played), microphone);
    }
};

QTEST_GUILESS_MAIN(tst_AudioProcessor)
#include "tst_audioprocessor.moc"
