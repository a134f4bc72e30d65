// Covers the codecs through AudioCodec::make(): each of PCMU, PCMA, G722 and opus encodes a
// 20 ms frame of a 1 kHz tone to the payload size its RFC gives and decodes it back to the
// same tone (checked by correlation, after the codec's delay); concealment after a loss gives
// a frame of the right length; a lost frame with the next packet at hand comes back at the
// tone's level (Opus from that packet's in-band FEC, PCMU by concealment); unknown formats
// give no codec; supported() lists all four in
// our order of preference.
#include "sipcore/media/audiocodec.h"

#include <QTest>

#include <cmath>
#include <numbers>

using namespace sipcore;
using namespace sipcore::media;

namespace {

std::vector<std::int16_t> tone(unsigned rate, std::size_t count, std::size_t offset)
{
    std::vector<std::int16_t> samples(count);
    for (std::size_t i = 0; i < count; ++i)
        samples[i] = static_cast<std::int16_t>(
                8000 * std::sin(2 * std::numbers::pi * 1000 * double(offset + i) / rate));
    return samples;
}

/// The amplitude of 1 kHz in \a samples.
double amplitudeAt1k(const std::vector<std::int16_t> &samples, unsigned rate)
{
    double re = 0;
    double im = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        re += samples[i] * std::cos(2 * std::numbers::pi * 1000 * double(i) / rate);
        im += samples[i] * std::sin(2 * std::numbers::pi * 1000 * double(i) / rate);
    }
    return 2 * std::hypot(re, im) / double(samples.size());
}

} // namespace

class tst_AudioCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("clockRate");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("sampleRate");
        QTest::addColumn<int>("payloadSize"); ///< per 20 ms; 0: variable
        QTest::newRow("PCMU") << "PCMU" << 8000 << 1 << 8000 << 160;
        QTest::newRow("PCMA") << "PCMA" << 8000 << 1 << 8000 << 160;
        QTest::newRow("G722") << "G722" << 8000 << 1 << 16000 << 160;
        QTest::newRow("opus") << "opus" << 48000 << 2 << 48000 << 0;
    }
    void roundTrip()
    {
        QFETCH(QString, name);
        QFETCH(int, clockRate);
        QFETCH(int, channels);
        QFETCH(int, sampleRate);
        QFETCH(int, payloadSize);
        const sdp::MediaFormat format{96, name.toStdString(), unsigned(clockRate),
                                      unsigned(channels)};
        auto encoder = AudioCodec::make(format);
        auto decoder = AudioCodec::make(format);
        QVERIFY(encoder && decoder);
        QCOMPARE(encoder->sampleRate(), unsigned(sampleRate));
        QCOMPARE(encoder->rtpClockRate(), unsigned(clockRate));
        const std::size_t frame = std::size_t(sampleRate) / 50;
        std::vector<std::int16_t> decoded;
        for (int i = 0; i < 10; ++i) {
            const auto pcm = tone(unsigned(sampleRate), frame, i * frame);
            std::vector<std::uint8_t> payload(1500);
            const std::size_t size = encoder->encode(pcm, payload);
            QVERIFY(size > 0);
            if (payloadSize)
                QCOMPARE(size, std::size_t(payloadSize));
            std::vector<std::int16_t> out(5760);
            const std::size_t samples = decoder->decode({payload.data(), size}, out);
            QCOMPARE(samples, frame);
            decoded.insert(decoded.end(), out.begin(), out.begin() + std::ptrdiff_t(samples));
        }
        // The last 100 ms, past the codecs' start-up.
        const std::vector<std::int16_t> tail(decoded.end() - std::ptrdiff_t(5 * frame),
                                             decoded.end());
        const double level = amplitudeAt1k(tail, unsigned(sampleRate));
        QVERIFY2(level > 7000 && level < 9000, QByteArray::number(level).constData());
        std::vector<std::int16_t> concealed(frame);
        QCOMPARE(decoder->conceal(concealed), frame);
    }

    void lostFrameRecovered_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("clockRate");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("sampleRate");
        QTest::addColumn<double>("expected"); ///< the rebuilt frame's level (8000 sent)
        // FEC brings the frame back; concealment repeats the last one at half the level.
        QTest::newRow("opus (in-band FEC)") << "opus" << 48000 << 2 << 48000 << 8000.0;
        QTest::newRow("PCMU (concealment)") << "PCMU" << 8000 << 1 << 8000 << 4000.0;
    }
    void lostFrameRecovered()
    {
        QFETCH(QString, name);
        QFETCH(int, clockRate);
        QFETCH(int, channels);
        QFETCH(int, sampleRate);
        QFETCH(double, expected);
        const sdp::MediaFormat format{0, name.toStdString(), unsigned(clockRate),
                                      unsigned(channels)};
        auto sender = AudioCodec::make(format);
        auto receiver = AudioCodec::make(format);
        QVERIFY(sender && receiver);
        const std::size_t frame = std::size_t(sampleRate) / 50;
        std::vector<std::vector<std::uint8_t>> packets;
        for (std::size_t i = 0; i < 30; ++i) {
            std::vector<std::uint8_t> payload(1500);
            payload.resize(sender->encode(tone(unsigned(sampleRate), frame, i * frame), payload));
            QVERIFY(!payload.empty());
            packets.push_back(std::move(payload));
        }
        std::vector<std::int16_t> pcm(frame);
        for (std::size_t i = 0; i < 20; ++i)
            QCOMPARE(receiver->decode(packets[i], pcm), frame);
        // Packet 20 is lost; 21 is at hand.
        QCOMPARE(receiver->recover(packets[21], pcm), frame);
        const double level = amplitudeAt1k(pcm, unsigned(sampleRate));
        QVERIFY2(level > 0.75 * expected && level < 1.25 * expected, QByteArray::number(level));
        QCOMPARE(receiver->decode(packets[21], pcm), frame);
        QVERIFY(amplitudeAt1k(pcm, unsigned(sampleRate)) > 6000);
    }

    void unknownFormats()
    {
        QVERIFY(!AudioCodec::make(sdp::MediaFormat{18, "G729", 8000}));
        QVERIFY(!AudioCodec::make(sdp::MediaFormat{101, "telephone-event", 8000}));
        QVERIFY(!AudioCodec::make(sdp::MediaFormat{0, "PCMU", 16000}));
    }

    void supportedInOrderOfPreference()
    {
        QStringList names;
        for (const auto &format : AudioCodec::supported())
            names.append(QString::fromStdString(format.encodingName));
        QCOMPARE(names, (QStringList{"opus", "G722", "PCMU", "PCMA"}));
    }
};

QTEST_APPLESS_MAIN(tst_AudioCodec)
#include "tst_audiocodec.moc"
