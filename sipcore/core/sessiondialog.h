#pragma once

#include "sipcore/core/dialog.h"
#include "sipcore/transport/endpoint.h"
#include "sipcore/util/result.h"
#include "sipcore/util/timer.h"

#include <memory>
#include <optional>
#include <system_error>
#include <vector>

namespace sipcore {

class ByeUserAgentClient;
class InviteServerTransaction;
class InviteUserAgentServer;
class OutgoingRequestDelegate;
class Transport;
class UserAgentClient;
class UserAgentCore;
class UserAgentServer;

/// What a session dialog tells the layer above. Called on the core thread.
class SessionDelegate
{
public:
    virtual ~SessionDelegate() = default;
    /// The peer ended the session with BYE (already answered with 200).
    virtual void onBye(const Request &) {}
    /// UAS: the ACK of our 2xx arrived (RFC 3261 §13.3.1.4); the 2xx is no longer re-sent.
    virtual void onAck(const Request &) {}
    /// UAS: no ACK came for our 2xx within 64·T1 (§13.3.1.4); the dialog has sent a BYE.
    virtual void onAckTimeout() {}
    /// A re-INVITE (§14.2) that the dialog may take: the remote target is refreshed already,
    /// and \a server must get a final response (a 2xx gets our Contact and is re-sent until
    /// its ACK). The default answers 488.
    virtual void onInvite(const std::shared_ptr<InviteUserAgentServer> &server);
    /// An INFO (RFC 6086) within the dialog; \a server must get a final response. The
    /// default answers 501.
    virtual void onInfo(const std::shared_ptr<UserAgentServer> &server);
    /// A MESSAGE (RFC 3428) within the dialog; as onInfo.
    virtual void onMessage(const std::shared_ptr<UserAgentServer> &server);
    /// A NOTIFY (RFC 6665) within the dialog, such as the progress of a REFER (RFC 3515).
    /// The default answers 481: no subscription of ours.
    virtual void onNotify(const std::shared_ptr<UserAgentServer> &server);
    /// A REFER (RFC 3515) within the dialog; as onInfo.
    virtual void onRefer(const std::shared_ptr<UserAgentServer> &server);
    /// A SUBSCRIBE (RFC 6665) within the dialog; \a server must get a final response. The
    /// default answers 481 for the refer package (no refresh of the implicit subscription of
    /// a REFER, RFC 3515 §2.4.4, is taken) and 489 with Allow-Events for any other.
    virtual void onSubscribe(const std::shared_ptr<UserAgentServer> &server);
    /// An UPDATE (RFC 3311) within the dialog, early or confirmed, that the dialog may take:
    /// the remote target is refreshed already, and \a server must get a final response (a 2xx
    /// gets our Contact). The default answers 200 to one without a body and 488 to an offer.
    virtual void onUpdate(const std::shared_ptr<UserAgentServer> &server);
};

/// What a request within the dialog carries besides the dialog's fields (SIP.js's
/// RequestOptions).
struct DialogRequestOptions
{
    std::string body;
    std::string contentType; ///< required with a body
    std::vector<HeaderLine> extraHeaders;
};

/// An INVITE dialog (RFC 3261 §12, SIP.js's SessionDialog): early from a provisional response
/// with a To tag, confirmed by a 2xx. Registers with the core so in-dialog requests reach it;
/// ends with bye(), a received BYE, or dispose(). Construct through createAsUac or
/// createAsUas. Lives on the core thread; the core outlives it.
///
/// After each 2xx we send to an INVITE (the first or a re-INVITE) it re-sends that 2xx until
/// the ACK arrives (§13.3.1.4):
///
///     2xx sent --> waiting for ACK --ACK--> confirmed (onAck)
///                   |    ^
///      T1, 2·T1 …,  |    | 2xx re-sent through the INVITE server transaction
///      at most T2   +----+
///                   | 64·T1 without ACK
///                   v
///                  BYE sent, onAckTimeout
///
/// A BYE received or dispose() while waiting stops the re-sending too.
///
/// Reliable provisional responses (RFC 3262): as UAC, prack() acknowledges each in RSeq order;
/// as UAS, the early dialog passes each PRACK to the INVITE's server, and a BYE in it ends
/// that INVITE as a CANCEL would (§15.1.2: 200 to the BYE, 487 to the INVITE).
///
/// UPDATE (RFC 3311): one with an offer is refused 491 while an offer of ours has no answer
/// (an UPDATE, a re-INVITE, or the INVITE of an early dialog whose answer has not come
/// reliably), and 500 with Retry-After while one of the peer's has none (§5.2).
///
/// Re-INVITEs (§14): one INVITE transaction at a time in either direction. One received while
/// ours has no final response gets 491; one received while an earlier one has none (or its 2xx
/// no ACK) gets 500 with Retry-After. A 491 to ours is retried by the dialog after the §14.1
/// back-off, 2.1-4 s when we chose the Call-ID and up to 2 s when the peer did, with a new
/// CSeq; the delegate of reinvite() hears only the final outcome.
class SessionDialog final : public Dialog, public std::enable_shared_from_this<SessionDialog>
{
public:
    /// The dialog state of §12.1.2 from the INVITE we sent and the response we got: early for
    /// a provisional response (which must carry a To tag), confirmed for a 2xx.
    static std::shared_ptr<SessionDialog>
    createAsUac(UserAgentCore &core, const Request &invite, const Response &response);
    /// The dialog state of §12.1.1 from the \a invite we answered with a 2xx through \a
    /// transaction, whose To tag was \a localTag and whose Contact \a localContact. The 2xx is
    /// re-sent through \a transaction (not kept alive by the dialog) until its ACK arrives; see
    /// the diagram above.
    static std::shared_ptr<SessionDialog>
    createAsUas(UserAgentCore &core,
                const Request &invite,
                std::string_view localTag,
                std::string localContact,
                const std::shared_ptr<InviteServerTransaction> &transaction);
    /// The early dialog of §12.1.1 from the \a invite that \a server answers with a reliable
    /// provisional response (RFC 3262 §3) whose To tag is \a localTag and Contact \a
    /// localContact. The 2xx confirms it (confirmAsUas).
    static std::shared_ptr<SessionDialog>
    createEarlyAsUas(UserAgentCore &core,
                     const Request &invite,
                     std::string_view localTag,
                     std::string localContact,
                     std::weak_ptr<InviteUserAgentServer> server);
    ~SessionDialog() override;

    bool isEarly() const { return m_early; }
    /// UAS: true from a 2xx until its ACK (or 64·T1).
    bool isWaitingForAck() const { return m_waitingForAck; }
    /// True while an INVITE of this dialog, ours or the peer's, has no final response (or our
    /// re-INVITE waits out a 491 back-off, or our 2xx its ACK).
    bool isInviteInProgress() const;

    void setDelegate(SessionDelegate *delegate) { m_delegate = delegate; }

    /// UAC: a 2xx for the INVITE confirms the early dialog of its To tag (§13.2.2.4): route
    /// set and remote target are taken from the 2xx.
    void confirm(const Response &response);
    /// UAS: the 2xx for the INVITE with CSeq \a sequence went out through \a transaction and
    /// confirms this early dialog; re-sent until its ACK as waitForAck() says.
    void confirmAsUas(const std::shared_ptr<InviteServerTransaction> &transaction,
                      std::uint32_t sequence);
    /// UAS: a reliable provisional response carried the answer to the INVITE's offer.
    void initialOfferAnswered() { m_initialOfferOpen = false; }
    /// UAC: a reliable provisional response of this dialog (Require: 100rel, RFC 3262 §4).
    /// When it is the first or the next in RSeq order, sends its PRACK (a new non-INVITE
    /// transaction within the dialog) and returns true; a retransmission, one out of order or
    /// one without a valid RSeq gives false, and the layer above must not hear of it.
    bool prack(const Response &response);

    /// Sends the ACK for the 2xx of our last INVITE (§13.2.2.4): end to end, a new branch, the
    /// INVITE's CSeq, over the transport the remote target (or first route) names.
    void ack();
    /// Sends the same ACK again for a retransmitted 2xx of the INVITE with CSeq \a sequence;
    /// nothing when that ACK was not sent.
    void resendAck(std::uint32_t sequence);
    /// Ends the session with BYE (§15.1.1); the dialog is terminated at once.
    std::shared_ptr<ByeUserAgentClient> bye(OutgoingRequestDelegate *delegate);
    /// Sends \a method (not INVITE, ACK, CANCEL or BYE: INFO, REFER, NOTIFY, MESSAGE, …)
    /// within the dialog through a new non-INVITE client, which the caller keeps for as long
    /// as it wants to hear of it; nullptr once the dialog is early or has ended. A REFER
    /// carries our Contact (RFC 3515 §2.4.1 makes it a target refresh).
    std::shared_ptr<UserAgentClient> request(std::string_view method,
                                             DialogRequestOptions options,
                                             OutgoingRequestDelegate *delegate);
    /// Sends a re-INVITE (§14.1) with our Contact; its 2xx refreshes the remote target and is
    /// ACKed here. \a delegate hears the final outcome (a 491 is retried first, see above).
    /// Errors: DialogNotConfirmed, InviteInProgress.
    std::error_code reinvite(DialogRequestOptions options, OutgoingRequestDelegate *delegate);
    /// Sends an UPDATE (RFC 3311) with our Contact, in an early or a confirmed dialog; its 2xx
    /// refreshes the remote target. Returns its client, which the caller keeps for as long as
    /// it wants to hear of it. Errors: DialogNotConfirmed once the dialog has ended,
    /// InviteInProgress when \a options carry an offer while one of ours has no answer yet.
    Result<std::shared_ptr<UserAgentClient>> update(DialogRequestOptions options,
                                                    OutgoingRequestDelegate *delegate);

    /// An ACK the core matched to this dialog (the ACK of a 2xx, §13.3.1.4). As UAS, the one
    /// with the CSeq of the INVITE we sent a 2xx for stops the 2xx re-sending; any other is
    /// absorbed.
    void receiveAck(const Request &ack) override;
    /// UAS: a 2xx for the INVITE with CSeq \a sequence went out through \a transaction; it is
    /// re-sent until its ACK (see the diagram above).
    void waitForAck(const std::shared_ptr<InviteServerTransaction> &transaction,
                    std::uint32_t sequence);
    /// Unregisters and stops re-sending the 2xx, any re-INVITE and the BYE's transaction; the
    /// dialog no longer receives requests, and may outlive the core. Idempotent.
    void dispose() override;

private:
    friend class ReinviteUserAgentClient;
    friend class UpdateUserAgentClient;

    explicit SessionDialog(UserAgentCore &core);
    /// The UAS dialog state of §12.1.1 from \a invite, not yet registered.
    static std::shared_ptr<SessionDialog> makeUas(UserAgentCore &core,
                                                  const Request &invite,
                                                  std::string_view localTag,
                                                  std::string localContact);
    /// Arms the next 2xx re-send, or the BYE once 64·T1 have passed since the 2xx.
    void schedule2xxRetransmission();
    void stopWaitingForAck();
    /// Sends the re-INVITE of m_reinviteOptions with a new CSeq.
    void sendReinvite();
    /// From ReinviteUserAgentClient: a 2xx for our re-INVITE (ACKed here, once per 2xx).
    void reinviteAccepted(const Response &response);
    /// From ReinviteUserAgentClient: a final response other than 2xx; true when the dialog
    /// takes it (a 491, retried after the back-off) and the delegate must not hear of it.
    bool reinviteFailed(const Response &response);
    void receiveInDialogRequest(UserAgentServer &server) override;
    /// Answers an INVITE within the dialog (§14.2).
    void receiveReinvite(UserAgentServer &server);
    /// Answers an UPDATE (RFC 3311 §5.2).
    void receiveUpdate(UserAgentServer &server);
    /// From UpdateUserAgentClient: the final response to our UPDATE.
    void updateDone(const Response &response);
    /// True while an offer of ours has no answer.
    bool isLocalOfferOpen() const;

    SessionDelegate *m_delegate = nullptr;
    bool m_callIdOwner = false; ///< we sent the INVITE that made the dialog (§14.1)
    // UAC: the ACK of the 2xx of our last INVITE.
    std::uint32_t m_localInviteSequenceNumber = 0;
    std::uint32_t m_ackedSequenceNumber = 0; ///< the CSeq of m_ackBytes; 0 before ack()
    std::string m_ackBytes;
    Endpoint m_ackDestination;
    Transport *m_ackTransport = nullptr; // set by ack()
    std::shared_ptr<ByeUserAgentClient> m_bye;
    std::shared_ptr<UserAgentClient> m_updateClient; ///< our last UPDATE
    // Our re-INVITE (§14.1).
    DialogRequestOptions m_reinviteOptions;
    OutgoingRequestDelegate *m_reinviteDelegate = nullptr;
    std::shared_ptr<UserAgentClient> m_reinviteClient;
    bool m_reinviteInProgress = false; ///< from sending until the final response
    std::unique_ptr<Timer> m_glareTimer;
    // RFC 3262 and 3311.
    std::optional<std::uint32_t> m_remoteRseq; ///< UAC: the RSeq of the last PRACKed response
    std::vector<std::shared_ptr<UserAgentClient>> m_pracks;
    std::weak_ptr<InviteUserAgentServer> m_earlyInvite; ///< UAS: the INVITE of the early dialog
    bool m_initialOfferOpen = false;                    ///< the INVITE's offer has no answer yet
    bool m_updateOfferOpen = false; ///< our UPDATE with an offer has no final response yet
    // The peer's last INVITE: until its final response, another one gets 500.
    std::weak_ptr<UserAgentServer> m_incomingInvite;
    // UAS: the 2xx re-sending (§13.3.1.4).
    std::uint32_t m_acceptedSequenceNumber = 0; ///< the CSeq of the INVITE our 2xx answers
    std::weak_ptr<InviteServerTransaction> m_acceptedTransaction;
    std::unique_ptr<Timer> m_2xxTimer;
    Duration m_2xxInterval{0};
    Duration m_2xxElapsed{0};
    bool m_waitingForAck = false;
    bool m_early = false;
};

} // namespace sipcore
