#include "sipcore/session/sessiondescriptionhandler.h"

#include "sipcore/util/random.h"

namespace sipcore {

namespace {

/// o='s session id: digits, no leading zero (RFC 8866 §5.2 asks for a numeric one).
std::string newSessionId()
{
    std::string id = random::token(10);
    for (char &c : id)
        c = static_cast<char>('0' + static_cast<unsigned char>(c) % 10);
    if (id.front() == '0')
        id.front() = '1';
    return id;
}

sdp::LocalMedia withoutEndpoint(std::string_view address)
{
    return sdp::LocalMedia{.address = std::string(address),
                           .port = 9,
                           .codecs
                           = {sdp::MediaFormat{0, "PCMU", 8000}, sdp::MediaFormat{8, "PCMA", 8000}},
                           .rtcpMux = false};
}

sdp::LocalMedia localMediaOf(MediaEndpoint *endpoint, std::string_view address, sdp::SrtpMode srtp)
{
    if (!endpoint)
        return withoutEndpoint(address);
    sdp::LocalMedia local = endpoint->localMedia();
    local.srtp = srtp;
    return local;
}

} // namespace

SessionDescriptionHandler::SessionDescriptionHandler(std::string_view address,
                                                     std::shared_ptr<MediaEndpoint> endpoint,
                                                     sdp::SrtpMode srtp)
    : m_endpoint(std::move(endpoint))
    , m_offerAnswer(localMediaOf(m_endpoint.get(), address, srtp), newSessionId())
{}

SessionDescriptionHandler::~SessionDescriptionHandler()
{
    close();
}

std::string SessionDescriptionHandler::createOffer(sdp::Direction direction)
{
    return m_offerAnswer.createOffer(direction);
}

std::error_code SessionDescriptionHandler::setRemoteOffer(std::string_view sdp)
{
    return m_offerAnswer.setRemoteOffer(sdp);
}

Result<std::string> SessionDescriptionHandler::createAnswer(sdp::Direction wanted)
{
    auto answer = m_offerAnswer.createAnswer(wanted);
    if (answer)
        applyIfChanged();
    return answer;
}

std::error_code SessionDescriptionHandler::setRemoteAnswer(std::string_view sdp)
{
    const std::error_code error = m_offerAnswer.setRemoteAnswer(sdp);
    if (!error)
        applyIfChanged();
    return error;
}

void SessionDescriptionHandler::close()
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_endpoint)
        m_endpoint->close();
}

void SessionDescriptionHandler::applyIfChanged()
{
    if (m_closed || !m_endpoint)
        return;
    const auto &audio = m_offerAnswer.audio();
    if (m_applied && audio == m_lastApplied)
        return;
    m_applied = true;
    m_lastApplied = audio;
    m_endpoint->apply(audio);
}

} // namespace sipcore
