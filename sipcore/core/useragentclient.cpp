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

namespace sipcore {

UserAgentClient::UserAgentClient(TransactionKind kind,
                                 UserAgentCore &core,
                                 Request message,
                                 OutgoingRequestDelegate *delegate)
    : m_core(core)
    , m_delegate(delegate)
    , m_logger(core.loggerFactory().getLogger("ringback.sip.core"))
    , m_cancelGuard(core.timers().createTimer())
{
    NextHop hop = nextHopFor(message);
    if (auto via = message.topVia(); via.ok()) {
        hop.protocol = via->transport; // a CANCEL goes where its INVITE went (§9.1)
        hop.required = true;
    }
    Transport *transport = core.transportFor(hop.protocol, hop.endpoint);
    if (transport && !message.hasHeader("Via")) {
        message.prependHeader("Via", core.makeVia(*transport).toString());
        // §18.1.1: over 1300 bytes with the path MTU unknown, a congestion-controlled
        // transport; the top Via then says so.
        if (!hop.required && !transport->isReliable() && message.serialize().size() > 1300) {
            if (Transport *tcp = core.transportFor("TCP", hop.endpoint)) {
                transport = tcp;
                message.setTopVia(core.makeVia(*tcp));
            }
        }
    }
    const Endpoint destination = hop.endpoint;
    ClientTransactionUser *user = this;
    // Without a transport for the protocol the transaction never sends: it fails as soon as
    // the caller can hear of it (never inside this constructor).
    TransactionContext context = core.transactionContext(transport ? *transport : core.transport());
    if (kind == TransactionKind::Invite)
        m_transaction = std::make_shared<InviteClientTransaction>(std::move(message), destination,
                                                                  std::move(context), user);
    else
        m_transaction = std::make_shared<NonInviteClientTransaction>(
                std::move(message), destination, std::move(context), user);
    m_core.addUserAgentClient(m_transaction->id(), this);
    if (!transport) {
        m_missingProtocol = hop.protocol;
        m_logger.warning("no " + hop.protocol + " transport for " + destination.toString());
        m_cancelGuard->start(Duration::zero(), [this] {
            m_transaction->transportFailed(TransportError::NoTransport);
        });
        return;
    }
    if (m_logger.isEnabled(LogLevel::Debug))
        m_logger.debug("sending " + m_transaction->request().method + " over "
                       + std::string(transport->protocol()) + " to " + destination.toString());
    m_transaction->start();
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
    if (m_disposed)
        return;
    m_disposed = true;
    m_cancelGuard->cancel();
    m_transaction->dispose();
    m_core.removeUserAgentClient(m_transaction->id(), this);
}

Result<Request> UserAgentClient::cancel(std::string_view reason, CancelOptions options)
{
    const Request &invite = m_transaction->request();
    if (invite.method != "INVITE")
        return CoreError::NotCancellable;
    if (m_cancelRequest)
        return *m_cancelRequest; // hang up twice, CANCEL once
    if (m_disposed)
        return CoreError::Disposed;
    const TransactionState state = m_transaction->state();
    if (state != TransactionState::Calling && state != TransactionState::Proceeding)
        return CoreError::AlreadyFinal;

    // §9.1: same Request-URI, Call-ID, To, From, CSeq number and top Via (so the branch
    // matches the INVITE server transaction), and the same Route header fields.
    Request cancel;
    cancel.method = "CANCEL";
    cancel.setRequestUri(invite.requestUri());
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

    if (state == TransactionState::Proceeding)
        sendCancel();
    else
        m_logger.debug(m_transaction->id() + ": CANCEL waits for a provisional response");
    return cancel;
}

void UserAgentClient::sendCancel()
{
    m_cancelSent = true;
    m_cancelClient = std::make_shared<CancelUserAgentClient>(m_core, *m_cancelRequest, nullptr);
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

void UserAgentClient::receiveResponse(const Response &response)
{
    if (m_disposed)
        return;
    if (response.statusCode >= 200)
        m_cancelGuard->cancel();
    auto self = shared_from_this(); // the delegate may drop its last reference
    dispatchResponse(response);
}

void UserAgentClient::onRequestTimeout()
{
    if (m_disposed)
        return;
    auto self = shared_from_this();
    m_cancelGuard->cancel();
    dispatchResponse(syntheticResponse(408));
}

void UserAgentClient::onTransportError(std::error_code error)
{
    if (m_disposed)
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
    dispatchResponse(syntheticResponse(
            503, "Server unreachable: " + error.message()
                         + (error == TransportError::ConnectionRefused
                                            || error == TransportError::ConnectionReset
                                            || error == TransportError::ConnectionClosedByPeer
                                            || error == TransportError::KeepAliveFailed
                                    ? " by "
                                    : " for ")
                         + where));
}

void UserAgentClient::onStateChange(TransactionState state)
{
    if (state == TransactionState::Proceeding && m_cancelRequest && !m_cancelSent) {
        sendCancel();
    } else if (state == TransactionState::Terminated) {
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
    return makeResponse(m_transaction->request(), statusCode, {}, reasonPhrase);
}

} // namespace sipcore
