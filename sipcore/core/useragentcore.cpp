#include "sipcore/core/useragentcore.h"

#include "sipcore/core/inviteuseragentclient.h"
#include "sipcore/core/inviteuseragentserver.h"
#include "sipcore/core/sessiondialog.h"
#include "sipcore/core/sessionexpires.h"
#include "sipcore/core/subscribeuseragentclient.h"
#include "sipcore/core/useragentclient.h"
#include "sipcore/core/useragentserver.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/nameaddrview.h"
#include "sipcore/transaction/outgoingresponse.h"
#include "sipcore/transport/nexthop.h"
#include "sipcore/transport/serverlocator.h"
#include "sipcore/transport/transporterror.h"
#include "sipcore/util/random.h"

#include <algorithm>

namespace sipcore {

UserAgentCore::UserAgentCore(UserAgentCoreConfiguration configuration,
                             Transport &transport,
                             TimerFactory &timers)
    : m_configuration(std::move(configuration))
    , m_transport(transport)
    , m_timers(timers)
    , m_logger(m_configuration.loggerFactory.getLogger("ringback.sip.core"))
    , m_validator(MessageValidator::Configuration{.allow = std::string(Allow)})
{
    addTransport(transport);
}

UserAgentCore::~UserAgentCore()
{
    for (Transport *transport : m_transports) {
        transport->setReceiveHandler(nullptr);
        transport->setRejectHandler(nullptr);
        transport->setUnreachableHandler(nullptr);
    }
    // A server's destructor unregisters itself: let them go while the map still stands.
    auto servers = std::exchange(m_userAgentServers, {});
    for (auto &[id, server] : servers)
        server->dispose();
    for (auto &[id, transaction] : m_retiredClientTransactions)
        transaction->dispose();
}

void UserAgentCore::setDnsResolver(DnsResolver *resolver)
{
    m_locator.reset();
    if (resolver)
        m_locator = std::make_unique<ServerLocator>(*resolver, protocols());
}

std::vector<std::string> UserAgentCore::protocols() const
{
    std::vector<std::string> protocols;
    for (const Transport *transport : m_transports)
        if (std::find(protocols.begin(), protocols.end(), transport->protocol()) == protocols.end())
            protocols.emplace_back(transport->protocol());
    return protocols;
}

void UserAgentCore::addTransport(Transport &transport)
{
    m_transports.push_back(&transport);
    if (m_locator)
        m_locator->setProtocols(protocols());
    transport.setReceiveHandler(
            [this](ReceivedMessage message) { receiveIncomingMessage(std::move(message)); });
    transport.setRejectHandler([this, &transport](std::string_view datagram, std::error_code error,
                                                  const Endpoint &source) {
        receiveUnparseable(datagram, error, source, transport);
    });
    transport.setUnreachableHandler(
            [this, &transport](const Endpoint &destination, std::error_code error) {
                destinationUnreachable(transport, destination, error);
            });
}

Transport *UserAgentCore::transportFor(std::string_view protocol, const Endpoint &destination) const
{
    // An IPv6 literal has a colon, an IPv4 literal only digits and dots; a name fits either.
    const bool v6 = destination.host.find(':') != std::string::npos;
    const bool v4 = !v6 && destination.host.find_first_not_of("0123456789.") == std::string::npos;
    Transport *any = nullptr;
    for (Transport *transport : m_transports) {
        if (transport->protocol() != protocol)
            continue;
        const bool localV6 = transport->localEndpoint().host.find(':') != std::string::npos;
        if ((v6 && localV6) || (v4 && !localV6))
            return transport;
        if (!any)
            any = transport;
    }
    return any;
}

TransactionContext UserAgentCore::transactionContext(Transport &transport)
{
    return TransactionContext{transport, m_timers, m_configuration.timers,
                              m_configuration.loggerFactory.getLogger("ringback.sip.transaction")};
}

Via UserAgentCore::makeVia(const Transport &transport) const
{
    Via via;
    via.transport = std::string(transport.protocol());
    const Endpoint local = transport.localEndpoint();
    via.host = local.host;
    via.port = local.port;
    via.parameters.set("branch", random::newBranch());
    via.parameters.set("rport");
    return via;
}

Uri UserAgentCore::aor() const
{
    Uri aor = m_configuration.aor;
    if (aor.host.empty()) {
        const Endpoint local = m_transport.localEndpoint();
        aor.host = local.host;
        aor.port = local.port == 5060 ? std::nullopt : std::optional<std::uint16_t>(local.port);
        if (aor.user.empty())
            aor.user = m_configuration.contactUser;
    }
    return aor;
}

NameAddr UserAgentCore::contact(const Transport &transport, std::string_view user) const
{
    const Endpoint local = transport.localEndpoint();
    NameAddr contact;
    contact.uri.user = user.empty() ? m_configuration.contactUser : std::string(user);
    contact.uri.host = local.host;
    contact.uri.port = local.port;
    if (transport.protocol() == "TLS") {
        contact.uri.scheme = "sips"; // §8.1.1.8: a SIPS request carries a SIPS Contact
    } else if (transport.protocol() == "WSS") {
        contact.uri.scheme = "sips"; // RFC 7118 §5.2: WSS is sips: with transport=ws
        contact.uri.parameters.set("transport", "ws");
    } else if (transport.protocol() != "UDP") {
        contact.uri.parameters.set("transport", lexical::lowered(transport.protocol()));
    }
    return contact;
}

Request UserAgentCore::makeOutgoingRequestMessage(std::string_view method,
                                                  const Uri &requestUri,
                                                  const NameAddr &to,
                                                  OutgoingRequestMessageOptions options) const
{
    Request request;
    request.method = std::string(method);
    request.setRequestUri(requestUri);
    for (const NameAddr &route : options.routeSet)
        request.addHeader("Route", route.toString());
    request.addHeader("Max-Forwards", "70");

    NameAddr from = options.from ? *options.from : NameAddr{m_configuration.displayName, aor(), {}};
    from.parameters.set("tag", options.fromTag.empty() ? random::newTag() : options.fromTag);
    request.addHeader("From", from.toString());
    NameAddr toValue = to;
    if (!options.toTag.empty())
        toValue.parameters.set("tag", options.toTag);
    request.addHeader("To", toValue.toString());
    request.addHeader("Call-ID", options.callId.empty() ? random::newCallId() : options.callId);
    request.addHeader("CSeq", std::to_string(options.cseq.value_or(1)) + " " + request.method);
    if (method == "INVITE" || method == "REGISTER" || method == "SUBSCRIBE") {
        const NextHop hop = nextHopFor(request);
        const Transport *transport = transportFor(hop.protocol, hop.endpoint);
        request.addHeader(
                "Contact",
                contact(transport ? *transport : m_transport, options.contactUser).toString());
    }
    request.addHeader("Allow", Allow);
    if (const std::string supported = supportedHeader(); !supported.empty())
        request.addHeader("Supported", supported);
    request.addHeader("User-Agent", m_configuration.userAgent);
    for (const HeaderLine &field : options.extraHeaders)
        request.addHeader(field.name, field.value);
    if (!options.body.empty()) {
        request.addHeader("Content-Type", options.contentType);
        request.setBody(std::move(options.body));
    }
    return request;
}

std::string UserAgentCore::supportedHeader() const
{
    std::string value;
    for (const std::string &option : m_configuration.supported)
        value.append(value.empty() ? "" : ", ").append(option);
    return value;
}

std::shared_ptr<UserAgentClient> UserAgentCore::request(Request request,
                                                        OutgoingRequestDelegate *delegate)
{
    return std::make_shared<UserAgentClient>(UserAgentClient::TransactionKind::NonInvite, *this,
                                             std::move(request), delegate);
}

std::shared_ptr<InviteUserAgentClient>
UserAgentCore::invite(Request request, OutgoingInviteRequestDelegate *delegate)
{
    return std::make_shared<InviteUserAgentClient>(*this, std::move(request), delegate);
}

std::shared_ptr<SubscribeUserAgentClient>
UserAgentCore::subscribe(Request request, OutgoingSubscribeRequestDelegate *delegate)
{
    return std::make_shared<SubscribeUserAgentClient>(*this, std::move(request), delegate);
}

void UserAgentCore::receiveIncomingMessage(ReceivedMessage message)
{
    if (auto *request = std::get_if<Request>(&message.message))
        receiveRequest(*request, message.source,
                       message.transport ? *message.transport : m_transport);
    else
        receiveResponse(std::get<Response>(message.message));
}

void UserAgentCore::receiveResponse(const Response &response)
{
    // §8.1.3.3: more than one Via in a response means it was meant for someone else.
    const auto vias = response.headerValues("Via");
    if (vias.size() != 1) {
        m_logger.warning("dropped a response with " + std::to_string(vias.size()) + " Via values");
        return;
    }
    const auto via = response.topVia();
    const auto cseq = response.cseq();
    if (!via.ok() || !cseq.ok())
        return;
    const std::string id = ClientTransaction::idFor(via->branch().value_or(""), cseq->method);
    if (auto it = m_userAgentClients.find(id); it != m_userAgentClients.end()) {
        it->second->transaction()->receiveResponse(response);
        return;
    }
    if (auto it = m_retiredClientTransactions.find(id); it != m_retiredClientTransactions.end()) {
        const std::shared_ptr<ClientTransaction> transaction = it->second;
        transaction->receiveResponse(response);
        return;
    }
    m_logger.debug("no transaction for response " + std::to_string(response.statusCode) + " " + id);
}

void UserAgentCore::receiveRequest(const Request &request,
                                   const Endpoint &source,
                                   Transport &transport)
{
    if (m_logger.isEnabled(LogLevel::Debug))
        m_logger.debug("received " + request.method + " from " + source.toString());
    if (const auto verdict = m_validator.check(request); !verdict.accepted()) {
        m_logger.info("refused " + request.method + " from " + source.toString() + ": "
                      + verdict.reasonPhrase);
        if (verdict.mustAnswer())
            sendResponse(m_validator.answer(request, verdict, random::newTag()), *request.topVia(),
                         transport, source);
        return;
    }
    // §17.2.3: a retransmission, or the ACK of a final response, belongs to its transaction.
    const std::string id = ServerTransaction::idFor(request);
    if (auto it = m_userAgentServers.find(id);
        it != m_userAgentServers.end() && it->second->transaction()->matches(request)) {
        auto server = it->second; // the transaction may end inside
        server->transaction()->receiveRequest(request);
        return;
    }
    if (request.method == "ACK") {
        if (Dialog *dialog = dialogFor(request))
            dialog->receiveAck(request); // the ACK of a 2xx: a transaction of its own
        return;
    }
    std::shared_ptr<UserAgentServer> server;
    if (request.method == "INVITE")
        server = std::make_shared<InviteUserAgentServer>(*this, request, source, transport);
    else
        server = std::make_shared<UserAgentServer>(*this, request, source, transport);
    server->start();
    dispatchRequest(server);
}

void UserAgentCore::dispatchRequest(const std::shared_ptr<UserAgentServer> &serverPointer)
{
    UserAgentServer &server = *serverPointer;
    const Request &request = server.message();
    if (request.method == "CANCEL") {
        receiveCancel(server);
        return;
    }
    // §8.2.2.2: a request that reached us twice by different paths (a forking proxy), or one
    // of our own requests that came back.
    if (const std::string_view why = loopOrMerge(server); !why.empty()) {
        ResponseOptions options;
        options.reasonPhrase = std::string(why);
        server.reply(482, std::move(options));
        return;
    }
    // §8.2.2.3: every extension the request requires must be ours.
    if (std::string unsupported = unsupportedExtensions(request); !unsupported.empty()) {
        ResponseOptions options;
        options.extraHeaders = {{"Unsupported", std::move(unsupported)}};
        server.reply(420, std::move(options));
        return;
    }
    // RFC 4028 §9: a session timer shorter than ours is too small.
    if (const std::uint32_t minimum = m_configuration.sessionTimer.minimum;
        (request.method == "INVITE" || request.method == "UPDATE")
        && SessionExpires::of(request).value_or(SessionExpires{minimum}).seconds < minimum) {
        ResponseOptions options;
        options.extraHeaders = {{"Min-SE", std::to_string(minimum)}};
        server.reply(422, std::move(options));
        return;
    }
    const auto to = request.toView();
    if (to.ok() && (*to)->tag()) {
        if (Dialog *dialog = dialogFor(request))
            dialog->receiveRequest(server);
        else if (SubscribeUserAgentClient *subscriber = subscriberFor(request))
            subscriber->receiveNotify(server); // RFC 6665 §4.1.2.4: a NOTIFY makes the dialog
        else
            server.reply(481); // §12.2.2: no such dialog
        return;
    }
    dispatchOutOfDialog(serverPointer);
}

void UserAgentCore::dispatchOutOfDialog(const std::shared_ptr<UserAgentServer> &serverPointer)
{
    UserAgentServer &server = *serverPointer;
    const std::string &method = server.message().method;
    if (method == "INVITE") {
        if (m_delegate)
            m_delegate->onInvite(std::static_pointer_cast<InviteUserAgentServer>(serverPointer));
        else
            server.reply(480);
        return;
    }
    if (method == "MESSAGE" && m_delegate && m_delegate->onMessage(serverPointer))
        return;
    if (method == "SUBSCRIBE") {
        if (m_delegate && m_delegate->onSubscribe(serverPointer))
            return;
        ResponseOptions options;
        options.extraHeaders = {{"Allow-Events", std::string(AllowEvents)}};
        server.reply(489, std::move(options)); // RFC 6665 §4.2.1: no such event package
        return;
    }
    ResponseOptions allow;
    allow.extraHeaders = {{"Allow", std::string(Allow)}};
    if (method == "OPTIONS")
        server.reply(200, allow);
    else if (method == "BYE" || method == "INFO" || method == "NOTIFY" || method == "PRACK"
             || method == "UPDATE")
        server.reply(481);
    else
        server.reply(405, allow);
}

std::string UserAgentCore::mergeKey(const Request &request)
{
    // Out of dialog only: From tag, Call-ID and CSeq identify the request beyond the branch.
    const auto to = request.toView();
    const auto from = request.fromView();
    const auto callId = request.callIdView();
    const auto cseq = request.cseqView();
    if (!to.ok() || (*to)->tag() || !from.ok() || !callId.ok() || !cseq.ok())
        return {};
    std::string key(*callId);
    key.append(1, ' ').append((*from)->tag().value_or(""));
    key.append(1, ' ').append(std::to_string((*cseq)->sequence));
    key.append(1, ' ').append((*cseq)->method);
    return key;
}

std::string_view UserAgentCore::loopOrMerge(const UserAgentServer &server) const
{
    const Request &request = server.message();
    bool looped = false;
    request.forEachValue(HeaderId::Via, [&](const HeaderValue &value) {
        const ViaView *via = value.as<ViaView>();
        const auto branch = via ? via->branch() : std::nullopt;
        looped = looped
                 || (branch
                     && m_userAgentClients.count(
                             ClientTransaction::idFor(*branch, request.method)));
    });
    if (looped)
        return "Loop Detected";
    const std::string key = mergeKey(request);
    if (key.empty())
        return {};
    const auto it = m_mergeKeys.find(key);
    if (it != m_mergeKeys.end() && it->second != server.transaction()->id())
        return "Loop Detected: Merged Request";
    return {};
}

bool UserAgentCore::supports(std::string_view option) const
{
    return std::any_of(m_configuration.supported.begin(), m_configuration.supported.end(),
                       [option](const std::string &ours) {
                           return lexical::equalsIgnoringCase(ours, option);
                       });
}

std::string UserAgentCore::unsupportedExtensions(const Request &request) const
{
    if (request.method == "ACK" || request.method == "CANCEL")
        return {};
    std::string unsupported;
    for (std::string_view option : request.headerValues("Require")) {
        if (supports(option))
            continue;
        if (!unsupported.empty())
            unsupported += ", ";
        unsupported += option;
    }
    return unsupported;
}

void UserAgentCore::receiveCancel(UserAgentServer &server)
{
    // §9.2: the CANCEL's id with INVITE as method is that of the INVITE it cancels.
    const Request &cancel = server.message();
    auto it = m_userAgentServers.find(ServerTransaction::idFor(cancel, "INVITE"));
    if (it == m_userAgentServers.end() || !it->second->transaction()->matches(cancel)) {
        server.reply(481);
        return;
    }
    auto invite = it->second;
    server.reply(200);
    invite->receiveCancel(cancel);
}

Dialog *UserAgentCore::dialogFor(const Request &request) const
{
    const auto to = request.toView();
    const auto from = request.fromView();
    const auto callId = request.callIdView();
    if (!to.ok() || !from.ok() || !callId.ok())
        return nullptr;
    const std::string id
            = Dialog::makeId(*callId, (*to)->tag().value_or(""), (*from)->tag().value_or(""));
    auto it = m_dialogs.find(id);
    return it == m_dialogs.end() ? nullptr : it->second;
}

SubscribeUserAgentClient *UserAgentCore::subscriberFor(const Request &notify) const
{
    const auto to = notify.toView();
    const auto callId = notify.callIdView();
    if (notify.method != "NOTIFY" || !to.ok() || !callId.ok())
        return nullptr;
    const auto it = m_subscribers.find(
            SubscribeUserAgentClient::subscriberKey(*callId, (*to)->tag().value_or("")));
    return it == m_subscribers.end() ? nullptr : it->second;
}

void UserAgentCore::receiveUnparseable(std::string_view datagram,
                                       std::error_code error,
                                       const Endpoint &source,
                                       Transport &transport)
{
    auto answer = m_validator.answerUnparseable(datagram, error, random::newTag());
    if (!answer)
        return; // a response, an ACK, or nothing to answer to: dropped
    stampReceived(answer->topVia, source);
    m_logger.info("answered an unparseable request from " + source.toString() + " with "
                  + std::to_string(answer->response.statusCode) + " "
                  + answer->response.reasonPhrase);
    sendResponse(std::move(answer->response), answer->topVia, transport, source);
}

void UserAgentCore::destinationUnreachable(Transport &transport,
                                           const Endpoint &destination,
                                           std::error_code error)
{
    // An ICMP error cannot say which datagram it answers: a transaction that has heard from
    // its peer is alive, whatever else failed on the way there. A lost connection takes every
    // response still to come over it with it.
    const bool connectionLost = error == TransportError::ConnectionReset
                                || error == TransportError::ConnectionClosedByPeer
                                || error == TransportError::KeepAliveFailed;
    std::vector<std::shared_ptr<UserAgentClient>> waiting;
    for (const auto &[id, client] : m_userAgentClients) {
        ClientTransaction *transaction = client->transaction();
        const TransactionState state = transaction->state();
        if (&transaction->transport() == &transport && transaction->destination() == destination
            && (state == TransactionState::Calling || state == TransactionState::Trying
                || (connectionLost && state == TransactionState::Proceeding)))
            waiting.push_back(client->shared_from_this());
    }
    for (const auto &client : waiting)
        client->transaction()->transportFailed(error);
}

void UserAgentCore::sendResponse(Response response,
                                 const Via &topVia,
                                 Transport &transport,
                                 const Endpoint &source)
{
    response.addHeader("Server", m_configuration.userAgent);
    transport.send(response.serialize(),
                   transport.isReliable() ? source : responseDestinationFor(topVia), nullptr);
}

void UserAgentCore::addUserAgentClient(const std::string &transactionId, UserAgentClient *client)
{
    m_userAgentClients[transactionId] = client;
}

void UserAgentCore::removeUserAgentClient(const std::string &transactionId, UserAgentClient *client)
{
    auto it = m_userAgentClients.find(transactionId);
    if (it != m_userAgentClients.end() && it->second == client)
        m_userAgentClients.erase(it);
}

void UserAgentCore::setCredentials(std::vector<Credentials> credentials)
{
    m_credentials = std::move(credentials);
    m_authentications.clear();
}

const Credentials *UserAgentCore::credentialsFor(std::string_view realm,
                                                 std::string_view identity) const
{
    const Credentials *any = nullptr;
    for (const Credentials &credentials : m_credentials) {
        if (!credentials.identity.empty() && credentials.identity != identity)
            continue;
        if (credentials.realm == realm)
            return &credentials;
        if (credentials.realm.empty() && !any)
            any = &credentials;
    }
    return any;
}

namespace {

/// The key of the challenges answered for one identity at one host.
std::string authenticationKey(std::string_view host, std::string_view identity)
{
    std::string key = lexical::lowered(host);
    key += ' ';
    key += identity;
    return key;
}

} // namespace

std::span<DigestAuthentication> UserAgentCore::authenticationsFor(std::string_view host,
                                                                  std::string_view identity)
{
    const auto it = m_authentications.find(authenticationKey(host, identity));
    return it == m_authentications.end() ? std::span<DigestAuthentication>()
                                         : std::span<DigestAuthentication>(it->second);
}

void UserAgentCore::rememberAuthentication(std::string_view host,
                                           std::string_view identity,
                                           DigestAuthentication authentication)
{
    auto &known = m_authentications[authenticationKey(host, identity)];
    std::erase_if(known, [&authentication](const DigestAuthentication &old) {
        return old.challenge().realm == authentication.challenge().realm
               && old.challenge().proxy == authentication.challenge().proxy;
    });
    known.push_back(std::move(authentication));
}

void UserAgentCore::keepUntilTerminated(std::shared_ptr<ClientTransaction> transaction)
{
    std::erase_if(m_retiredClientTransactions, [](const auto &entry) {
        return entry.second->state() == TransactionState::Terminated;
    });
    if (transaction->state() == TransactionState::Terminated) {
        transaction->dispose();
        return;
    }
    transaction->setUser(&m_retiredUser);
    m_retiredClientTransactions[transaction->id()] = std::move(transaction);
}

void UserAgentCore::addUserAgentServer(std::shared_ptr<UserAgentServer> server)
{
    const std::string &id = server->transaction()->id();
    if (std::string key = mergeKey(server->message()); !key.empty())
        m_mergeKeys.try_emplace(std::move(key), id); // the first arrival keeps it
    m_userAgentServers[id] = std::move(server);
}

void UserAgentCore::removeUserAgentServer(const std::string &transactionId, UserAgentServer *server)
{
    auto it = m_userAgentServers.find(transactionId);
    if (it == m_userAgentServers.end() || it->second.get() != server)
        return;
    auto keep = std::move(it->second); // released after the erase: its destructor calls back
    m_userAgentServers.erase(it);
    if (std::string key = mergeKey(keep->message()); !key.empty()) {
        const auto merge = m_mergeKeys.find(key);
        if (merge != m_mergeKeys.end() && merge->second == transactionId)
            m_mergeKeys.erase(merge);
    }
}

void UserAgentCore::addDialog(const std::string &dialogId, Dialog *dialog)
{
    m_dialogs[dialogId] = dialog;
}

void UserAgentCore::removeDialog(const std::string &dialogId, Dialog *dialog)
{
    auto it = m_dialogs.find(dialogId);
    if (it != m_dialogs.end() && it->second == dialog)
        m_dialogs.erase(it);
}

void UserAgentCore::addSubscriber(const std::string &key, SubscribeUserAgentClient *client)
{
    m_subscribers[key] = client;
}

void UserAgentCore::removeSubscriber(const std::string &key, SubscribeUserAgentClient *client)
{
    auto it = m_subscribers.find(key);
    if (it != m_subscribers.end() && it->second == client)
        m_subscribers.erase(it);
}

} // namespace sipcore
