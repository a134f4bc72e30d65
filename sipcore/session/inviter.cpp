#include "sipcore/session/inviter.h"

#include "sipcore/core/inviteuseragentclient.h"
#include "sipcore/core/sessiondialog.h"
#include "sipcore/core/useragentcore.h"

#include <boost/asio/dispatch.hpp>

namespace sipcore {

Inviter::Inviter(UserAgentCore &core,
                 boost::asio::any_io_executor executor,
                 Uri target,
                 Listener listener,
                 InviterOptions options)
    : Session(core, std::move(executor), std::move(listener))
    , m_target(std::move(target))
    , m_options(std::move(options))
{
    setReferrer(m_options.referrer);
}

Inviter::~Inviter() = default;

void Inviter::invite()
{
    boost::asio::dispatch(m_executor, [self = self<Inviter>()] { self->doInvite(); });
}

void Inviter::cancel(std::string reason)
{
    boost::asio::dispatch(m_executor, [self = self<Inviter>(), reason = std::move(reason)] {
        self->doCancel(reason);
    });
}

void Inviter::hangup()
{
    boost::asio::dispatch(m_executor, [self = self<Inviter>()] {
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
    Session::dispose();
    if (m_client)
        m_client->dispose();
    m_client.reset();
}

Session::DialogMatch Inviter::matchDialog(std::string_view callId,
                                          std::string_view localTag,
                                          std::string_view remoteTag) const
{
    const DialogMatch match = Session::matchDialog(callId, localTag, remoteTag);
    if (match != DialogMatch::None || !m_client || m_status.state != State::Establishing)
        return match;
    for (const auto &early : m_client->earlyDialogs()) {
        if (early->callId() == callId && early->localTag() == localTag
            && early->remoteTag() == remoteTag)
            return DialogMatch::Early;
    }
    return DialogMatch::None;
}

void Inviter::doInvite()
{
    if (m_disposed || m_status.state != State::Initial)
        return;
    OutgoingRequestMessageOptions options;
    options.from = m_options.from;
    options.routeSet = m_options.routeSet;
    options.contactUser = m_options.contactUser;
    options.extraHeaders = m_options.extraHeaders;
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
    setDialog(session);
    m_dialog->ack();
    rememberRemoteDirection(response.body());
    update(response);
    if (m_hangupRequested) {
        // The 2xx crossed our CANCEL (§9.1): ACK it, then end it with BYE. The call still ends
        // as cancelled: nobody was meant to be connected.
        m_status.endReason = EndReason::Cancelled;
        update(487, "Request Terminated");
        doBye();
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

} // namespace sipcore
