// Covers in-band DTMF: DtmfToneGenerator writes each digit as 100 ms of its two Q.23
// frequencies and 60 ms of silence over the frames it is given, and leaves frames alone when
// idle; DtmfDetector (spandsp) finds those digits, in order, at 48 kHz and at 8 kHz, also
// after G.711 µ-law coding, and finds none in speech-band tones or silence.
#include "sipcore/media/audiocodec.h"
#include "sipcore/media/dtmfdetector.h"
#include "sipcore/media/dtmftonegenerator.h"

#include <QTest>

#include <cmath>
#include <numbers>
#include <vector>

using namespace sipcore::media;

namespace {

/// \a digits from a generator at \a rate, in 20 ms frames of \a background, then 200 ms more.
std::vector<std::int16_t> tones(const std::string &digits, unsigned rate, std::int16_t background)
{
    DtmfToneGenerator generator(rate);
    for (char digit : digits)
        generator.queue(digit);
    std::vector<std::int16_t> out;
    std::vector<std::int16_t> frame(rate / 50);
    for (int tail = 10; tail > 0;) {
        std::fill(frame.begin(), frame.end(), background);
        if (!generator.fill(frame))
            --tail;
        out.insert(out.end(), frame.begin(), frame.end());
    }
    return out;
}

std::string detect(const std::vector<std::int16_t> &audio, unsigned rate)
{
    DtmfDetector detector(rate);
    std::string found;
    for (std::size_t at = 0; at < audio.size(); at += rate / 50) {
        const std::size_t count = std::min<std::size_t>(rate / 50, audio.size() - at);
        found += detector.process({audio.data() + at, count});
    }
    return found;
}

} // namespace

class tst_DtmfTones : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void generatorTiming()
    {
        const auto audio = tones("5", 8000, 100);
        // 800 samples of tone, 480 of silence, then the frames untouched (100) from the next
        // frame boundary: 1280 = 64 frames of 20, exactly.
        QVERIFY(audio.size() >= 1280 + 160);
        double energy = 0;
        for (std::size_t i = 0; i < 800; ++i)
            energy += double(audio[i]) * audio[i];
        const double rms = std::sqrt(energy / 800);
        // Two sines of 8000 peak: RMS 8000.
        QVERIFY2(rms > 7800 && rms < 8200, QByteArray::number(rms));
        for (std::size_t i = 800; i < 1280; ++i)
            QVERIFY2(audio[i] == 0, QByteArray::number(qulonglong(i)));
        QCOMPARE(audio[1280], std::int16_t(100));
        DtmfToneGenerator idle(8000);
        idle.queue('x');
        QVERIFY(idle.isIdle());
        std::vector<std::int16_t> frame(160, 7);
        QVERIFY(!idle.fill(frame));
        QCOMPARE(frame.front(), std::int16_t(7));
    }

    void detectsWhatIsGenerated_data()
    {
        QTest::addColumn<unsigned>("rate");
        QTest::newRow("48 kHz") << 48000u;
        QTest::newRow("8 kHz") << 8000u;
    }

    void detectsWhatIsGenerated()
    {
        QFETCH(unsigned, rate);
        const std::string digits = "1234567890*#ABCD";
        QCOMPARE(detect(tones(digits, rate, 0), rate), digits);
    }

    void detectsThroughG711()
    {
        auto audio = tones("159#", 8000, 0);
        auto codec = AudioCodec::make(sipcore::sdp::MediaFormat{0, "PCMU", 8000});
        QVERIFY(codec);
        std::vector<std::uint8_t> payload(audio.size());
        QCOMPARE(codec->encode(audio, payload), audio.size());
        QCOMPARE(codec->decode(payload, audio), audio.size());
        QCOMPARE(detect(audio, 8000), std::string("159#"));
    }

    void noDigitsInSpeechBandTones()
    {
        std::vector<std::int16_t> audio(48000 * 2);
        for (std::size_t i = 0; i < audio.size(); ++i) {
            const double t = double(i) / 48000;
            audio[i]
                    = static_cast<std::int16_t>(8000 * std::sin(2 * std::numbers::pi * 440 * t)
                                                + 4000 * std::sin(2 * std::numbers::pi * 1100 * t));
        }
        QCOMPARE(detect(audio, 48000), std::string());
        QCOMPARE(detect(std::vector<std::int16_t>(16000), 8000), std::string());
    }
};

QTEST_APPLESS_MAIN(tst_DtmfTones)
#include "tst_dtmftones.moc"
