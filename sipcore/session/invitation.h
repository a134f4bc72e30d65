#pragma once

#include "sipcore/core/incomingrequestdelegate.h"
#include "sipcore/session/session.h"
#include "sipcore/syntax/nameaddr.h"
#include "sipcore/util/timer.h"

#include <memory>
#include <string>

namespace sipcore {

class InviteUserAgentServer;

/// An incoming call (SIP.js's Invitation): the session state machine above an
/// InviteUserAgentServer.
///
///   Initial --progress(): 180--> Initial, ringing --accept(): 2xx--> Establishing --ACK-->
///      |                                                                 |       Established
///      | reject(), hangup(): 4xx-6xx (Declined); the caller's CANCEL:     | no ACK within 64·T1:
///      | 487 (Cancelled); nobody answers in time: 480, or 487 once the    | the dialog sends BYE
///      | INVITE's Expires passed (NoAnswer)                               v (Failed)
///      +------------------------------------------------------------> Terminated
///
/// A BYE ends the call at any point after the 2xx, also before its ACK (RemoteHangup).
/// Hang-up rules: an unanswered call is declined (603); an answered call whose ACK has not
/// come yet is ended with BYE as soon as the ACK arrives (RFC 3261 §15: not before the ACK or
/// the 2xx's timeout); an established call ends with BYE; a call already ending is left alone.
///
/// Threads: as Session's. Construct on the core thread (the user agent does, for each new
/// INVITE): the no-answer timer starts then. Dispose of it on the core thread, or drop the
/// last reference there; an unanswered call is answered 480 then.
class Invitation final : public Session, private IncomingRequestDelegate
{
public:
    /// \a noAnswerTimeout: after this long without a final response the call is answered 480
    /// (zero: no limit); an INVITE's Expires header shortens it (§13.3.1, then 487).
    Invitation(UserAgentCore &core,
               boost::asio::any_io_executor executor,
               std::shared_ptr<InviteUserAgentServer> server,
               Duration noAnswerTimeout,
               Listener listener = {});
    ~Invitation() override;

    /// Core thread only, once, before the call rings: takes the INVITE's offer. False when it
    /// was refused, and answered so: 415 for a body that is not SDP, 400 for SDP that does
    /// not parse, 488 for an offer without a codec we have; the call has then ended
    /// (Rejected) and goes no further. An INVITE without a body gets our offer in the 2xx.
    bool takeOffer();

    /// The address the caller dialed: the INVITE's Request-URI.
    Uri requestUri() const;
    /// The caller as the INVITE's From names it.
    const NameAddr &remoteIdentity() const { return m_remoteIdentity; }
    /// Core thread only: the call of ours that this one replaces (RFC 3891), if any.
    std::shared_ptr<Session> replacing() const { return m_replacing.lock(); }
    /// Core thread only: see replacing().
    void setReplacing(std::weak_ptr<Session> session) { m_replacing = std::move(session); }

    /// Sends 180 Ringing (once).
    void progress();
    /// Answers with 200 and our session description.
    void accept();
    /// Turns the call down with \a statusCode (4xx-6xx; 603 Decline by default) while it is
    /// unanswered.
    void reject(int statusCode = 603, std::string reasonPhrase = {});
    /// See the class comment.
    void hangup() override;

    void dispose() override;

private:
    void doProgress();
    /// Whether our 180 goes reliably (RFC 3262): the caller requires or supports 100rel.
    bool canSendReliably() const;
    void doAccept();
    void doReject(int statusCode, const std::string &reasonPhrase, EndReason reason);
    void doHangup();
    bool isAnswerable() const;

    // IncomingRequestDelegate
    void onCancel(const Request &cancel) override;
    void onTransportError(std::error_code error) override;
    /// A reliable provisional response (RFC 3262) got no PRACK: the INVITE was answered 500.
    void onPrackTimeout() override;
    /// Takes the answer to the offer our reliable 180 carried; one that cannot be used ends
    /// the call (488, or BYE once answered); none leaves the offer to the 2xx.
    void onPrack(const Request &prack) override;
    // SessionDelegate
    void onAck(const Request &ack) override;
    void onAckTimeout() override;

    std::shared_ptr<InviteUserAgentServer> m_server;
    NameAddr m_remoteIdentity;
    std::weak_ptr<Session> m_replacing;
    std::unique_ptr<Timer> m_noAnswerTimer;
    bool m_hangupRequested = false;
    /// Our offer went in the reliable 180 (the INVITE had none): the PRACK answers it and the
    /// 2xx carries no session description.
    bool m_offeredInProvisional = false;
};

} // namespace sipcore
