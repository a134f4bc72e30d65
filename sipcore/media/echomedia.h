#pragma once

#include "sipcore/media/srtpsession.h"
#include "sipcore/session/mediaendpoint.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/udp.hpp>

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace sipcore::media {

/// The echo test's side of a call: a MediaEndpoint that offers every codec we have and sends
/// each RTP packet it receives straight back to where it came from, under an SSRC of its own,
/// so the caller hears itself after one round trip. RTCP it receives is not answered. Under
/// SRTP each packet is authenticated and decrypted with the caller's key and protected again
/// with ours; one that fails authentication is dropped.
///
/// Threads: made and called on the executor's thread (the echo service's core thread),
/// where the socket runs too.
class EchoMedia final : public MediaEndpoint, public std::enable_shared_from_this<EchoMedia>
{
public:
    /// Binds an RTP port on \a address; isOpen() says whether that worked.
    EchoMedia(boost::asio::any_io_executor executor, const std::string &address);
    ~EchoMedia() override;

    bool isOpen() const { return m_socket.is_open(); }

    sdp::LocalMedia localMedia() override;
    void apply(const std::optional<sdp::NegotiatedAudio> &audio) override;
    void close() override;
    void requestStatistics(std::function<void(const MediaStatistics &)> done) override;
    bool sendDtmf(char) override { return false; }
    void setDtmfHandler(std::function<void(char)>) override {}

private:
    void doReceive();
    /// Sends the RTP packet in the first \a size octets of m_buffer back with our SSRC.
    void echo(std::size_t size);

    std::string m_address;
    boost::asio::ip::udp::socket m_socket;
    boost::asio::ip::udp::endpoint m_sender;
    std::array<std::uint8_t, 1500 + SrtpSession::MaxTrailer> m_buffer{};
    std::uint32_t m_ssrc;
    bool m_receiving = false;
    bool m_sending = false; ///< the agreed direction lets us send
    std::uint64_t m_packetsEchoed = 0;
    std::vector<sdp::CryptoAttribute> m_crypto; ///< our SRTP keys, one per suite
    std::optional<sdp::SrtpParameters> m_srtp;  ///< as agreed; nullopt: plain RTP
    std::unique_ptr<SrtpSession> m_srtpIn;
    std::unique_ptr<SrtpSession> m_srtpOut;
};

} // namespace sipcore::media
