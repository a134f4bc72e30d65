#include "sipcore/transaction/inviteclienttransaction.h"

namespace sipcore {

InviteClientTransaction::InviteClientTransaction(Request request,
                                                 Endpoint destination,
                                                 TransactionContext context,
                                                 ClientTransactionUser *user)
    : ClientTransaction(std::move(request), std::move(destination), std::move(context), user)
    , m_timerA(m_context.timers.createTimer())
    , m_timerB(m_context.timers.createTimer())
    , m_timerD(m_context.timers.createTimer())
    , m_timerM(m_context.timers.createTimer())
{}

void InviteClientTransaction::start()
{
    sendBytes(m_bytes);
    if (!m_context.transport.isReliable()) {
        m_timerAInterval = m_context.settings.t1;
        m_timerA->start(m_timerAInterval, [this] { onTimerA(); });
    }
    m_timerB->start(m_context.settings.timerB(), [this] {
        if (m_state != TransactionState::Calling)
            return;
        m_context.logger.info(id() + ": Timer B fired, no response");
        auto self = shared_from_this();
        setState(TransactionState::Terminated);
        m_user->onRequestTimeout();
    });
}

void InviteClientTransaction::onTimerA()
{
    if (m_state != TransactionState::Calling)
        return;
    sendBytes(m_bytes);
    m_timerAInterval *= 2;
    m_timerA->start(m_timerAInterval, [this] { onTimerA(); });
}

void InviteClientTransaction::receiveResponse(const Response &response)
{
    const int code = response.statusCode;
    auto self = shared_from_this(); // the user may dispose of us in a callback
    switch (m_state) {
    case TransactionState::Calling:
    case TransactionState::Proceeding:
        if (code < 200) {
            m_timerA->cancel();
            m_timerB->cancel();
            setState(TransactionState::Proceeding);
            m_user->receiveResponse(response);
        } else if (code < 300) {
            m_timerA->cancel();
            m_timerB->cancel();
            setState(TransactionState::Accepted);
            m_timerM->start(m_context.settings.timerM(), [this] {
                auto keep = shared_from_this();
                setState(TransactionState::Terminated);
            });
            m_user->receiveResponse(response);
        } else {
            m_timerA->cancel();
            m_timerB->cancel();
            m_ackBytes = makeAck(m_request, response).serialize();
            sendBytes(m_ackBytes);
            setState(TransactionState::Completed);
            m_timerD->start(m_context.settings.timerD(m_context.transport.isReliable()), [this] {
                auto keep = shared_from_this();
                setState(TransactionState::Terminated);
            });
            m_user->receiveResponse(response);
        }
        break;
    case TransactionState::Accepted:
        if (code >= 200 && code < 300)
            m_user->receiveResponse(response); // retransmission or fork: the TU ACKs it
        break;
    case TransactionState::Completed:
        if (code >= 300)
            sendBytes(m_ackBytes); // retransmitted final response: same ACK again
        break;
    default:
        break;
    }
}

Request InviteClientTransaction::makeAck(const Request &invite, const Response &response)
{
    Request ack;
    ack.method = "ACK";
    ack.setRequestUri(invite.requestUri());
    if (auto via = invite.header("Via"))
        ack.addHeader("Via", invite.headerValues("Via").front());
    if (auto v = invite.header("From"))
        ack.addHeader("From", *v);
    if (auto v = response.header("To"))
        ack.addHeader("To", *v);
    if (auto v = invite.header("Call-ID"))
        ack.addHeader("Call-ID", *v);
    const auto cseq = invite.cseq();
    ack.addHeader("CSeq", std::to_string(cseq.ok() ? cseq->sequence : 0) + " ACK");
    for (std::string_view route : invite.headerValues("Route"))
        ack.addHeader("Route", route);
    ack.addHeader("Max-Forwards", "70");
    return ack;
}

void InviteClientTransaction::stopTimers()
{
    m_timerA->cancel();
    m_timerB->cancel();
    m_timerD->cancel();
    m_timerM->cancel();
}

} // namespace sipcore
