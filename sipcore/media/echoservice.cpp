#include "sipcore/media/echoservice.h"

#include "sipcore/media/echomedia.h"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace sipcore::media {

EchoService::EchoService(std::string loopback)
    : m_loopback(std::move(loopback))
{
    UserAgentOptions options;
    options.transport = UdpTransportConfig{.host = m_loopback, .port = 0};
    options.tcp = false;
    options.tls = false;
    options.webSocket = false;
    options.locateServers = false;
    options.noAnswerTimeout = Duration::zero();
    // Callers that want SRTP get it, others plain RTP.
    options.incomingSrtp = [](const Uri &) {
        return sdp::SrtpMode::Optional;
    };
    options.core.userAgent = "Ringback echo test";
    // Called on the core thread once started, when m_userAgent is set.
    options.mediaEndpointFactory
            = [this](std::string_view address) -> std::shared_ptr<MediaEndpoint> {
        auto media = std::make_shared<EchoMedia>(m_userAgent->executor(), std::string(address));
        return media->isOpen() ? media : nullptr;
    };
    m_userAgent = std::make_unique<UserAgent>(std::move(options));
    UserAgent *userAgent = m_userAgent.get();
    m_userAgent->setIncomingCallHandler([this,
                                         userAgent](const std::shared_ptr<Invitation> &invitation) {
        m_calls.push_back(invitation);
        const Invitation *key = invitation.get();
        invitation->setListener([this, key](const Session::Status &status) {
            if (status.state == Session::State::Terminated)
                std::erase_if(m_calls, [key](const auto &call) { return call.get() == key; });
        });
        // Answered once it has rung (the user agent sends the 180 when this returns).
        boost::asio::post(userAgent->executor(), [weak = std::weak_ptr(invitation)] {
            if (const auto call = weak.lock())
                call->accept();
        });
    });
}

EchoService::~EchoService()
{
    m_userAgent->stop();
}

void EchoService::start(std::function<void(std::error_code error, std::string text)> started)
{
    m_userAgent->start(
            [this, started = std::move(started)](std::error_code error, std::string text) {
                if (error)
                    return started(error, std::move(text));
                // text is "udp:host:port"
                const std::string hostPort = text.substr(text.find(':') + 1);
                const std::string port = hostPort.substr(hostPort.rfind(':') + 1);
                const bool v6 = m_loopback.find(':') != std::string::npos;
                started({}, "sip:echo@" + (v6 ? "[" + m_loopback + "]" : m_loopback) + ":" + port);
            });
}

} // namespace sipcore::media
