#pragma once

#include "sipcore/syntax/sipmessage.h"
#include "sipcore/util/logger.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipcore {

class UserAgentCore;
class UserAgentServer;

/// The state every dialog keeps (RFC 3261 §12, SIP.js's Dialog): Call-ID and tags, our and
/// the peer's URI, the remote target, the route set and both sequence numbers. The core
/// routes the requests and ACKs of a dialog to it by Call-ID and tags once it has registered
/// (registerWithCore); SessionDialog and SubscriptionDialog are its two kinds. Lives on the
/// core thread; the core outlives it unless dispose() was called.
class Dialog
{
public:
    virtual ~Dialog();
    Dialog(const Dialog &) = delete;
    Dialog &operator=(const Dialog &) = delete;

    /// Call-ID, local tag and remote tag joined: the key of §12.
    static std::string
    makeId(std::string_view callId, std::string_view localTag, std::string_view remoteTag);
    const std::string &id() const { return m_id; }
    const std::string &callId() const { return m_callId; }
    const std::string &localTag() const { return m_localTag; }
    const std::string &remoteTag() const { return m_remoteTag; }
    const Uri &remoteTarget() const { return m_remoteTarget; }
    /// Our identity in the dialog (From of our requests, with our tag).
    const NameAddr &localUri() const { return m_localUri; }
    /// The peer's identity (To of our requests, with its tag).
    const NameAddr &remoteUri() const { return m_remoteUri; }
    const std::vector<NameAddr> &routeSet() const { return m_routeSet; }
    /// The Contact we gave the peer, as the header value; target refreshes carry it again.
    const std::string &localContact() const { return m_localContact; }
    std::uint32_t localSequenceNumber() const { return m_localSequenceNumber; }
    bool isTerminated() const { return m_terminated; }

    /// A request within the dialog (§12.2.1.1): Request-URI and Route from the remote target
    /// and route set, the dialog's tags and Call-ID, the next local CSeq.
    Request createRequest(std::string_view method);
    /// A request the core matched to this dialog, with the server that answers it: one whose
    /// CSeq is not above the last one's gets 500 (§12.2.2), any other goes to
    /// receiveInDialogRequest.
    void receiveRequest(UserAgentServer &server);
    /// An ACK the core matched to this dialog; absorbed unless a kind of dialog wants it.
    virtual void receiveAck(const Request &ack);
    /// Unregisters: the dialog no longer receives requests, and may outlive the core.
    /// Idempotent; a kind of dialog stops its own timers and requests too.
    virtual void dispose();

protected:
    explicit Dialog(UserAgentCore &core);

    /// The state of §12.1.1 for the UAS of \a request, whose responses carry \a localTag and
    /// \a localContact: route set = Record-Route in order, remote target = the Contact
    /// (From's URI without a usable one), the request's CSeq as remote sequence number.
    void
    initializeAsUas(const Request &request, std::string_view localTag, std::string localContact);
    /// The same request with \a sequence as CSeq, the local sequence number untouched.
    Request createRequest(std::string_view method, std::uint32_t sequence) const;
    /// A request in CSeq order, for the kind of dialog to answer.
    virtual void receiveInDialogRequest(UserAgentServer &server) = 0;
    /// Sets the id from Call-ID and tags and registers with the core.
    void registerWithCore();
    /// Takes the first Contact of \a message as remote target when it is a SIP URI.
    void refreshRemoteTarget(const SipMessage &message);

    UserAgentCore &m_core;
    Logger m_logger;
    std::string m_id;
    std::string m_callId;
    std::string m_localTag;
    std::string m_remoteTag;
    NameAddr m_localUri;
    NameAddr m_remoteUri;
    std::string m_localContact;
    Uri m_remoteTarget;
    std::vector<NameAddr> m_routeSet;
    std::uint32_t m_localSequenceNumber = 0;
    std::optional<std::uint32_t> m_remoteSequenceNumber;
    bool m_terminated = false;

private:
    bool m_registered = false;
};

} // namespace sipcore
