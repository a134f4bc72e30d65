#include "sipcore/transaction/noninviteclienttransaction.h"

namespace sipcore {

NonInviteClientTransaction::NonInviteClientTransaction(Request request,
                                                       Endpoint destination,
                                                       TransactionContext context,
                                                       ClientTransactionUser *user)
    : ClientTransaction(std::move(request), std::move(destination), std::move(context), user)
    , m_timerE(m_context.timers.createTimer())
    , m_timerF(m_context.timers.createTimer())
    , m_timerK(m_context.timers.createTimer())
{}

void NonInviteClientTransaction::start()
{
    sendBytes(m_bytes);
    if (!m_context.transport.isReliable()) {
        m_timerEInterval = m_context.settings.t1;
        m_timerE->start(m_timerEInterval, [this] { onTimerE(); });
    }
    m_timerF->start(m_context.settings.timerF(), [this] {
        if (m_state != TransactionState::Trying && m_state != TransactionState::Proceeding)
            return;
        m_context.logger.info(id() + ": Timer F fired, no final response");
        auto self = shared_from_this();
        setState(TransactionState::Terminated);
        m_user->onRequestTimeout();
    });
}

void NonInviteClientTransaction::onTimerE()
{
    if (m_state != TransactionState::Trying && m_state != TransactionState::Proceeding)
        return;
    sendBytes(m_bytes);
    m_timerEInterval = m_state == TransactionState::Trying
                               ? m_context.settings.nextRetransmit(m_timerEInterval)
                               : m_context.settings.t2;
    m_timerE->start(m_timerEInterval, [this] { onTimerE(); });
}

void NonInviteClientTransaction::receiveResponse(const Response &response)
{
    if (m_state != TransactionState::Trying && m_state != TransactionState::Proceeding)
        return; // Completed absorbs retransmissions
    auto self = shared_from_this();
    if (response.statusCode < 200) {
        setState(TransactionState::Proceeding);
        m_user->receiveResponse(response);
        return;
    }
    m_timerE->cancel();
    m_timerF->cancel();
    setState(TransactionState::Completed);
    m_timerK->start(m_context.settings.timerK(m_context.transport.isReliable()), [this] {
        auto keep = shared_from_this();
        setState(TransactionState::Terminated);
    });
    m_user->receiveResponse(response);
}

void NonInviteClientTransaction::stopTimers()
{
    m_timerE->cancel();
    m_timerF->cancel();
    m_timerK->cancel();
}

} // namespace sipcore
