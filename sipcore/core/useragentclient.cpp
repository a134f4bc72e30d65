#include "sipcore/core/useragentclient.h"

#include "sipcore/core/canceluseragentclient.h"
#include "sipcore/core/coreerror.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/transaction/inviteclienttransaction.h"
#include "sipcore/transaction/noninviteclienttransaction.h"
#include "sipcore/transaction/outgoingresponse.h"
#include "sipcore/transport/nexthop.h"
#include "sipcore/transport/transporterror.h"
#include "sipcore/util/random.h"

#include <algorithm>

namespace sipcore {

UserAgentClient::UserAgentClient(TransactionKind kind,
                                 UserAgentCore &core,
                                 Request message,
                                 OutgoingRequestDelegate *delegate,
                                 std::optional<ServerTarget> target)
    : m_core(core)
    , m_delegate(delegate)
    , m_logger(core.loggerFactory().getLogger("ringback.sip.core"))
    , m_kind(kind)
    , m_request(std::move(message))
    , m_alive(std::make_shared<bool>(true))
    , m_cancelGuard(core.timers().createTimer())
{
    const Uri hopUri = nextHopUri(m_request);
    m_hopHost = hopUri.host;
    NextHop hop = nextHopFor(hopUri);
    m_transportRequired = hop.required;
    if (auto via = m_request.topVia(); via.ok()) {
        hop.protocol = via->transport; // a CANCEL goes where its INVITE went (§9.1)
        m_transportRequired = true;
    }
    if (target) {
        m_targets.push_back(std::move(*target));
        startTransaction();
        return;
    }
    ServerLocator *locator = core.serverLocator();
    if (!locator || m_request.hasHeader("Via")
        || ServerLocator::isIpAddress(
                std::string(hopUri.parameters.get("maddr").value_or(hopUri.host)))) {
        // An IP address needs no DNS; without a locator the transport looks names up.
        m_targets.push_back(ServerTarget{hop.endpoint, hop.protocol, {}});
        startTransaction();
        return;
    }
    m_logger.debug("locating " + hopUri.host + " for " + m_request.method);
    locator->locate(hopUri, [this, alive = m_alive](std::vector<ServerTarget> targets) {
        if (*alive)
            located(std::move(targets));
    });
}

void UserAgentClient::located(std::vector<ServerTarget> targets)
{
    if (m_cancelRequest)
        return; // the 487 is on its way
    if (targets.empty()) {
        const std::string &host = m_hopHost;
        m_logger.warning("server location found no target for " + host);
        auto self = shared_from_this();
        m_disposed = true;
        dispatchResponse(syntheticResponse(503, "Server unreachable: " + host + " not found"));
        return;
    }
    m_targets = std::move(targets);
    startTransaction();
}

void UserAgentClient::startTransaction(bool nextTarget)
{
    const ServerTarget &target
            = nextTarget ? m_targets[m_nextTarget++] : m_targets[m_nextTarget - 1];
    Request message = m_request;
    if (message.method != "ACK" && message.method != "CANCEL"
        && m_core.remembersAuthentications()) {
        const std::string uri = message.requestUri().toString();
        for (DigestAuthentication &authentication :
             m_core.authenticationsFor(m_hopHost, identity())) {
            if (!message.hasHeader(authentication.headerName()))
                message.addHeader(authentication.headerName(),
                                  authentication.authorize(message.method, uri, message.body()));
        }
    }
    Transport *transport = m_core.transportFor(target.protocol, target.endpoint);
    if (transport && !message.hasHeader("Via")) {
        message.prependHeader("Via", m_core.makeVia(*transport).toString());
        // §18.1.1: over 1300 bytes with the path MTU unknown, a congestion-controlled
        // transport; the top Via then says so.
        if (!m_transportRequired && !transport->isReliable() && message.serialize().size() > 1300) {
            if (Transport *tcp = m_core.transportFor("TCP", target.endpoint)) {
                transport = tcp;
                message.setTopVia(m_core.makeVia(*tcp));
            }
        }
    }
    if (transport && !target.serverName.empty())
        transport->nameDestination(target.endpoint, target.serverName);
    ClientTransactionUser *user = this;
    // Without a transport for the protocol the transaction never sends: it fails as soon as
    // the caller can hear of it (never inside this constructor).
    TransactionContext context
            = m_core.transactionContext(transport ? *transport : m_core.transport());
    if (m_kind == TransactionKind::Invite)
        m_transaction = std::make_shared<InviteClientTransaction>(
                std::move(message), target.endpoint, std::move(context), user);
    else
        m_transaction = std::make_shared<NonInviteClientTransaction>(
                std::move(message), target.endpoint, std::move(context), user);
    m_core.addUserAgentClient(m_transaction->id(), this);
    if (!transport) {
        m_missingProtocol = target.protocol;
        m_logger.warning("no " + target.protocol + " transport for " + target.endpoint.toString());
        m_cancelGuard->start(Duration::zero(), [this] {
            m_transaction->transportFailed(TransportError::NoTransport);
        });
        return;
    }
    if (m_logger.isEnabled(LogLevel::Debug))
        m_logger.debug("sending " + m_request.method + " over " + std::string(transport->protocol())
                       + " to " + target.endpoint.toString());
    m_transaction->start();
}

bool UserAgentClient::failOver(std::string_view why)
{
    if (m_disposed || m_cancelRequest || m_nextTarget >= m_targets.size())
        return false;
    m_logger.info(m_transaction->id() + ": " + std::string(why) + " from "
                  + m_transaction->destination().toString() + ", trying "
                  + m_targets[m_nextTarget].endpoint.toString() + " (RFC 3263 §4.3)");
    // The old transaction is the core's from here: after a 503 it still acknowledges a
    // retransmission of it (§17.1.1.2, Completed) until Timer D ends it.
    m_cancelGuard->cancel();
    m_core.removeUserAgentClient(m_transaction->id(), this);
    m_core.keepUntilTerminated(std::move(m_transaction));
    startTransaction();
    return true;
}

UserAgentClient::~UserAgentClient()
{
    dispose();
}

const LoggerFactory &UserAgentClient::loggerFactory() const
{
    return m_core.loggerFactory();
}

void UserAgentClient::dispose()
{
    *m_alive = false;
    if (m_disposed)
        return;
    m_disposed = true;
    m_cancelGuard->cancel();
    if (m_transaction) {
        m_transaction->dispose();
        m_core.removeUserAgentClient(m_transaction->id(), this);
    }
}

Result<Request> UserAgentClient::cancel(std::string_view reason, CancelOptions options)
{
    const Request &invite = message();
    if (invite.method != "INVITE")
        return CoreError::NotCancellable;
    if (m_cancelRequest)
        return *m_cancelRequest; // hang up twice, CANCEL once
    if (m_disposed)
        return CoreError::Disposed;
    const TransactionState state
            = m_transaction ? m_transaction->state() : TransactionState::Calling;
    if (state != TransactionState::Calling && state != TransactionState::Proceeding)
        return CoreError::AlreadyFinal;

    // §9.1: same Request-URI, Call-ID, To, From, CSeq number and top Via (so the branch
    // matches the INVITE server transaction), and the same Route header fields.
    Request cancel;
    cancel.method = "CANCEL";
    cancel.setRequestUri(invite.requestUri());
    if (m_transaction)
        cancel.addHeader("Via", invite.headerValues("Via").front());
    for (std::string_view route : invite.headerValues("Route"))
        cancel.addHeader("Route", route);
    cancel.addHeader("Max-Forwards", "70");
    cancel.addHeader("From", *invite.header("From"));
    cancel.addHeader("To", *invite.header("To"));
    cancel.addHeader("Call-ID", *invite.header("Call-ID"));
    cancel.addHeader("CSeq", std::to_string(invite.cseq()->sequence) + " CANCEL");
    if (!reason.empty())
        cancel.addHeader("Reason", reason);
    for (const HeaderLine &field : options.extraHeaders)
        cancel.addHeader(field.name, field.value);
    m_cancelRequest = cancel;

    if (!m_transaction) {
        // Still locating the server: nothing left, nothing to cancel but the wait.
        m_logger.debug("INVITE cancelled while its server was being located");
        m_cancelGuard->start(Duration::zero(), [this] {
            auto self = shared_from_this();
            m_disposed = true;
            *m_alive = false;
            dispatchResponse(syntheticResponse(487));
        });
    } else if (state == TransactionState::Proceeding)
        sendCancel();
    else
        m_logger.debug(m_transaction->id() + ": CANCEL waits for a provisional response");
    return cancel;
}

void UserAgentClient::sendCancel()
{
    m_cancelSent = true;
    const std::string protocol(m_transaction->transport().protocol());
    const auto &current = m_targets[m_nextTarget - 1];
    m_cancelClient = std::make_shared<CancelUserAgentClient>(
            m_core, *m_cancelRequest, nullptr,
            ServerTarget{m_transaction->destination(), protocol, current.serverName});
    m_cancelGuard->start(m_core.configuration().timers.timerB(), [this] {
        const TransactionState state = m_transaction->state();
        if (state != TransactionState::Calling && state != TransactionState::Proceeding)
            return;
        m_logger.info(m_transaction->id()
                      + ": no final response 64*T1 after CANCEL, giving the INVITE up");
        auto self = shared_from_this();
        m_transaction->dispose();
        m_core.removeUserAgentClient(m_transaction->id(), this);
        dispatchResponse(syntheticResponse(408));
    });
}

const std::string &UserAgentClient::identity()
{
    if (m_identity.empty()) {
        if (auto from = m_request.fromView(); from.ok())
            m_identity = Credentials::identityOf(Uri::from((*from)->uri));
    }
    return m_identity;
}

bool UserAgentClient::authenticate(const Response &response)
{
    if (m_disposed || m_cancelRequest || m_authenticationAttempts >= 3)
        return false;
    const auto challenge = DigestChallenge::strongest(response);
    if (!challenge)
        return false;
    const Credentials *credentials = m_core.credentialsFor(challenge->realm, identity());
    const bool answered
            = std::find(m_answeredRealms.begin(), m_answeredRealms.end(), challenge->realm)
              != m_answeredRealms.end();
    if (!credentials || (answered && !challenge->stale)) {
        m_logger.info(m_transaction->id() + ": " + std::to_string(response.statusCode)
                      + " for realm \"" + challenge->realm + "\": "
                      + (credentials ? "the credentials were refused" : "no credentials for it"));
        return false;
    }
    ++m_authenticationAttempts;
    if (!answered)
        m_answeredRealms.push_back(challenge->realm);
    m_logger.info(m_transaction->id() + ": answering the " + challenge->algorithmName()
                  + " challenge of realm \"" + challenge->realm + "\"");
    m_core.rememberAuthentication(m_hopHost, identity(),
                                  DigestAuthentication(*credentials, *challenge));
    // §22.2: a new request, CSeq one up; the challenged transaction stays with the core to
    // absorb (and for an INVITE, ACK again) a retransmitted challenge.
    const auto cseq = m_transaction->request().cseq();
    m_request.setHeader("CSeq", std::to_string(cseq.ok() ? cseq->sequence + 1 : 1) + " "
                                        + m_request.method);
    m_request.removeHeader("Authorization");
    m_request.removeHeader("Proxy-Authorization");
    m_cancelGuard->cancel();
    m_core.removeUserAgentClient(m_transaction->id(), this);
    m_core.keepUntilTerminated(std::move(m_transaction));
    startTransaction(false);
    return true;
}

void UserAgentClient::receiveResponse(const Response &response)
{
    if (m_disposed)
        return;
    if (response.statusCode == 503 && failOver("503"))
        return;
    if ((response.statusCode == 401 || response.statusCode == 407) && authenticate(response))
        return;
    if (response.statusCode >= 200)
        m_cancelGuard->cancel();
    auto self = shared_from_this(); // the delegate may drop its last reference
    dispatchResponse(response);
}

void UserAgentClient::onRequestTimeout()
{
    if (m_disposed || failOver("no response"))
        return;
    auto self = shared_from_this();
    m_cancelGuard->cancel();
    dispatchResponse(syntheticResponse(408));
}

void UserAgentClient::onTransportError(std::error_code error)
{
    if (m_disposed || failOver(error.message()))
        return;
    m_logger.warning(m_transaction->id() + ": " + error.message());
    auto self = shared_from_this();
    m_cancelGuard->cancel();
    // The reason phrase is what the call shows: what failed, and where.
    const std::string where = m_transaction->destination().toString();
    if (error == TransportError::NoTransport) {
        dispatchResponse(syntheticResponse(503, "Server unreachable: no " + m_missingProtocol
                                                        + " transport for " + where));
        return;
    }
    // A connection that was open and went away is lost, not unreachable: the peer was reached
    // and may have answered already (a reset while ringing).
    const bool lost = error == TransportError::ConnectionReset
                      || error == TransportError::ConnectionClosedByPeer
                      || error == TransportError::KeepAliveFailed;
    dispatchResponse(syntheticResponse(
            503, (lost ? "Connection lost: " : "Server unreachable: ") + error.message()
                         + (lost || error == TransportError::ConnectionRefused ? " by " : " for ")
                         + where));
}

void UserAgentClient::onStateChange(TransactionState state)
{
    if (state == TransactionState::Proceeding && m_cancelRequest && !m_cancelSent) {
        sendCancel();
    } else if (state == TransactionState::Terminated && m_transaction) {
        m_core.removeUserAgentClient(m_transaction->id(), this);
    }
}

void UserAgentClient::dispatchResponse(const Response &response)
{
    if (!m_delegate)
        return;
    const int code = response.statusCode;
    if (code == 100)
        m_delegate->onTrying(response);
    else if (code < 200)
        m_delegate->onProgress(response);
    else if (code < 300)
        m_delegate->onAccept(response);
    else if (code < 400)
        m_delegate->onRedirect(response);
    else
        m_delegate->onReject(response);
}

Response UserAgentClient::syntheticResponse(int statusCode, std::string_view reasonPhrase) const
{
    return makeResponse(message(), statusCode, {}, reasonPhrase);
}

} // namespace sipcore
