#pragma once

#include "sipcore/syntax/sipmessage.h"
#include "sipcore/transport/endpoint.h"
#include "sipcore/util/logger.h"
#include "sipcore/util/timer.h"

#include <memory>
#include <optional>
#include <vector>

namespace sipcore {

class ByeUserAgentClient;
class InviteServerTransaction;
class OutgoingRequestDelegate;
class Transport;
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
};

/// An INVITE dialog (RFC 3261 §12, SIP.js's SessionDialog), confirmed by a 2xx. Registers
/// with the core so in-dialog requests reach it; ends with bye(), a received BYE, or dispose().
/// Construct through createAsUac or createAsUas. Lives on the core thread; the core outlives it.
///
/// As UAS it re-sends its 2xx until the ACK arrives (§13.3.1.4):
///
///     createAsUas: 2xx sent --> waiting for ACK --ACK--> confirmed (onAck)
///                                |    ^
///                   T1, 2·T1 …,  |    | 2xx re-sent through the INVITE server transaction
///                   at most T2   +----+
///                                | 64·T1 without ACK
///                                v
///                               BYE sent, onAckTimeout
///
/// A BYE received or dispose() while waiting stops the re-sending too.
class SessionDialog : public std::enable_shared_from_this<SessionDialog>
{
public:
    /// The dialog state of §12.1.2 from the INVITE we sent and the 2xx we got.
    static std::shared_ptr<SessionDialog>
    createAsUac(UserAgentCore &core, const Request &invite, const Response &response);
    /// The dialog state of §12.1.1 from the \a invite we answered with a 2xx through \a
    /// transaction, whose To tag was \a localTag. The 2xx is re-sent through \a transaction (not
    /// kept alive by the dialog) until its ACK arrives; see the diagram above.
    static std::shared_ptr<SessionDialog>
    createAsUas(UserAgentCore &core,
                const Request &invite,
                std::string_view localTag,
                const std::shared_ptr<InviteServerTransaction> &transaction);
    ~SessionDialog();
    SessionDialog(const SessionDialog &) = delete;
    SessionDialog &operator=(const SessionDialog &) = delete;

    /// Call-ID, local tag and remote tag joined: the key of §12.
    static std::string
    makeId(std::string_view callId, std::string_view localTag, std::string_view remoteTag);
    const std::string &id() const { return m_id; }
    const std::string &callId() const { return m_callId; }
    const std::string &localTag() const { return m_localTag; }
    const std::string &remoteTag() const { return m_remoteTag; }
    const Uri &remoteTarget() const { return m_remoteTarget; }
    const std::vector<NameAddr> &routeSet() const { return m_routeSet; }
    std::uint32_t localSequenceNumber() const { return m_localSequenceNumber; }
    bool isTerminated() const { return m_terminated; }
    /// UAS: true from the 2xx until its ACK (or 64·T1).
    bool isWaitingForAck() const { return m_waitingForAck; }

    void setDelegate(SessionDelegate *delegate) { m_delegate = delegate; }

    /// A request within the dialog (§12.2.1.1): Request-URI and Route from the remote target
    /// and route set, the dialog's tags and Call-ID, the next local CSeq (the INVITE's for
    /// ACK).
    Request createRequest(std::string_view method);
    /// Sends the ACK for the 2xx (§13.2.2.4): end to end, a new branch, the INVITE's CSeq,
    /// over the transport the remote target (or first route) names.
    void ack();
    /// Sends the same ACK again (for a retransmitted 2xx); nothing before ack().
    void resendAck();
    /// Ends the session with BYE (§15.1.1); the dialog is terminated at once.
    std::shared_ptr<ByeUserAgentClient> bye(OutgoingRequestDelegate *delegate);
    /// A request the core matched to this dialog, with the server that answers it.
    void receiveRequest(UserAgentServer &server);
    /// An ACK the core matched to this dialog (the ACK of a 2xx, §13.3.1.4). As UAS, the one
    /// with the INVITE's CSeq stops the 2xx re-sending; any other is absorbed.
    void receiveAck(const Request &ack);
    /// Unregisters and stops re-sending the 2xx; the dialog no longer receives requests.
    /// Idempotent.
    void dispose();

private:
    explicit SessionDialog(UserAgentCore &core);
    /// Sets the id from Call-ID and tags and registers with the core.
    void registerWithCore();
    /// Arms the next 2xx re-send, or the BYE once 64·T1 have passed since the 2xx.
    void schedule2xxRetransmission();
    void stopWaitingForAck();

    UserAgentCore &m_core;
    Logger m_logger;
    SessionDelegate *m_delegate = nullptr;
    std::string m_id;
    std::string m_callId;
    std::string m_localTag;
    std::string m_remoteTag;
    NameAddr m_localUri;
    NameAddr m_remoteUri;
    Uri m_remoteTarget;
    std::vector<NameAddr> m_routeSet;
    std::uint32_t m_localSequenceNumber = 0;
    std::uint32_t m_inviteSequenceNumber = 0;
    std::optional<std::uint32_t> m_remoteSequenceNumber;
    std::string m_ackBytes;
    Endpoint m_ackDestination;
    Transport *m_ackTransport = nullptr; // set by ack()
    std::shared_ptr<ByeUserAgentClient> m_bye;
    // UAS: the 2xx re-sending (§13.3.1.4).
    std::weak_ptr<InviteServerTransaction> m_acceptedTransaction;
    std::unique_ptr<Timer> m_2xxTimer;
    Duration m_2xxInterval{0};
    Duration m_2xxElapsed{0};
    bool m_waitingForAck = false;
    bool m_terminated = false;
    bool m_registered = false;
};

} // namespace sipcore
