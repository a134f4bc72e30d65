#include "sipcore/transaction/clienttransaction.h"

namespace sipcore {

ClientTransaction::ClientTransaction(Request request,
                                     Endpoint destination,
                                     TransactionContext context,
                                     ClientTransactionUser *user)
    : Transaction(std::move(request), std::move(context), TransactionState::Calling)
    , m_bytes(m_request.serialize())
    , m_destination(std::move(destination))
    , m_user(user)
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
