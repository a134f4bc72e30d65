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
                           .codecs = AudioCodec::supported()};
}

void EchoMedia::apply(const std::optional<sdp::NegotiatedAudio> &audio)
{
    m_sending = audio && sdp::sends(audio->direction);
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
            boost::asio::buffer(m_buffer), m_sender,
            [self = shared_from_this()](const boost::system::error_code &error, std::size_t size) {
                if (error == boost::asio::error::operation_aborted || !self->m_socket.is_open())
                    return;
                const std::span<std::uint8_t> datagram(self->m_buffer.data(), size);
                // RTP back to its sender (the payload types are the caller's own numbering,
                // as our answer kept them), with our SSRC; RTCP is left unanswered.
                if (!error && self->m_sending && RtpPacket::parse(datagram)) {
                    networkorder::write32(datagram.data() + 8, self->m_ssrc);
                    boost::system::error_code ignored;
                    self->m_socket.send_to(boost::asio::buffer(datagram.data(), size),
                                           self->m_sender, 0, ignored);
                    if (!ignored)
                        ++self->m_packetsEchoed;
                }
                self->doReceive();
            });
}

void EchoMedia::requestStatistics(std::function<void(const MediaStatistics &)> done)
{
    MediaStatistics figures;
    figures.packetsSent = figures.packetsReceived = m_packetsEchoed;
    done(figures);
}

} // namespace sipcore::media
