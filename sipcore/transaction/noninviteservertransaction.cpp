#include "sipcore/transaction/noninviteservertransaction.h"

#include "sipcore/transaction/transactionerror.h"

namespace sipcore {

NonInviteServerTransaction::NonInviteServerTransaction(Request request,
                                                       Endpoint source,
                                                       TransactionContext context,
                                                       ServerTransactionUser *user)
    : ServerTransaction(std::move(request), std::move(source), std::move(context), user)
    , m_timerJ(m_context.timers.createTimer())
{}

void NonInviteServerTransaction::receiveRequest(const Request &)
{
    // Trying absorbs the retransmission; Proceeding and Completed answer it again.
    if (m_state == TransactionState::Proceeding || m_state == TransactionState::Completed)
        resendResponse();
}

std::error_code NonInviteServerTransaction::respond(const Response &response)
{
    if (m_state == TransactionState::Terminated)
        return TransactionError::Terminated;
    if (m_state == TransactionState::Completed)
        return TransactionError::AlreadyFinal;
    auto self = shared_from_this(); // the user may dispose of us in onStateChange
    sendResponse(response);
    if (response.statusCode < 200) {
        setState(TransactionState::Proceeding);
        return {};
    }
    setState(TransactionState::Completed);
    m_timerJ->start(m_context.settings.timerJ(isReliable()), [this] {
        auto keep = shared_from_this();
        setState(TransactionState::Terminated);
    });
    return {};
}

void NonInviteServerTransaction::stopTimers()
{
    m_timerJ->cancel();
}

} // namespace sipcore
