#pragma once

#include "sipcore/core/useragentcoreconfiguration.h"
#include "sipcore/core/useragentcoredelegate.h"
#include "sipcore/syntax/messagevalidator.h"
#include "sipcore/transaction/clienttransaction.h"
#include "sipcore/transaction/servertransaction.h"
#include "sipcore/transport/transport.h"

#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace sipcore {

class InviteUserAgentClient;
class OutgoingInviteRequestDelegate;
class SessionDialog;
class UserAgentClient;
class UserAgentServer;

/// Options for makeOutgoingRequestMessage (SIP.js's OutgoingRequestMessageOptions).
struct OutgoingRequestMessageOptions
{
    std::string callId;  ///< new when empty
    std::string fromTag; ///< new when empty
    std::string toTag;
    std::optional<std::uint32_t> cseq; ///< 1 when unset
    std::vector<NameAddr> routeSet;
    std::vector<HeaderLine> extraHeaders;
    std::string body;
    std::string contentType; ///< required with a body
};

/// The user-agent core (RFC 3261 §8, SIP.js's UserAgentCore): makes requests, matches
/// responses to the user-agent clients waiting for them, routes in-dialog requests to their
/// dialog, and answers what nobody handles. Lives on the core thread: every method must be
/// called there. The transport and timer factory outlive it.
///
/// Every request first passes MessageValidator (RFC 4475: 400 naming the problem, 416, 501
/// with Allow), and a datagram the parser refused gets the stateless answer it allows (400,
/// 505, 501), or none. A request that matches a server transaction (§17.2.3) goes to it: a
/// retransmission is answered again, the ACK of a non-2xx final is absorbed. Every other
/// request except ACK gets a UserAgentServer, and so a server transaction: a CANCEL is
/// answered 200 and its INVITE 487 (§9.2), or 481 when it matches no INVITE; an in-dialog
/// request goes to its dialog, or gets 481. Out of dialog: INVITE → the delegate (480 without
/// one); OPTIONS → 200 with Allow; BYE → 481; other methods → 405 with Allow. An ACK matching
/// no transaction goes to its dialog, or is dropped.
class UserAgentCore
{
public:
    UserAgentCore(UserAgentCoreConfiguration configuration,
                  Transport &transport,
                  TimerFactory &timers);
    ~UserAgentCore();
    UserAgentCore(const UserAgentCore &) = delete;
    UserAgentCore &operator=(const UserAgentCore &) = delete;

    static constexpr std::string_view Allow = "INVITE, ACK, CANCEL, BYE, OPTIONS";

    const UserAgentCoreConfiguration &configuration() const { return m_configuration; }
    /// Where out-of-dialog INVITEs go; without a delegate they are answered 480.
    void setDelegate(UserAgentCoreDelegate *delegate) { m_delegate = delegate; }
    const LoggerFactory &loggerFactory() const { return m_configuration.loggerFactory; }
    Transport &transport() { return m_transport; }
    TimerFactory &timers() { return m_timers; }
    /// What a new transaction needs.
    TransactionContext transactionContext();

    /// Our address of record with the transport's address filled in where it is empty.
    Uri aor() const;
    /// Our Contact: <sip:contactUser@transport address>.
    NameAddr contact() const;

    /// Builds an out-of-dialog request (RFC 3261 §8.1.1) from our AOR to \a to. Via is added
    /// by the user-agent client that sends it.
    Request makeOutgoingRequestMessage(std::string_view method,
                                       const Uri &requestUri,
                                       const NameAddr &to,
                                       OutgoingRequestMessageOptions options = {}) const;

    /// Sends an INVITE through a new InviteUserAgentClient.
    std::shared_ptr<InviteUserAgentClient> invite(Request request,
                                                  OutgoingInviteRequestDelegate *delegate);

    /// Entry point for everything the transport receives.
    void receiveIncomingMessage(ReceivedMessage message);
    /// Sends a response to \a request statelessly, to the address §18.2.2 gives.
    void replyStateless(const Request &request,
                        int statusCode,
                        std::vector<HeaderLine> extraHeaders = {});

    // Registries, kept by the clients and dialogs themselves (non-owning).
    void addUserAgentClient(const std::string &transactionId, UserAgentClient *client);
    void removeUserAgentClient(const std::string &transactionId, UserAgentClient *client);
    void addDialog(const std::string &dialogId, SessionDialog *dialog);
    void removeDialog(const std::string &dialogId, SessionDialog *dialog);
    /// Keeps \a server (owned) under its transaction id until removeUserAgentServer().
    void addUserAgentServer(std::shared_ptr<UserAgentServer> server);
    void removeUserAgentServer(const std::string &transactionId, UserAgentServer *server);
    std::size_t userAgentClientCount() const { return m_userAgentClients.size(); }
    std::size_t userAgentServerCount() const { return m_userAgentServers.size(); }
    std::size_t dialogCount() const { return m_dialogs.size(); }

private:
    void receiveRequest(const Request &request, const Endpoint &source);
    void receiveResponse(const Response &response);
    /// A request that is no retransmission, with the server that answers it.
    void dispatchRequest(const std::shared_ptr<UserAgentServer> &server);
    void receiveCancel(UserAgentServer &server);
    /// The dialog an in-dialog request belongs to (§12.2.2), if any.
    SessionDialog *dialogFor(const Request &request) const;
    void
    receiveUnparseable(std::string_view datagram, std::error_code error, const Endpoint &source);
    /// Fails at once every client transaction still without a response that sends to
    /// \a destination (RFC 3261 §17.1.4), instead of waiting out Timer B or F.
    void destinationUnreachable(const Endpoint &destination, std::error_code error);
    void sendResponse(Response response, const Via &topVia);

    UserAgentCoreConfiguration m_configuration;
    Transport &m_transport;
    TimerFactory &m_timers;
    Logger m_logger;
    UserAgentCoreDelegate *m_delegate = nullptr;
    MessageValidator m_validator;
    std::unordered_map<std::string, UserAgentClient *> m_userAgentClients;
    std::unordered_map<std::string, std::shared_ptr<UserAgentServer>> m_userAgentServers;
    std::unordered_map<std::string, SessionDialog *> m_dialogs;
};

} // namespace sipcore
