#include "sipcore/media/audiostream.h"

#include "sipcore/media/mosestimate.h"
#include "sipcore/util/random.h"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace sipcore::media {

namespace {

/// Whether \a datagram is RTP or RTCP at all (version 2), not STUN, DTLS or ZRTP sharing
/// the port (RFC 7983 §7: those start below 128). linphone, for one, sends STUN checks.
bool isRtpVersion(std::span<const std::uint8_t> datagram)
{
    return !datagram.empty() && (datagram[0] >> 6) == 2;
}

/// Valid packets in sequence from a new source before we send there: plain RTP anyone may
/// forge; after packets came from where we send, more (stray packets must not move us).
constexpr int ProbationPackets = 3;
constexpr int MovePackets = 10;

template<class T>
T randomValue()
{
    const std::string bytes = random::bytes(sizeof(T));
    T value{};
    std::memcpy(&value, bytes.data(), sizeof(T));
    return value;
}

} // namespace

AudioStream::AudioStream(boost::asio::ip::udp::socket rtp,
                         boost::asio::ip::udp::socket rtcp,
                         unsigned engineRate)
    : m_socket(std::move(rtp))
    , m_engineRate(engineRate)
    , m_ssrc(randomValue<std::uint32_t>())
    , m_rtcpSocket(std::move(rtcp))
    // RFC 7022: a random CNAME per stream, not the user's name or address.
    , m_reporter(m_ssrc,
                 random::token(16),
                 std::chrono::steady_clock::now(),
                 std::chrono::system_clock::now())
    , m_sequence(randomValue<std::uint16_t>()) // RFC 3550 §5.1: random starting points
    , m_timestamp(randomValue<std::uint32_t>())
    , m_toneGenerator(engineRate)
{
    boost::system::error_code error;
    m_localPort = m_socket.local_endpoint(error).port();
}

AudioStream::~AudioStream() = default;

void AudioStream::configure(const sdp::NegotiatedAudio &audio)
{
    if (m_stopped)
        return;
    boost::system::error_code error;
    const auto address = boost::asio::ip::make_address(audio.remoteAddress, error);
    const boost::asio::ip::udp::endpoint signaled
            = error ? boost::asio::ip::udp::endpoint()
                    : boost::asio::ip::udp::endpoint(address, audio.remoteRtpPort);
    // A new description that names the same place keeps where we latched on.
    if (!m_audio || signaled != m_signaledRemote || audio.rtcpMux != m_audio->rtcpMux
        || audio.remoteRtcpPort != m_audio->remoteRtcpPort) {
        m_signaledRemote = signaled;
        m_remote = signaled;
        m_remoteRtcp = error ? boost::asio::ip::udp::endpoint()
                             : boost::asio::ip::udp::endpoint(address,
                                                              audio.rtcpMux ? audio.remoteRtpPort
                                                                            : audio.remoteRtcpPort);
        m_heardFromRemote = false;
        m_candidatePackets = 0;
    }
    configureSrtp(audio.srtp);
    if (!m_audio || !m_audio->sendCodec.sameCodec(audio.sendCodec)) {
        m_encoder = AudioCodec::make(audio.sendCodec);
        if (m_encoder)
            m_encoder->setExpectedLoss(m_loss.percent());
        m_toCodec = m_encoder ? std::make_unique<Resampler>(m_engineRate, m_encoder->sampleRate())
                              : nullptr;
        m_pending.clear();
        m_statistics.sendCodec = m_encoder ? audio.sendCodec.encodingName : std::string();
    }
    m_decoders.clear();
    m_lastDecoder = nullptr;
    for (const sdp::MediaFormat &format : audio.receiveFormats) {
        auto codec = AudioCodec::make(format);
        if (!codec)
            continue; // telephone-event, handled apart
        auto toEngine = std::make_unique<Resampler>(codec->sampleRate(), m_engineRate);
        m_decoders[format.payloadType] = Decoder{format, std::move(codec), std::move(toEngine)};
    }
    if (!m_jitterBuffer || m_jitterBuffer->statistics().received == 0
        || (m_audio && m_audio->sendCodec.clockRate != audio.sendCodec.clockRate))
        m_jitterBuffer = std::make_unique<JitterBuffer>(audio.sendCodec.clockRate);
    if (audio.sendTelephoneEvent)
        m_detector.reset();
    else if (!m_detector)
        m_detector = std::make_unique<DtmfDetector>(m_engineRate);
    m_audio = audio;
    if (!m_receiving) {
        m_receiving = true;
        doReceive();
        doReceiveRtcp();
    }
}

void AudioStream::configureSrtp(const std::optional<sdp::SrtpParameters> &srtp)
{
    if (!srtp) {
        // The sessions stay: a return to the same keys goes on where they left off.
        m_statistics.srtpSuite.clear();
        return;
    }
    const bool sameSuite = m_srtpKeys && m_srtpKeys->suite == srtp->suite;
    if (!sameSuite || m_srtpKeys->localKey != srtp->localKey) {
        // Another suite may derive the same keystream from the same key: a new SSRC makes
        // sure no keystream is used twice.
        if (m_srtpOut)
            changeSsrc(false);
        m_srtpOut
                = SrtpSession::make(srtp->suite, srtp->localKey, SrtpSession::Direction::Outbound);
    }
    if (!sameSuite || m_srtpKeys->remoteKey != srtp->remoteKey)
        m_srtpIn = SrtpSession::make(srtp->suite, srtp->remoteKey, SrtpSession::Direction::Inbound);
    m_srtpKeys = srtp;
    m_statistics.srtpSuite = srtp->suite;
}

void AudioStream::changeSsrc(bool bye)
{
    if (bye && m_audio)
        sendRtcp(m_reporter.report(std::chrono::steady_clock::now(), currentJitter(), true));
    std::uint32_t ssrc = m_ssrc;
    while (ssrc == m_ssrc)
        ssrc = randomValue<std::uint32_t>();
    m_ssrc = ssrc;
    m_reporter.changeSsrc(ssrc);
}

void AudioStream::stop()
{
    if (m_stopped)
        return;
    if (m_audio) // RFC 3550 §6.6
        sendRtcp(m_reporter.report(std::chrono::steady_clock::now(), currentJitter(), true));
    m_stopped = true;
    boost::system::error_code ignored;
    m_socket.close(ignored);
    m_rtcpSocket.close(ignored);
}

std::uint32_t AudioStream::currentJitter() const
{
    return m_jitterBuffer ? static_cast<std::uint32_t>(m_jitterBuffer->statistics().jitter) : 0;
}

void AudioStream::sendReportIfDue(RtcpReporter::TimePoint now)
{
    if (!m_stopped && m_audio && m_reporter.isDue(now))
        sendRtcp(m_reporter.report(now, currentJitter()));
}

void AudioStream::sendRtcp(const RtcpPacket &packet)
{
    if (m_remoteRtcp.port() == 0)
        return;
    std::array<std::uint8_t, 1500 + SrtpSession::MaxTrailer> datagram{};
    std::size_t length = RtcpPacket::write(packet, std::span(datagram).first(1500));
    if (srtpAgreed())
        length = m_srtpOut ? m_srtpOut->protectRtcp(datagram, length) : 0;
    if (length == 0)
        return;
    boost::asio::ip::udp::socket &socket = m_audio && m_audio->rtcpMux ? m_socket : m_rtcpSocket;
    boost::system::error_code ignored;
    socket.send_to(boost::asio::buffer(datagram.data(), length), m_remoteRtcp, 0, ignored);
}

void AudioStream::doReceiveRtcp()
{
    if (m_stopped || !m_rtcpSocket.is_open())
        return;
    m_rtcpSocket.async_receive_from(
            boost::asio::buffer(m_rtcpBuffer), m_rtcpSender,
            [self = shared_from_this()](const boost::system::error_code &error, std::size_t size) {
                if (self->m_stopped || error == boost::asio::error::operation_aborted)
                    return;
                if (!error)
                    self->takeRtcp({self->m_rtcpBuffer.data(), size}, self->m_rtcpSender, false);
                self->doReceiveRtcp();
            });
}

void AudioStream::takeRtcp(std::span<std::uint8_t> datagram,
                           const boost::asio::ip::udp::endpoint &source,
                           bool muxed)
{
    if (!isRtpVersion(datagram))
        return;
    if (srtpAgreed()) {
        const std::size_t size = m_srtpIn ? m_srtpIn->unprotectRtcp(datagram) : 0;
        if (size == 0) {
            ++m_statistics.reportsRejected;
            return;
        }
        datagram = datagram.first(size);
    }
    const auto packet = RtcpPacket::parse(datagram);
    if (!packet)
        return;
    if (m_reporter.take(*packet, std::chrono::steady_clock::now())) {
        m_loss.report(m_reporter.figures().remote->fractionLost);
        if (m_encoder)
            m_encoder->setExpectedLoss(m_loss.percent());
    }
    // RTCP on its own port follows the peer's RTP host to the port its reports come from.
    if (!muxed && source != m_remoteRtcp && source.address() == m_remote.address()
        && m_heardFromRemote)
        m_remoteRtcp = source;
}

double AudioStream::estimatedMos() const
{
    const RtcpReporter::Figures &figures = m_reporter.figures();
    const double lossPercent
            = figures.expected > 0 ? 100.0 * double(figures.lost) / double(figures.expected) : 0;
    double delayMs = m_audio ? m_audio->sendPtime : 20;
    if (figures.roundTrip)
        delayMs += double(figures.roundTrip->count()) / 2000;
    if (m_jitterBuffer && m_audio)
        delayMs += double(m_jitterBuffer->queuedPackets() * m_audio->sendPtime);
    delayMs += 1000.0 * double(m_playout.size()) / m_engineRate;
    return estimateMos(delayMs, lossPercent);
}

void AudioStream::doReceive()
{
    if (m_stopped)
        return;
    m_socket.async_receive_from(
            boost::asio::buffer(m_receiveBuffer), m_sender,
            [self = shared_from_this()](const boost::system::error_code &error, std::size_t size) {
                self->onReceive(error, size);
            });
}

void AudioStream::onReceive(const boost::system::error_code &error, std::size_t size)
{
    if (m_stopped || error == boost::asio::error::operation_aborted)
        return;
    if (!error)
        takeDatagram({m_receiveBuffer.data(), size}, m_sender);
    doReceive();
}

void AudioStream::takeDatagram(std::span<std::uint8_t> datagram,
                               const boost::asio::ip::udp::endpoint &source)
{
    if (!isRtpVersion(datagram))
        return;
    if (isRtcp(datagram))
        return takeRtcp(datagram, source, true);
    if (!m_audio)
        return;
    if (srtpAgreed()) {
        const std::size_t size = m_srtpIn ? m_srtpIn->unprotectRtp(datagram) : 0;
        if (size == 0) {
            ++m_statistics.packetsRejected;
            return;
        }
        datagram = datagram.first(size);
    }
    const auto packet = RtpPacket::parse(datagram);
    const bool event = packet && isTelephoneEvent(packet->header.payloadType);
    if (!packet || !(event || decoderFor(packet->header.payloadType)))
        return;
    follow(source, packet->header);
    if (packet->header.ssrc == m_ssrc)
        takeCollision(source);
    if (!sdp::receives(m_audio->direction))
        return;
    ++m_statistics.packetsReceived;
    m_reporter.received(packet->header);
    if (event)
        takeDigit(m_eventReceiver.take(packet->header, packet->payload), false);
    // Events hold their place in the sequence (voice is silent meanwhile) but their
    // timestamps, the event's start, say nothing of the network's jitter.
    m_jitterBuffer->push(packet->header, packet->payload, std::chrono::steady_clock::now(), !event);
}

void AudioStream::follow(const boost::asio::ip::udp::endpoint &source, const RtpHeader &header)
{
    if (source == m_remote) {
        m_heardFromRemote = true;
        m_candidatePackets = 0;
        return;
    }
    const bool inSequence
            = m_candidatePackets > 0 && source == m_candidate && header.ssrc == m_candidateLast.ssrc
              && header.sequenceNumber
                         == static_cast<std::uint16_t>(m_candidateLast.sequenceNumber + 1);
    m_candidatePackets = inSequence ? m_candidatePackets + 1 : 1;
    m_candidate = source;
    m_candidateLast = header;
    const int needed = m_heardFromRemote ? MovePackets : srtpAgreed() ? 1 : ProbationPackets;
    if (m_candidatePackets < needed)
        return;
    if (m_audio->rtcpMux || m_remoteRtcp.address() != source.address())
        m_remoteRtcp = boost::asio::ip::udp::endpoint(
                source.address(), m_audio->rtcpMux ? source.port() : m_remoteRtcp.port());
    m_remote = source;
    m_heardFromRemote = true;
    m_candidatePackets = 0;
    ++m_statistics.latches;
}

void AudioStream::takeCollision(const boost::asio::ip::udp::endpoint &source)
{
    if (std::find(m_conflicts.begin(), m_conflicts.end(), source) != m_conflicts.end())
        return; // §8.2: our own packets coming back, a loop, not another source
    m_conflicts.push_back(source);
    ++m_statistics.ssrcCollisions;
    changeSsrc(true);
}

bool AudioStream::isTelephoneEvent(int payloadType) const
{
    return m_audio
           && std::any_of(m_audio->receiveFormats.begin(), m_audio->receiveFormats.end(),
                          [payloadType](const sdp::MediaFormat &format) {
                              return format.payloadType == payloadType && format.isTelephoneEvent();
                          });
}

void AudioStream::takeDigit(char digit, bool tone)
{
    if (digit == '\0')
        return;
    ++(tone ? m_statistics.digitTones : m_statistics.digitEvents);
    if (m_dtmfHandler)
        m_dtmfHandler(digit);
}

void AudioStream::sendDtmf(char digit)
{
    if (m_stopped || !m_audio)
        return;
    if (m_audio->sendTelephoneEvent)
        m_eventSender.queue(digit);
    else
        m_toneGenerator.queue(digit);
}

AudioStream::Decoder *AudioStream::decoderFor(int payloadType)
{
    const auto it = m_decoders.find(payloadType);
    return it == m_decoders.end() ? nullptr : &it->second;
}

void AudioStream::sendFrame(std::span<const std::int16_t> frame)
{
    if (m_stopped || !m_audio || !m_encoder || !sdp::sends(m_audio->direction)
        || m_remote.port() == 0)
        return;
    if (!m_toneGenerator.isIdle()) {
        m_toneFrame.assign(frame.begin(), frame.end());
        m_toneGenerator.fill(m_toneFrame);
        frame = m_toneFrame;
    }
    m_toCodec->process(frame, m_pending);
    const std::size_t samples = m_encoder->sampleRate() * m_audio->sendPtime / 1000;
    const std::uint32_t ticks = m_encoder->rtpClockRate() * m_audio->sendPtime / 1000;
    while (m_pending.size() >= samples) {
        std::array<std::uint8_t, 1500> payload{};
        RtpHeader header{.marker = m_statistics.packetsSent == 0,
                         .payloadType = static_cast<std::uint8_t>(m_audio->sendCodec.payloadType),
                         .timestamp = m_timestamp,
                         .ssrc = m_ssrc};
        std::size_t size = 0;
        const auto event
                = m_audio->sendTelephoneEvent
                          ? m_eventSender.next(ticks, m_audio->sendTelephoneEvent->clockRate)
                          : std::nullopt;
        if (event) { // RFC 4733 §2.5.1.2: in place of voice, at the event's start time
            if (event->start)
                m_eventTimestamp = m_timestamp;
            header.marker = event->start;
            header.payloadType
                    = static_cast<std::uint8_t>(m_audio->sendTelephoneEvent->payloadType);
            header.timestamp = m_eventTimestamp;
            size = event->event.write(payload);
        } else {
            size = m_encoder->encode({m_pending.data(), samples}, payload);
        }
        m_pending.erase(m_pending.begin(),
                        m_pending.begin() + static_cast<std::ptrdiff_t>(samples));
        const std::uint32_t mediaTime = m_timestamp;
        m_timestamp += ticks;
        if (size == 0)
            continue;
        header.sequenceNumber = m_sequence++;
        if (sendPacket(header, {payload.data(), size})) {
            // The sender report's clock follows the media time, also while an event (whose
            // packets carry its start time) is sent.
            RtpHeader clock = header;
            clock.timestamp = mediaTime;
            m_reporter.sent(clock, size, m_encoder->rtpClockRate(),
                            std::chrono::steady_clock::now());
        }
    }
}

bool AudioStream::sendPacket(const RtpHeader &header, std::span<const std::uint8_t> payload)
{
    std::array<std::uint8_t, 1500 + SrtpSession::MaxTrailer> datagram{};
    std::size_t length = RtpPacket::write(header, payload, std::span(datagram).first(1500));
    if (srtpAgreed()) // never in the clear, not even when the keys could not be used
        length = m_srtpOut ? m_srtpOut->protectRtp(datagram, length) : 0;
    if (length == 0)
        return false;
    boost::system::error_code error;
    m_socket.send_to(boost::asio::buffer(datagram.data(), length), m_remote, 0, error);
    if (error)
        return false;
    ++m_statistics.packetsSent;
    return true;
}

bool AudioStream::decodeNext()
{
    if (!m_jitterBuffer)
        return false;
    JitterBuffer::Pop next = m_jitterBuffer->pop();
    if (next.dropped)
        decodeDropped(*next.dropped);
    std::array<std::int16_t, 5760> pcm{}; // 120 ms at 48 kHz, Opus's longest
    std::size_t samples = 0;
    Decoder *decoder = nullptr;
    if (next.outcome == JitterBuffer::Outcome::Packet
        && isTelephoneEvent(next.packet.header.payloadType)) {
        // The peer sends no voice while an event lasts: silence in its place.
        m_playout.resize(m_playout.size() + m_engineRate * m_audio->sendPtime / 1000, 0);
        return true;
    }
    if (next.outcome == JitterBuffer::Outcome::Packet) {
        decoder = decoderFor(next.packet.header.payloadType);
        if (decoder) {
            samples = decoder->codec->decode(next.packet.payload, pcm);
            m_lastDecoder = decoder;
            ++m_statistics.framesPlayed;
        }
    } else if (next.outcome == JitterBuffer::Outcome::Lost && m_lastDecoder) {
        decoder = m_lastDecoder;
        const std::size_t frame = decoder->codec->sampleRate() * m_audio->sendPtime / 1000;
        const std::span<std::int16_t> lost(pcm.data(), std::min(frame, pcm.size()));
        // In-band FEC (Opus) rebuilds the frame from the packet after it, when that is here.
        const bool fec
                = next.following && decoderFor(next.following->header.payloadType) == decoder;
        samples = fec ? decoder->codec->recover(next.following->payload, lost)
                      : decoder->codec->conceal(lost);
        if (fec)
            ++m_statistics.framesRecovered;
    }
    if (!decoder || samples == 0)
        return false;
    const std::size_t before = m_playout.size();
    decoder->toEngine->process({pcm.data(), samples}, m_playout);
    // The detector hears what the peer sent, not our concealment: a frame concealed while a
    // tone plays would split it into two digits.
    if (next.outcome == JitterBuffer::Outcome::Packet)
        listen({m_playout.data() + before, m_playout.size() - before});
    return true;
}

void AudioStream::decodeDropped(const JitterBuffer::Packet &packet)
{
    Decoder *decoder = decoderFor(packet.header.payloadType);
    if (!decoder)
        return;
    std::array<std::int16_t, 5760> pcm{};
    const std::size_t samples = decoder->codec->decode(packet.payload, pcm);
    m_dropped.clear();
    decoder->toEngine->process({pcm.data(), samples}, m_dropped);
    listen(m_dropped);
}

void AudioStream::listen(std::span<const std::int16_t> audio)
{
    if (!m_detector)
        return;
    for (char digit : m_detector->process(audio))
        takeDigit(digit, true);
}

void AudioStream::playout(std::span<std::int16_t> mix)
{
    if (m_stopped || !m_audio || !sdp::receives(m_audio->direction))
        return;
    while (m_playout.size() < mix.size() && decodeNext()) {
    }
    const std::size_t count = std::min(mix.size(), m_playout.size());
    for (std::size_t i = 0; i < count; ++i) {
        const int sum = mix[i] + m_playout[i];
        mix[i] = static_cast<std::int16_t>(std::clamp(sum, -32768, 32767));
    }
    m_playout.erase(m_playout.begin(), m_playout.begin() + static_cast<std::ptrdiff_t>(count));
    if (m_jitterBuffer)
        m_statistics.jitterBuffer = m_jitterBuffer->statistics();
}

} // namespace sipcore::media
