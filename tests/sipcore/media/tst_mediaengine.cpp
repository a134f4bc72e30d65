// Covers the MediaEngine's pacing hook (sourceReadyHandler) where no clock is involved: with no
// call the source is not read however often the handler rings, and a handler kept past the
// engine's end does nothing (under the sanitizer run, no use after free). That the hook takes
// the wait out of the capture path is shown by bench_audiodelay (docs/BENCHMARKS.md).
//
// And the echo canceller's reference: with a stream attached that sends PCMU to a socket of
// the test's on 127.0.0.1, a microphone that hears an echo of what it says played alongside
// has that echo taken out of what is sent; a microphone that cannot say has it sent as heard
// (the engine's own playout, its reference then, is silent: nobody sends to the stream).
#include "sipcore/media/audiostream.h"
#include "sipcore/media/g711codec.h"
#include "sipcore/media/mediaengine.h"
#include "sipcore/media/rtppacket.h"

#include <QTest>

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>

#include <atomic>
#include <cmath>
#include <future>
#include <memory>
#include <random>

#include <sys/socket.h>
#include <sys/time.h>

using namespace sipcore::media;

namespace {

/// A microphone that counts how often the engine reads it.
class CountingSource final : public AudioSource
{
public:
    explicit CountingSource(std::shared_ptr<std::atomic<int>> reads)
        : m_reads(std::move(reads))
    {}
    void read(std::span<std::int16_t> frame) override
    {
        std::fill(frame.begin(), frame.end(), std::int16_t(0));
        ++*m_reads;
    }

private:
    std::shared_ptr<std::atomic<int>> m_reads;
};

/// A microphone in a room whose speaker plays noise: each frame holds the noise played 1 ms
/// before, at half its level. When \a paired, it says what played alongside each frame (the
/// noise itself), as a sound device's capture does; otherwise it cannot say.
class EchoingSource final : public AudioSource
{
public:
    static constexpr std::size_t EchoDelay = 48;

    explicit EchoingSource(bool paired)
        : m_paired(paired)
        , m_played(MediaEngine::FrameSamples + EchoDelay, 0)
    {}
    void read(std::span<std::int16_t> frame) override
    {
        // m_played holds the last EchoDelay samples of the previous frame, then this one's.
        std::copy(m_played.end() - EchoDelay, m_played.end(), m_played.begin());
        std::uniform_int_distribution<int> noise(-8000, 8000);
        for (std::size_t i = EchoDelay; i < m_played.size(); ++i)
            m_played[i] = static_cast<std::int16_t>(noise(m_random));
        for (std::size_t i = 0; i < frame.size(); ++i)
            frame[i] = static_cast<std::int16_t>(m_played[i] / 2);
    }
    bool playedAlongside(std::span<std::int16_t> reference) override
    {
        if (!m_paired)
            return false;
        std::copy(m_played.begin() + EchoDelay, m_played.end(), reference.begin());
        return true;
    }

private:
    bool m_paired;
    std::vector<std::int16_t> m_played;
    std::mt19937 m_random{7};
};

/// Returns once everything posted to \a engine's thread before it has run.
void drain(MediaEngine &engine)
{
    std::promise<void> done;
    boost::asio::post(engine.executor(), [&done] { done.set_value(); });
    done.get_future().wait();
}

/// The level (RMS) of what an engine with echo cancellation sends for \a source in its last
/// second of 150 PCMU packets.
double sentLevel(std::unique_ptr<AudioSource> source)
{
    using boost::asio::ip::udp;
    const auto loopback = boost::asio::ip::make_address("127.0.0.1");
    boost::asio::io_context io;
    udp::socket peer(io, udp::endpoint(loopback, 0));
    // A guard against a hang, not a measure: packets come every 20 ms.
    const timeval guard = {10, 0};
    ::setsockopt(peer.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &guard, sizeof guard);

    MediaEngineOptions options;
    options.source = std::move(source);
    options.processing = {true, false, false};
    MediaEngine engine(std::move(options));
    std::shared_ptr<AudioStream> stream;
    std::promise<void> attached;
    boost::asio::post(engine.executor(), [&] {
        stream = std::make_shared<AudioStream>(
                udp::socket(engine.context(), udp::endpoint(loopback, 0)),
                udp::socket(engine.context(), udp::endpoint(loopback, 0)), MediaEngine::SampleRate);
        const sipcore::sdp::MediaFormat pcmu{0, "PCMU", 8000};
        sipcore::sdp::NegotiatedAudio audio;
        audio.remoteAddress = "127.0.0.1";
        audio.remoteRtpPort = audio.remoteRtcpPort = peer.local_endpoint().port();
        audio.rtcpMux = true;
        audio.sendCodec = pcmu;
        audio.receiveFormats = {pcmu};
        stream->configure(audio);
        engine.attach(stream);
        attached.set_value();
    });
    attached.get_future().wait();

    G711Codec codec(G711Codec::Law::MuLaw);
    std::array<std::uint8_t, 2048> datagram{};
    std::vector<std::int16_t> pcm(160);
    double energy = 0;
    std::size_t samples = 0;
    for (int packet = 0; packet < 150;) {
        boost::system::error_code error;
        const std::size_t size = peer.receive(boost::asio::buffer(datagram), 0, error);
        if (error)
            break; // QCOMPARE below reports the missing packets
        const auto rtp = RtpPacket::parse(std::span(datagram.data(), size));
        if (!rtp || rtp->header.payloadType != 0)
            continue; // an RTCP report (muxed)
        const std::size_t decoded = codec.decode(rtp->payload, pcm);
        if (++packet > 100) {
            for (std::size_t i = 0; i < decoded; ++i)
                energy += double(pcm[i]) * pcm[i];
            samples += decoded;
        }
    }
    std::promise<void> detached;
    boost::asio::post(engine.executor(), [&] {
        engine.detach(stream);
        stream->stop();
        detached.set_value();
    });
    detached.get_future().wait();
    return samples == 50 * 160 ? std::sqrt(energy / double(samples)) : -1;
}

} // namespace

class tst_MediaEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readyWithoutACallReadsNothing()
    {
        auto reads = std::make_shared<std::atomic<int>>(0);
        MediaEngineOptions options;
        options.source = std::make_unique<CountingSource>(reads);
        MediaEngine engine(std::move(options));
        const auto ready = engine.sourceReadyHandler();
        for (int i = 0; i < 100; ++i)
            ready();
        drain(engine);
        QCOMPARE(reads->load(), 0);
    }

    void readyAfterTheEngineIsGoneDoesNothing()
    {
        auto reads = std::make_shared<std::atomic<int>>(0);
        std::function<void()> ready;
        {
            MediaEngineOptions options;
            options.source = std::make_unique<CountingSource>(reads);
            MediaEngine engine(std::move(options));
            ready = engine.sourceReadyHandler();
        }
        ready(); // would post to a stopped io_context that is gone
        ready();
        QCOMPARE(reads->load(), 0);
    }

    // The echo is half of noise at 4600 RMS; PCMU carries the sixth of its power below 4 kHz,
    // about 940 RMS. With the pair as reference the canceller takes it at least 20 dB down
    // (measured: 15 against 883); without it nothing is taken.
    void echoCancellerTakesWhatPlayedAlongside()
    {
        const double unpaired = sentLevel(std::make_unique<EchoingSource>(false));
        const double paired = sentLevel(std::make_unique<EchoingSource>(true));
        qInfo("sent level, last second: %.0f with the pair, %.0f without", paired, unpaired);
        QVERIFY2(unpaired > 600, "the echo should pass when the source cannot say what played");
        QVERIFY(paired >= 0);
        QVERIFY2(paired < unpaired / 10, "the paired reference should cancel the echo");
    }
};

QTEST_APPLESS_MAIN(tst_MediaEngine)
#include "tst_mediaengine.moc"
