#pragma once

#include "sipcore/core/digestauthentication.h"
#include "sipcore/core/useragentcoreconfiguration.h"
#include "sipcore/core/useragentcoredelegate.h"
#include "sipcore/syntax/messagevalidator.h"
#include "sipcore/transaction/clienttransaction.h"
#include "sipcore/transaction/servertransaction.h"
#include "sipcore/transaction/silentclienttransactionuser.h"
#include "sipcore/transport/transport.h"

#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

namespace sipcore {

class Dialog;
class DnsResolver;
class InviteUserAgentClient;
class OutgoingInviteRequestDelegate;
class OutgoingRequestDelegate;
class OutgoingSubscribeRequestDelegate;
class ServerLocator;
class SubscribeUserAgentClient;
class UserAgentClient;
class UserAgentServer;

/// Options for makeOutgoingRequestMessage (SIP.js's OutgoingRequestMessageOptions).
struct OutgoingRequestMessageOptions
{
    /// Our identity (From without its tag); the configured AOR when unset.
    std::optional<NameAddr> from;
    /// The user part of our Contact; the configured contactUser when empty.
    std::string contactUser;
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
/// called there. The transports and timer factory outlive it.
///
/// It sends and receives over any number of transports, one per protocol and address family
/// (RFC 3261 §18): a request goes over the transport its next hop names (nextHopFor), a UDP
/// request larger than 1300 bytes over TCP when it may (§18.1.1), and a response over the
/// transport its request came on.
///
/// An INVITE or UPDATE whose Session-Expires is below our Min-SE gets 422 with Min-SE (RFC 4028
/// §9), after the 420 check.
///
/// Every request first passes MessageValidator (RFC 4475: 400 naming the problem, 416, 501
/// with Allow), and a datagram the parser refused gets the stateless answer it allows (400,
/// 505, 501), or none. A request that matches a server transaction (§17.2.3) goes to it: a
/// retransmission is answered again, the ACK of a non-2xx final is absorbed. Every other
/// request except ACK gets a UserAgentServer, and so a server transaction: a CANCEL is
/// answered 200 and its INVITE 487 (§9.2), or 481 when it matches no INVITE; an in-dialog
/// request goes to its dialog, or gets 481. Out of dialog: INVITE → the delegate (480 without
/// one); MESSAGE → the delegate (405 with Allow when it takes none); SUBSCRIBE → the delegate
/// (489 with Allow-Events when it takes none, RFC 6665 §4.2.1); OPTIONS → 200 with Allow; BYE,
/// INFO (RFC 6086 §4.2.2), PRACK (RFC 3262 §3) and UPDATE (RFC 3311 §5.2) → 481; NOTIFY → the
/// SUBSCRIBE it answers (SubscribeUserAgentClient), else 481 (RFC 6665 §4.1.3); other methods
/// → 405 with Allow. An ACK matching no transaction goes to its dialog, or is dropped.
class UserAgentCore
{
public:
    UserAgentCore(UserAgentCoreConfiguration configuration,
                  Transport &transport,
                  TimerFactory &timers);
    ~UserAgentCore();
    UserAgentCore(const UserAgentCore &) = delete;
    UserAgentCore &operator=(const UserAgentCore &) = delete;

    static constexpr std::string_view Allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, "
                                              "NOTIFY, MESSAGE, PRACK, UPDATE, SUBSCRIBE";
    /// The event packages we act as notifier for (RFC 6665 §8.2.2): the implicit subscription
    /// of a REFER we accepted.
    static constexpr std::string_view AllowEvents = "refer";

    const UserAgentCoreConfiguration &configuration() const { return m_configuration; }
    /// Where out-of-dialog INVITEs go; without a delegate they are answered 480.
    void setDelegate(UserAgentCoreDelegate *delegate) { m_delegate = delegate; }
    const LoggerFactory &loggerFactory() const { return m_configuration.loggerFactory; }
    /// The transport given to the constructor: our address when nothing else says which.
    Transport &transport() { return m_transport; }
    /// Adds a transport to send and receive on; it outlives the core.
    void addTransport(Transport &transport);
    /// Locates servers with \a resolver from now on (RFC 3263), which outlives the core;
    /// nullptr stops that. Without one, a domain goes to the transport, which looks up its
    /// address with the system's resolver.
    void setDnsResolver(DnsResolver *resolver);
    /// The locator over the resolver set, nullptr without one.
    ServerLocator *serverLocator() const { return m_locator.get(); }
    /// The protocols of the transports, in the order they were added (our preference).
    std::vector<std::string> protocols() const;
    /// The transport that carries \a protocol ("UDP", "TCP", …) to \a destination: one whose
    /// address family fits an IP literal destination, else the first for the protocol;
    /// nullptr when there is none.
    Transport *transportFor(std::string_view protocol, const Endpoint &destination) const;
    TimerFactory &timers() { return m_timers; }
    /// What a new transaction over \a transport needs.
    TransactionContext transactionContext(Transport &transport);
    /// The same over transport().
    TransactionContext transactionContext() { return transactionContext(m_transport); }
    /// A top Via for a new request sent over \a transport: its protocol and address, a new
    /// branch and an empty rport (RFC 3581).
    Via makeVia(const Transport &transport) const;

    /// Our address of record with the transport's address filled in where it is empty.
    Uri aor() const;
    /// Our Contact at \a transport: <sip:contactUser@address>, with ;transport= unless UDP;
    /// a sips: URI for TLS (RFC 3261 §8.1.1.8, RFC 5630 §3.2), sips: with transport=ws for WSS
    /// (RFC 7118 §5.2). \a user replaces contactUser when not empty.
    NameAddr contact(const Transport &transport, std::string_view user = {}) const;
    /// Our Contact at transport().
    NameAddr contact() const { return contact(m_transport); }

    /// Builds an out-of-dialog request (RFC 3261 §8.1.1) from our AOR to \a to, with our
    /// Contact at the transport it will go over for INVITE, REGISTER and SUBSCRIBE. Via is added by
    /// the user-agent client that sends it.
    Request makeOutgoingRequestMessage(std::string_view method,
                                       const Uri &requestUri,
                                       const NameAddr &to,
                                       OutgoingRequestMessageOptions options = {}) const;

    /// The option tags we support, as the value of a Supported header; empty when none.
    std::string supportedHeader() const;
    /// Whether we support the option tag \a option (compared ignoring case).
    bool supports(std::string_view option) const;

    /// Sends a request other than INVITE, ACK and CANCEL (OPTIONS, REGISTER, …) through a new
    /// non-INVITE UserAgentClient (SIP.js's UserAgentCore.request).
    std::shared_ptr<UserAgentClient> request(Request request, OutgoingRequestDelegate *delegate);
    /// Sends an INVITE through a new InviteUserAgentClient.
    std::shared_ptr<InviteUserAgentClient> invite(Request request,
                                                  OutgoingInviteRequestDelegate *delegate);
    /// Sends an initial SUBSCRIBE (RFC 6665) through a new SubscribeUserAgentClient; the
    /// request should carry Event, Expires and our Contact.
    std::shared_ptr<SubscribeUserAgentClient> subscribe(Request request,
                                                        OutgoingSubscribeRequestDelegate *delegate);

    /// The secrets to answer Digest challenges with (RFC 7616); replaces any given before.
    void setCredentials(std::vector<Credentials> credentials);
    /// The credentials for \a realm whose identity is \a identity (Credentials::identityOf the
    /// request's From) or anybody's: those naming the realm first, then those for any realm;
    /// nullptr when there are none.
    const Credentials *credentialsFor(std::string_view realm, std::string_view identity) const;
    /// The challenges answered for \a identity's requests to \a host (the next hop's host),
    /// for the credentials of the next such request: each use counts up its nonce count, so a
    /// refresh needs no new challenge (RFC 7616 §3.4.5). Empty when none were.
    std::span<DigestAuthentication> authenticationsFor(std::string_view host,
                                                       std::string_view identity);
    /// False until a challenge was answered: then no request needs authenticationsFor().
    bool remembersAuthentications() const { return !m_authentications.empty(); }
    /// Keeps \a authentication for \a identity's requests to \a host, instead of one for the
    /// same realm and kind (WWW or proxy).
    void rememberAuthentication(std::string_view host,
                                std::string_view identity,
                                DigestAuthentication authentication);

    /// Entry point for everything the transport receives.
    void receiveIncomingMessage(ReceivedMessage message);
    // Registries, kept by the clients and dialogs themselves (non-owning).
    void addUserAgentClient(const std::string &transactionId, UserAgentClient *client);
    void removeUserAgentClient(const std::string &transactionId, UserAgentClient *client);
    void addDialog(const std::string &dialogId, Dialog *dialog);
    void removeDialog(const std::string &dialogId, Dialog *dialog);
    void addSubscriber(const std::string &key, SubscribeUserAgentClient *client);
    void removeSubscriber(const std::string &key, SubscribeUserAgentClient *client);
    /// Keeps \a server (owned) under its transaction id until removeUserAgentServer().
    void addUserAgentServer(std::shared_ptr<UserAgentServer> server);
    void removeUserAgentServer(const std::string &transactionId, UserAgentServer *server);
    /// Takes over \a transaction, whose user has moved on to another target (RFC 3263 §4.3
    /// after a 503): responses that match it still reach it, so that a retransmitted final
    /// response is acknowledged again, until it terminates.
    void keepUntilTerminated(std::shared_ptr<ClientTransaction> transaction);
    std::size_t userAgentClientCount() const { return m_userAgentClients.size(); }
    std::size_t userAgentServerCount() const { return m_userAgentServers.size(); }
    std::size_t dialogCount() const { return m_dialogs.size(); }
    std::size_t subscriberCount() const { return m_subscribers.size(); }

private:
    void receiveRequest(const Request &request, const Endpoint &source, Transport &transport);
    void receiveResponse(const Response &response);
    /// A request that is no retransmission, with the server that answers it.
    void dispatchRequest(const std::shared_ptr<UserAgentServer> &server);
    void receiveCancel(UserAgentServer &server);
    /// Call-ID, From tag and CSeq of an out-of-dialog request (§8.2.2.2); empty otherwise.
    static std::string mergeKey(const Request &request);
    /// The reason phrase of a 482 when the request of \a server came back to us (a Via with
    /// the branch of one of our client transactions) or is a second copy of a request that an
    /// ongoing server transaction already has (merged, §8.2.2.2); empty otherwise.
    std::string_view loopOrMerge(const UserAgentServer &server) const;
    /// The option tags of Require we do not support, comma-separated (§8.2.2.3); empty when
    /// there are none, and always for ACK and CANCEL.
    std::string unsupportedExtensions(const Request &request) const;
    /// The dialog an in-dialog request belongs to (§12.2.2), if any.
    Dialog *dialogFor(const Request &request) const;
    /// The SUBSCRIBE a NOTIFY outside any dialog answers (its To tag is the SUBSCRIBE's From
    /// tag), if any.
    SubscribeUserAgentClient *subscriberFor(const Request &notify) const;
    /// An out-of-dialog request, once every check has passed.
    void dispatchOutOfDialog(const std::shared_ptr<UserAgentServer> &server);
    void receiveUnparseable(std::string_view datagram,
                            std::error_code error,
                            const Endpoint &source,
                            Transport &transport);
    /// Fails at once every client transaction over \a transport still without a response
    /// that sends to \a destination (RFC 3261 §17.1.4), instead of waiting out Timer B or F.
    void destinationUnreachable(Transport &transport,
                                const Endpoint &destination,
                                std::error_code error);
    /// Sends a response without a transaction, over the transport its request came on
    /// (§18.2.2: back to \a source on a stream, to the Via's address over UDP).
    void sendResponse(Response response,
                      const Via &topVia,
                      Transport &transport,
                      const Endpoint &source);

    UserAgentCoreConfiguration m_configuration;
    Transport &m_transport;
    std::vector<Transport *> m_transports; // m_transport first
    std::unique_ptr<ServerLocator> m_locator;
    TimerFactory &m_timers;
    Logger m_logger;
    UserAgentCoreDelegate *m_delegate = nullptr;
    MessageValidator m_validator;
    std::unordered_map<std::string, UserAgentClient *> m_userAgentClients;
    std::unordered_map<std::string, std::shared_ptr<UserAgentServer>> m_userAgentServers;
    std::unordered_map<std::string, std::shared_ptr<ClientTransaction>> m_retiredClientTransactions;
    std::vector<Credentials> m_credentials;
    std::unordered_map<std::string, std::vector<DigestAuthentication>> m_authentications;
    /// mergeKey() of each out-of-dialog request being served, to its transaction id.
    std::unordered_map<std::string, std::string> m_mergeKeys;
    SilentClientTransactionUser m_retiredUser;
    std::unordered_map<std::string, Dialog *> m_dialogs;
    std::unordered_map<std::string, SubscribeUserAgentClient *> m_subscribers;
};

} // namespace sipcore
