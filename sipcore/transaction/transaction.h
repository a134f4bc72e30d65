#pragma once

#include "sipcore/syntax/sipmessage.h"
#include "sipcore/transaction/transactioncontext.h"
#include "sipcore/transaction/transactionstate.h"

#include <string>

namespace sipcore {

/// What the client and server transactions share (SIP.js's TransactionBase): the request, the
/// context, the id and the state, and how the state moves. Lives on the core thread.
class Transaction
{
public:
    virtual ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    const std::string &id() const { return m_id; }
    TransactionState state() const { return m_state; }
    const Request &request() const { return m_request; }
    /// The transport the transaction sends over.
    Transport &transport() const { return m_context.transport; }

    /// Stops all timers and goes to Terminated without telling the user. Idempotent.
    virtual void dispose();

protected:
    /// Starts in \a inviteState for an INVITE, in Trying otherwise. The subclass sets m_id.
    Transaction(Request request, TransactionContext context, TransactionState inviteState);

    /// Moves to \a state (stopping the timers on Terminated) and tells the user through
    /// notifyStateChange().
    void setState(TransactionState state);
    virtual void notifyStateChange(TransactionState state) = 0;
    virtual void stopTimers() = 0;

    Request m_request;
    TransactionContext m_context;
    std::string m_id;
    TransactionState m_state;
};

} // namespace sipcore
