#include "sipcore/media/callmedia.h"

#include "sipcore/media/audiocodec.h"
#include "sipcore/media/audiostream.h"
#include "sipcore/media/mediaengine.h"
#include "sipcore/media/rtcpreporter.h"
#include "sipcore/media/srtpsession.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>

namespace sipcore::media {

namespace {

constexpr int BindAttempts = 16;

} // namespace

CallMedia::CallMedia(MediaEngine &engine, std::string address)
    : m_engine(engine)
    , m_address(std::move(address))
    , m_crypto(SrtpSession::freshKeys())
{
    using boost::asio::ip::udp;
    boost::system::error_code error;
    const auto ip = boost::asio::ip::make_address(m_address, error);
    if (error)
        return;
    // An RTP port from the system, and the one above it for RTCP (RFC 3550 §11).
    for (int attempt = 0; attempt < BindAttempts; ++attempt) {
        udp::socket rtp(engine.context());
        rtp.open(ip.is_v4() ? udp::v4() : udp::v6(), error);
        if (!error)
            rtp.bind(udp::endpoint(ip, 0), error);
        if (error)
            return;
        const std::uint16_t port = rtp.local_endpoint().port();
        if (port == 65535)
            continue;
        udp::socket rtcp(engine.context());
        rtcp.open(ip.is_v4() ? udp::v4() : udp::v6(), error);
        if (!error)
            rtcp.bind(udp::endpoint(ip, static_cast<std::uint16_t>(port + 1)), error);
        if (error)
            continue;
        m_port = port;
        m_stream = std::make_shared<AudioStream>(std::move(rtp), std::move(rtcp),
                                                 MediaEngine::SampleRate);
        return;
    }
}

CallMedia::~CallMedia()
{
    close();
}

sdp::LocalMedia CallMedia::localMedia()
{
    return sdp::LocalMedia{.address = m_address,
                           .port = m_port,
                           .codecs = m_engine.codecs(),
                           .telephoneEvent = m_engine.dtmfMethod() != DtmfMethod::InBand,
                           .crypto = m_crypto};
}

void CallMedia::apply(const std::optional<sdp::NegotiatedAudio> &audio)
{
    if (m_closed || !m_stream)
        return;
    m_audio = audio;
    boost::asio::post(m_engine.executor(), [engine = &m_engine, stream = m_stream, audio] {
        if (audio) {
            stream->configure(*audio);
            engine->attach(stream);
        } else {
            engine->detach(stream);
        }
    });
}

bool CallMedia::sendDtmf(char digit)
{
    if (m_closed || !m_stream || !m_audio || !sdp::sends(m_audio->direction)
        || m_engine.dtmfMethod() == DtmfMethod::Info)
        return false;
    boost::asio::post(m_engine.executor(), [stream = m_stream, digit] { stream->sendDtmf(digit); });
    return true;
}

void CallMedia::setDtmfHandler(std::function<void(char digit)> handler)
{
    if (!m_stream)
        return;
    boost::asio::post(m_engine.executor(), [stream = m_stream, handler = std::move(handler)] {
        stream->setDtmfHandler(handler);
    });
}

void CallMedia::close()
{
    if (m_closed || !m_stream)
        return;
    m_closed = true;
    boost::asio::post(m_engine.executor(), [engine = &m_engine, stream = m_stream] {
        engine->detach(stream);
        stream->stop();
    });
}

} // namespace sipcore::media

namespace sipcore::media {

void CallMedia::requestStatistics(std::function<void(const MediaStatistics &)> done)
{
    if (!m_stream)
        return done(MediaStatistics{});
    boost::asio::post(m_engine.executor(), [stream = m_stream, done = std::move(done)] {
        const AudioStream::Statistics &figures = stream->statistics();
        const auto &buffer = figures.jitterBuffer;
        const RtcpReporter::Figures &rtcp = stream->rtcpFigures();
        MediaStatistics out{.sendCodec = figures.sendCodec,
                            .packetsSent = figures.packetsSent,
                            .packetsReceived = figures.packetsReceived,
                            .framesPlayed = figures.framesPlayed,
                            .packetsLost = buffer.lost + buffer.late,
                            .jitterMs
                            = stream->clockRate() ? buffer.jitter * 1000 / stream->clockRate() : 0,
                            .reportsReceived = rtcp.reportsReceived,
                            .mos = stream->estimatedMos(),
                            .digitEvents = figures.digitEvents,
                            .digitTones = figures.digitTones,
                            .srtpSuite = figures.srtpSuite,
                            .packetsRejected = figures.packetsRejected,
                            .reportsRejected = figures.reportsRejected};
        if (rtcp.roundTrip)
            out.roundTripMs = double(rtcp.roundTrip->count()) / 1000;
        if (rtcp.remote)
            out.remotePacketsLost = rtcp.remote->cumulativeLost;
        done(out);
    });
}

} // namespace sipcore::media
