#include "sipcore/session/invitation.h"

#include "sipcore/core/inviteuseragentserver.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/syntax/syntaxerror.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

namespace sipcore {

Invitation::Invitation(UserAgentCore &core,
                       boost::asio::any_io_executor executor,
                       std::shared_ptr<InviteUserAgentServer> server,
                       Duration noAnswerTimeout,
                       Listener listener)
    : Session(core, std::move(executor), std::move(listener))
    , m_server(std::move(server))
    , m_noAnswerTimer(core.timers().createTimer())
{
    m_server->setDelegate(this);
    if (auto from = m_server->message().from())
        m_remoteIdentity = std::move(*from);
    m_peerAllowsUpdate = m_server->message().listsValue("Allow", "UPDATE");

    // §13.3.1: an invitation that expires unanswered gets 487.
    const auto expires = m_server->message().numberValue(HeaderId::Expires);
    const Duration expiry = std::chrono::seconds(expires ? *expires : 0);
    if (expires && (noAnswerTimeout == Duration::zero() || expiry < noAnswerTimeout)) {
        m_noAnswerTimer->start(
                expiry, [this] { doReject(487, "Request Terminated", EndReason::NoAnswer); });
    } else if (noAnswerTimeout > Duration::zero()) {
        m_noAnswerTimer->start(noAnswerTimeout, [this] { doReject(480, {}, EndReason::NoAnswer); });
    }
}

Uri Invitation::requestUri() const
{
    return m_server->message().requestUri();
}

Invitation::~Invitation()
{
    if (m_disposed)
        return;
    // Dropped without dispose() (on the core thread, as the class requires then): the caller
    // hears that nobody will answer rather than nothing.
    m_server->setDelegate(nullptr);
    if (isAnswerable())
        m_server->reply(480);
}

bool Invitation::takeOffer()
{
    const Request &invite = m_server->message();
    if (invite.body().empty())
        return true;
    auto refusal = takeRemoteOffer(invite);
    if (!refusal)
        return true;
    m_noAnswerTimer->cancel();
    update(refusal->statusCode, refusal->options.reasonPhrase);
    m_server->reply(refusal->statusCode, std::move(refusal->options));
    finish(EndReason::Rejected);
    return false;
}

void Invitation::progress()
{
    boost::asio::dispatch(m_executor, [self = self<Invitation>()] { self->doProgress(); });
}

void Invitation::accept()
{
    boost::asio::dispatch(m_executor, [self = self<Invitation>()] { self->doAccept(); });
}

void Invitation::reject(int statusCode, std::string reasonPhrase)
{
    boost::asio::dispatch(m_executor, [self = self<Invitation>(), statusCode,
                                       reasonPhrase = std::move(reasonPhrase)] {
        self->doReject(statusCode, reasonPhrase, EndReason::Declined);
    });
}

void Invitation::hangup()
{
    boost::asio::dispatch(m_executor, [self = self<Invitation>()] { self->doHangup(); });
}

void Invitation::dispose()
{
    if (m_disposed)
        return;
    // Still unanswered: the caller hears that nobody will answer rather than nothing.
    if (isAnswerable())
        m_server->reply(480);
    Session::dispose();
    m_noAnswerTimer.reset(); // may not outlive the core's timers
    m_server->setDelegate(nullptr);
    if (const auto &dialog = m_server->dialog())
        dialog->setDelegate(nullptr);
    m_server->dispose();
}

bool Invitation::isAnswerable() const
{
    return m_status.state == State::Initial
           && m_server->transaction()->state() == TransactionState::Proceeding;
}

void Invitation::doProgress()
{
    if (m_disposed || m_status.state != State::Initial || m_status.ringing)
        return;
    ResponseOptions options;
    // RFC 3262 §5: an INVITE without an offer gets ours in the first reliable provisional
    // response; the PRACK brings the answer, and early media can flow.
    if (m_server->message().body().empty() && canSendReliably()
        && descriptions().state() == sdp::OfferAnswer::State::Stable) {
        options.contentType = "application/sdp";
        options.body = makeOffer();
        m_offeredInProvisional = true;
    }
    if (m_server->reply(180, std::move(options)))
        return; // already final, or the transport failed (which onTransportError reports)
    m_status.ringing = true;
    // A reliable 180 (RFC 3262) made the early dialog: UPDATEs within it come here.
    if (const auto &early = m_server->dialog())
        early->setDelegate(this);
    update(180, "Ringing");
    notify();
}

void Invitation::doAccept()
{
    if (m_disposed || m_status.state != State::Initial)
        return;
    ResponseOptions options;
    if (descriptions().state() == sdp::OfferAnswer::State::HaveRemoteOffer) {
        auto answer = descriptions().createAnswer(wantedDirection());
        options.body = std::move(*answer); // takeOffer() made sure there is one
    } else if (!m_offeredInProvisional) {
        options.body = makeOffer(); // an INVITE without offer: the ACK answers (RFC 3261 §13.2.1)
    } // else the offer went in the 180 and the PRACK answers it: no new offer in the 2xx
    if (!options.body.empty())
        options.contentType = "application/sdp";
    options.extraHeaders = m_sessionTimer.negotiateAsUas(m_server->message());
    auto dialog = m_server->accept(std::move(options));
    if (!dialog.ok())
        return; // the caller cancelled meanwhile: onCancel has ended the call
    m_noAnswerTimer->cancel();
    setDialog(*dialog);
    update(200, "OK");
    m_status.state = State::Establishing;
    notify();
}

void Invitation::doReject(int statusCode, const std::string &reasonPhrase, EndReason reason)
{
    if (m_disposed || m_status.state != State::Initial)
        return;
    ResponseOptions options;
    options.reasonPhrase = reasonPhrase;
    if (m_server->reply(statusCode, std::move(options)))
        return;
    m_noAnswerTimer->cancel();
    update(statusCode,
           reasonPhrase.empty() ? std::string(defaultReasonPhrase(statusCode)) : reasonPhrase);
    finish(reason);
}

void Invitation::doHangup()
{
    if (m_disposed)
        return;
    switch (m_status.state) {
    case State::Initial:
        doReject(603, {}, EndReason::Declined);
        break;
    case State::Establishing:
        // §15: no BYE before the ACK of our 2xx (or its timeout, when the dialog sends one).
        if (!m_hangupRequested) {
            m_hangupRequested = true;
            m_status.state = State::Terminating;
            notify();
        }
        break;
    case State::Established:
        doBye();
        break;
    case State::Terminating:
    case State::Terminated:
        break;
    }
}

void Invitation::onCancel(const Request &)
{
    // Still Initial, or accepted with a 2xx that waits for a PRACK (RFC 3262 §3).
    if (m_disposed || m_status.state == State::Terminated)
        return;
    m_noAnswerTimer->cancel();
    update(487, "Request Terminated"); // the server sends it right after this
    finish(EndReason::Cancelled);
}

void Invitation::onTransportError(std::error_code error)
{
    if (m_disposed || m_status.state == State::Terminated)
        return;
    m_noAnswerTimer->cancel();
    update(503, "Connection lost: " + error.message());
    finish(EndReason::Failed);
}

bool Invitation::canSendReliably() const
{
    const Request &invite = m_server->message();
    return m_core.supports("100rel")
           && (invite.listsValue("Require", "100rel") || invite.listsValue("Supported", "100rel"));
}

void Invitation::onPrack(const Request &prack)
{
    if (!m_offeredInProvisional
        || descriptions().state() != sdp::OfferAnswer::State::HaveLocalOffer)
        return;
    if (prack.body().empty()) {
        // §5 wants the answer here; without one the 2xx offers again and the ACK answers.
        descriptions().rollback();
        m_offeredInProvisional = false;
        return;
    }
    if (takeAnswer(prack.body()))
        return;
    // The PRACK is still to be answered 200: end the call right after.
    boost::asio::post(m_executor, [self = self<Invitation>()] {
        if (self->isAnswerable())
            self->doReject(488, "Not Acceptable Here: the answer in the PRACK cannot be used",
                           EndReason::Failed);
        else
            self->doHangup();
    });
}

void Invitation::onPrackTimeout()
{
    if (m_disposed || m_status.state == State::Terminated)
        return;
    m_noAnswerTimer->cancel();
    update(500, "No PRACK");
    finish(EndReason::Failed);
}

void Invitation::onAck(const Request &ack)
{
    if (m_hangupRequested) {
        m_status.state = State::Established; // for doBye(), which moves on to Terminating
        doBye();
        return;
    }
    if (m_status.state != State::Establishing) {
        Session::onAck(ack); // the ACK of a re-INVITE's 2xx
        return;
    }
    m_status.state = State::Established;
    if (descriptions().state() == sdp::OfferAnswer::State::HaveLocalOffer
        && !takeAnswer(ack.body(), true)) {
        // The answer to the offer of our 2xx cannot be used: no media can flow.
        update(488, "Not Acceptable Here: the answer cannot be used");
        m_status.endReason = EndReason::Failed;
        doBye();
        return;
    }
    notify();
}

void Invitation::onAckTimeout()
{
    if (m_status.state == State::Terminated)
        return;
    // The dialog has sent a BYE already.
    if (m_hangupRequested) {
        finish(EndReason::LocalHangup);
        return;
    }
    update(408, "No ACK for our 200 OK");
    finish(EndReason::Failed);
}

} // namespace sipcore
