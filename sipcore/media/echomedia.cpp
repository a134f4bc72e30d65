#include "sipcore/media/echomedia.h"

#include "sipcore/media/audiocodec.h"
#include "sipcore/media/networkorder.h"
#include "sipcore/media/rtppacket.h"
#include "sipcore/util/random.h"

#include <boost/asio/ip/address.hpp>

namespace sipcore::media {

EchoMedia::EchoMedia(boost::asio::any_io_executor executor, const std::string &address)
    : m_address(address)
    , m_socket(std::move(executor))
    , m_ssrc(random::between(1, 0xfffffffeu))
    , m_crypto(SrtpSession::freshKeys())
{
    using boost::asio::ip::udp;
    boost::system::error_code error;
    const auto ip = boost::asio::ip::make_address(address, error);
    if (error)
        return;
    m_socket.open(ip.is_v4() ? udp::v4() : udp::v6(), error);
    if (!error)
        m_socket.bind(udp::endpoint(ip, 0), error);
    if (error)
        m_socket.close(error);
}

EchoMedia::~EchoMedia()
{
    boost::system::error_code ignored;
    m_socket.close(ignored);
}

sdp::LocalMedia EchoMedia::localMedia()
{
    boost::system::error_code error;
    return sdp::LocalMedia{.address = m_address,
                           .port = m_socket.local_endpoint(error).port(),
                           .codecs = AudioCodec::supported(),
                           .crypto = m_crypto};
}

void EchoMedia::apply(const std::optional<sdp::NegotiatedAudio> &audio)
{
    m_sending = audio && sdp::sends(audio->direction);
    const auto srtp = audio ? audio->srtp : std::nullopt;
    if (srtp && srtp != m_srtp) {
        m_srtpIn = SrtpSession::make(srtp->suite, srtp->remoteKey, SrtpSession::Direction::Inbound);
        m_srtpOut
                = SrtpSession::make(srtp->suite, srtp->localKey, SrtpSession::Direction::Outbound);
        m_ssrc = random::between(1, 0xfffffffeu); // a new keystream for the new key
    }
    m_srtp = srtp;
    if (audio && !m_receiving && m_socket.is_open()) {
        m_receiving = true;
        doReceive();
    }
}

void EchoMedia::close()
{
    m_sending = false;
    boost::system::error_code ignored;
    m_socket.close(ignored);
}

void EchoMedia::doReceive()
{
    m_socket.async_receive_from(
            boost::asio::buffer(m_buffer.data(), 1500), m_sender,
            [self = shared_from_this()](const boost::system::error_code &error, std::size_t size) {
                if (error == boost::asio::error::operation_aborted || !self->m_socket.is_open())
                    return;
                if (!error && self->m_sending)
                    self->echo(size);
                self->doReceive();
            });
}

void EchoMedia::echo(std::size_t size)
{
    std::span<std::uint8_t> datagram(m_buffer.data(), size);
    if (isRtcp(datagram))
        return; // RTCP is left unanswered
    if (m_srtp) {
        datagram = datagram.first(m_srtpIn ? m_srtpIn->unprotectRtp(datagram) : 0);
        if (datagram.empty())
            return;
    }
    // RTP back to its sender (the payload types are the caller's own numbering, as our answer
    // kept them), with our SSRC.
    if (!RtpPacket::parse(datagram))
        return;
    networkorder::write32(datagram.data() + 8, m_ssrc);
    std::size_t length = datagram.size();
    if (m_srtp)
        length = m_srtpOut ? m_srtpOut->protectRtp(m_buffer, length) : 0;
    if (length == 0)
        return;
    boost::system::error_code error;
    m_socket.send_to(boost::asio::buffer(m_buffer.data(), length), m_sender, 0, error);
    if (!error)
        ++m_packetsEchoed;
}

void EchoMedia::requestStatistics(std::function<void(const MediaStatistics &)> done)
{
    MediaStatistics figures;
    figures.packetsSent = figures.packetsReceived = m_packetsEchoed;
    done(figures);
}

} // namespace sipcore::media
