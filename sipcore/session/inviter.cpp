#include "sipcore/session/inviter.h"

#include "sipcore/core/inviteuseragentclient.h"
#include "sipcore/core/sessiondialog.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/syntax/syntaxerror.h"

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
    setSrtpMode(srtpModeFor(m_target, m_options.srtp));
    m_sessionTimerSettings = core.configuration().sessionTimer;
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
    sendInvite();
}

void Inviter::sendInvite()
{
    OutgoingRequestMessageOptions options;
    options.from = m_options.from;
    options.routeSet = m_options.routeSet;
    options.contactUser = m_options.contactUser;
    options.extraHeaders = m_options.extraHeaders;
    const auto timer = m_sessionTimer.requestHeaders(m_sessionTimerSettings);
    options.extraHeaders.insert(options.extraHeaders.end(), timer.begin(), timer.end());
    options.body = makeOffer();
    options.contentType = "application/sdp";
    if (m_client) {
        // Asking again after a 422 (RFC 4028 §7.4): the same dialog identifiers, a new CSeq.
        const Request &last = m_client->message();
        options.callId = std::string(*last.callId());
        options.fromTag = std::string(last.from()->tag().value_or(""));
        options.cseq = last.cseq()->sequence + 1;
    }
    Request request = m_core.makeOutgoingRequestMessage(
            "INVITE", m_target, NameAddr{{}, m_target, {}}, std::move(options));
    if (m_status.state == State::Initial) {
        m_status.state = State::Establishing;
        notify();
    }
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
    // Early media (RFC 3261 §13.2.1, RFC 3960): a provisional response's answer; the 2xx's,
    // when it differs, replaces it.
    if (!response.body().empty() && takeAnswer(response.body()))
        m_status.earlyMedia = true;
    notify();
}

void Inviter::onAcceptSession(const Response &response,
                              const std::shared_ptr<SessionDialog> &session)
{
    setDialog(session);
    m_dialog->ack();
    m_peerAllowsUpdate = response.listsValue("Allow", "UPDATE");
    m_sessionTimer.negotiateAsUac(response);
    const bool usable = takeAnswer(response.body(), true);
    update(response);
    if (m_hangupRequested) {
        // The 2xx crossed our CANCEL (§9.1): ACK it, then end it with BYE. The call still ends
        // as cancelled: nobody was meant to be connected.
        m_status.endReason = EndReason::Cancelled;
        update(487, "Request Terminated");
        doBye();
        return;
    }
    if (!usable) {
        // §13.2.2.4: a 2xx whose answer we cannot use is ACKed, then the call is ended.
        m_status.endReason = EndReason::Failed;
        update(488,
               "Not Acceptable Here: the answer cannot be used (" + answerError().message() + ")");
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
    const int code = response.statusCode;
    if (code == 422 && !m_hangupRequested && retryWithLongerInterval(response))
        return;
    update(response);
    if (m_hangupRequested)
        finish(EndReason::Cancelled);
    else if (code == 486 || code == 600)
        finish(EndReason::Busy);
    else if (code == 408 || code == 503)
        finish(EndReason::Failed);
    else
        finish(EndReason::Rejected);
}

bool Inviter::retryWithLongerInterval(const Response &response)
{
    // RFC 4028 §7.4: once, with the Min-SE the 422 names as our interval and our minimum.
    const auto value = response.header("Min-SE");
    const auto minimum = value ? ParameterizedValueView::parse(
                                 *value, ParameterizedValueView::Kind::DeltaSeconds)
                               : Result<ParameterizedValueView>(SyntaxError::MissingHeader);
    if (m_retriedAfter422 || !minimum.ok() || minimum->seconds <= m_sessionTimerSettings.expires)
        return false;
    m_retriedAfter422 = true;
    m_sessionTimerSettings.expires = minimum->seconds;
    m_sessionTimerSettings.minimum = std::max(m_sessionTimerSettings.minimum, minimum->seconds);
    sendInvite();
    return true;
}

} // namespace sipcore
