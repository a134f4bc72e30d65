#include "sipcore/transaction/transaction.h"

namespace sipcore {

Transaction::Transaction(Request request, TransactionContext context, TransactionState inviteState)
    : m_request(std::move(request))
    , m_context(std::move(context))
    , m_state(m_request.method == "INVITE" ? inviteState : TransactionState::Trying)
{}

Transaction::~Transaction() = default;

void Transaction::dispose()
{
    stopTimers();
    m_state = TransactionState::Terminated;
}

void Transaction::setState(TransactionState state)
{
    if (m_state == state)
        return;
    if (m_context.logger.isEnabled(LogLevel::Debug))
        m_context.logger.debug(m_id + ": " + std::string(stateName(m_state)) + " -> "
                               + std::string(stateName(state)));
    m_state = state;
    if (state == TransactionState::Terminated)
        stopTimers();
    notifyStateChange(state);
}

} // namespace sipcore
