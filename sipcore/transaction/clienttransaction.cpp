#include "sipcore/transaction/clienttransaction.h"

namespace sipcore {

ClientTransaction::ClientTransaction(Request request,
                                     Endpoint destination,
                                     TransactionContext context,
                                     ClientTransactionUser *user)
    : m_request(std::move(request))
    , m_bytes(m_request.serialize())
    , m_destination(std::move(destination))
    , m_context(std::move(context))
    , m_user(user)
    , m_state(m_request.method == "INVITE" ? TransactionState::Calling : TransactionState::Trying)
{
    auto via = m_request.topVia();
    auto cseq = m_request.cseq();
    m_id = idFor(via.ok() ? via->branch().value_or("") : "",
                 cseq.ok() ? std::string_view(cseq->method) : std::string_view(m_request.method));
}

ClientTransaction::~ClientTransaction() = default;

std::string ClientTransaction::idFor(std::string_view branch, std::string_view method)
{
    std::string id;
    id.reserve(branch.size() + method.size() + 1);
    id.append(branch).append(1, ' ').append(method == "ACK" ? "INVITE" : method);
    return id;
}

void ClientTransaction::dispose()
{
    stopTimers();
    m_state = TransactionState::Terminated;
}

void ClientTransaction::setState(TransactionState state)
{
    if (m_state == state)
        return;
    if (m_context.logger.isEnabled(LogLevel::Debug))
        m_context.logger.debug(m_id + ": " + std::string(stateName(m_state)) + " -> "
                               + std::string(stateName(state)));
    m_state = state;
    if (state == TransactionState::Terminated)
        stopTimers();
    m_user->onStateChange(state);
}

void ClientTransaction::sendBytes(const std::string &bytes)
{
    std::weak_ptr<ClientTransaction> weak = weak_from_this();
    m_context.transport.send(bytes, m_destination, [weak](std::error_code ec) {
        if (auto self = weak.lock(); self && ec)
            self->transportFailed(ec);
    });
}

void ClientTransaction::transportFailed(std::error_code error)
{
    // §17.1.4: a failure matters while the request is outstanding; a lost ACK for a non-2xx
    // after the final response changes nothing.
    if (m_state != TransactionState::Calling && m_state != TransactionState::Trying
        && m_state != TransactionState::Proceeding)
        return;
    auto self = shared_from_this(); // the user may dispose of us
    m_context.logger.warning(m_id + ": transport error: " + error.message());
    setState(TransactionState::Terminated);
    m_user->onTransportError(error);
}

} // namespace sipcore
