#include "sipcore/transaction/inviteservertransaction.h"

#include "sipcore/transaction/outgoingresponse.h"
#include "sipcore/transaction/transactionerror.h"

namespace sipcore {

InviteServerTransaction::InviteServerTransaction(Request request,
                                                 Endpoint source,
                                                 TransactionContext context,
                                                 ServerTransactionUser *user)
    : ServerTransaction(std::move(request), std::move(source), std::move(context), user)
    , m_timerTrying(m_context.timers.createTimer())
    , m_timerG(m_context.timers.createTimer())
    , m_timerH(m_context.timers.createTimer())
    , m_timerI(m_context.timers.createTimer())
    , m_timerL(m_context.timers.createTimer())
{}

void InviteServerTransaction::start()
{
    m_timerTrying->start(m_context.settings.trying, [this] {
        if (m_state == TransactionState::Proceeding && m_lastStatusCode == 0)
            sendResponse(makeResponse(m_request, 100));
    });
}

void InviteServerTransaction::receiveRequest(const Request &request)
{
    const bool ack = request.method == "ACK";
    switch (m_state) {
    case TransactionState::Proceeding:
        if (!ack)
            resendResponse(); // the last provisional, if the TU sent one
        break;
    case TransactionState::Accepted:
        if (ack) {
            auto self = shared_from_this();
            m_user->receiveAck(request);
        }
        break; // a retransmitted INVITE is absorbed: the TU re-sends its 2xx
    case TransactionState::Completed:
        if (!ack) {
            resendResponse();
        } else {
            auto self = shared_from_this();
            m_timerG->cancel();
            m_timerH->cancel();
            setState(TransactionState::Confirmed);
            m_timerI->start(m_context.settings.timerI(isReliable()), [this] {
                auto keep = shared_from_this();
                setState(TransactionState::Terminated);
            });
        }
        break;
    default:
        break; // Confirmed absorbs ACKs; Terminated sees nothing
    }
}

std::error_code InviteServerTransaction::respond(const Response &response)
{
    const int code = response.statusCode;
    if (m_state == TransactionState::Accepted && code >= 200 && code < 300) {
        sendResponse(response); // the TU's retransmission of its 2xx
        return {};
    }
    if (m_state == TransactionState::Terminated)
        return TransactionError::Terminated;
    if (m_state != TransactionState::Proceeding)
        return TransactionError::AlreadyFinal;

    auto self = shared_from_this(); // the user may dispose of us in onStateChange
    m_timerTrying->cancel();
    sendResponse(response);
    if (code < 200)
        return {};
    if (code < 300) {
        setState(TransactionState::Accepted);
        m_timerL->start(m_context.settings.timerL(), [this] {
            auto keep = shared_from_this();
            setState(TransactionState::Terminated);
        });
        return {};
    }
    setState(TransactionState::Completed);
    if (!isReliable()) {
        m_timerGInterval = m_context.settings.t1;
        m_timerG->start(m_timerGInterval, [this] { onTimerG(); });
    }
    m_timerH->start(m_context.settings.timerH(), [this] {
        if (m_state != TransactionState::Completed)
            return;
        m_context.logger.info(id() + ": Timer H fired, no ACK");
        auto keep = shared_from_this();
        m_user->onAckTimeout();
        if (m_state != TransactionState::Terminated) // unless disposed meanwhile
            setState(TransactionState::Terminated);
    });
    return {};
}

void InviteServerTransaction::retransmitAcceptedResponse()
{
    if (m_state == TransactionState::Accepted)
        resendResponse();
}

void InviteServerTransaction::onTimerG()
{
    if (m_state != TransactionState::Completed)
        return;
    resendResponse();
    m_timerGInterval = m_context.settings.nextRetransmit(m_timerGInterval);
    m_timerG->start(m_timerGInterval, [this] { onTimerG(); });
}

void InviteServerTransaction::stopTimers()
{
    m_timerTrying->cancel();
    m_timerG->cancel();
    m_timerH->cancel();
    m_timerI->cancel();
    m_timerL->cancel();
}

} // namespace sipcore
