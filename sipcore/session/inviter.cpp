#include "sipcore/session/inviter.h"

#include "sipcore/core/byeuseragentclient.h"
#include "sipcore/core/inviteuseragentclient.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/util/random.h"

#include <boost/asio/dispatch.hpp>

namespace sipcore {

Inviter::Inviter(UserAgentCore &core,
                 boost::asio::any_io_executor executor,
                 Uri target,
                 Listener listener)
    : m_core(core)
    , m_executor(std::move(executor))
    , m_target(std::move(target))
    , m_listener(std::move(listener))
{}

Inviter::~Inviter() = default;

void Inviter::invite()
{
    boost::asio::dispatch(m_executor, [self = shared_from_this()] { self->doInvite(); });
}

void Inviter::cancel(std::string reason)
{
    boost::asio::dispatch(m_executor, [self = shared_from_this(), reason = std::move(reason)] {
        self->doCancel(reason);
    });
}

void Inviter::bye()
{
    boost::asio::dispatch(m_executor, [self = shared_from_this()] { self->doBye(); });
}

void Inviter::hangup()
{
    boost::asio::dispatch(m_executor, [self = shared_from_this()] {
        switch (self->m_status.state) {
        case State::Initial:
            self->finish(EndReason::Cancelled);
            break;
        case State::Establishing:
            self->doCancel({});
            break;
        case State::Established:
            self->doBye();
            break;
        case State::Terminating:
        case State::Terminated:
            break;
        }
    });
}

void Inviter::dispose()
{
    m_disposed = true;
    if (m_client)
        m_client->dispose();
    if (m_dialog) {
        m_dialog->setDelegate(nullptr);
        m_dialog->dispose();
    }
    m_client.reset();
    m_dialog.reset();
}

std::string Inviter::makeOffer() const
{
    // No media engine yet: offer an inactive audio stream so peers that require an offer can
    // answer; the real offer/answer arrives with the media layer.
    const std::string host = m_core.transport().localEndpoint().host;
    const std::string family = host.find(':') == std::string::npos ? "IP4" : "IP6";
    std::string sessionId = random::token(10);
    for (char &c : sessionId)
        c = static_cast<char>('0' + static_cast<unsigned char>(c) % 10);
    if (sessionId.front() == '0')
        sessionId.front() = '1';
    return "v=0\r\n"
           "o=ringback "
           + sessionId + " 1 IN " + family + " " + host + "\r\n"
           + "s=Ringback\r\n"
             "c=IN "
           + family + " " + host + "\r\n"
           + "t=0 0\r\n"
             "m=audio 9 RTP/AVP 0 8 101\r\n"
             "a=rtpmap:0 PCMU/8000\r\n"
             "a=rtpmap:8 PCMA/8000\r\n"
             "a=rtpmap:101 telephone-event/8000\r\n"
             "a=inactive\r\n";
}

void Inviter::doInvite()
{
    if (m_disposed || m_status.state != State::Initial)
        return;
    OutgoingRequestMessageOptions options;
    options.body = makeOffer();
    options.contentType = "application/sdp";
    Request request = m_core.makeOutgoingRequestMessage(
            "INVITE", m_target, NameAddr{{}, m_target, {}}, std::move(options));
    m_status.state = State::Establishing;
    notify();
    m_client = m_core.invite(std::move(request), this);
}

void Inviter::doCancel(const std::string &reason)
{
    if (m_disposed || m_status.state != State::Establishing || m_hangupRequested)
        return; // Hang Up twice: one CANCEL
    m_hangupRequested = true;
    auto result = m_client->cancel(reason);
    if (!result.ok() && m_dialog) {
        // The 2xx is already here: end the session instead.
        doBye();
    }
}

void Inviter::doBye()
{
    if (m_disposed || !m_dialog || m_dialog->isTerminated())
        return;
    m_status.state = State::Terminating;
    notify();
    m_dialog->bye(&m_byeDelegate);
}

void Inviter::onByeDone(const Response &response)
{
    if (m_status.state == State::Terminated)
        return;
    if (m_status.endReason == EndReason::None)
        m_status.endReason = EndReason::LocalHangup;
    if (m_status.endReason != EndReason::Cancelled)
        update(response);
    finish(m_status.endReason);
}

void Inviter::update(const Response &response)
{
    m_status.statusCode = response.statusCode;
    m_status.reasonPhrase = response.reasonPhrase;
}

void Inviter::onProgress(const Response &response)
{
    if (m_status.state != State::Establishing)
        return;
    update(response);
    if (response.statusCode == 180 || response.statusCode == 183)
        m_status.ringing = true;
    notify();
}

void Inviter::onAcceptSession(const Response &response,
                              const std::shared_ptr<SessionDialog> &session)
{
    m_dialog = session;
    m_dialog->setDelegate(this);
    m_dialog->ack();
    update(response);
    if (m_hangupRequested) {
        // The 2xx crossed our CANCEL (§9.1): ACK it, then end it with BYE. The call still ends
        // as cancelled: nobody was meant to be connected.
        m_status.endReason = EndReason::Cancelled;
        m_status.statusCode = 487;
        m_status.reasonPhrase = "Request Terminated";
        m_status.state = State::Terminating;
        notify();
        m_dialog->bye(&m_byeDelegate);
        return;
    }
    m_status.state = State::Established;
    notify();
}

void Inviter::onRedirect(const Response &response)
{
    update(response);
    finish(m_hangupRequested ? EndReason::Cancelled : EndReason::Redirected);
}

void Inviter::onReject(const Response &response)
{
    if (m_status.state == State::Terminated)
        return;
    update(response);
    const int code = response.statusCode;
    if (m_hangupRequested)
        finish(EndReason::Cancelled);
    else if (code == 486 || code == 600)
        finish(EndReason::Busy);
    else if (code == 408 || code == 503)
        finish(EndReason::Failed);
    else
        finish(EndReason::Rejected);
}

void Inviter::onBye(const Request &)
{
    if (m_status.state == State::Terminated)
        return;
    m_status.statusCode = 200;
    m_status.reasonPhrase = "OK";
    finish(EndReason::RemoteHangup);
}

void Inviter::finish(EndReason reason)
{
    if (m_status.state == State::Terminated)
        return;
    m_status.state = State::Terminated;
    m_status.endReason = reason;
    notify();
}

void Inviter::notify()
{
    if (!m_disposed && m_listener)
        m_listener(m_status);
}

} // namespace sipcore
