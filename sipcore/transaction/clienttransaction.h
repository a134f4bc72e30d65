#pragma once

#include "sipcore/transaction/clienttransactionuser.h"
#include "sipcore/transaction/transactioncontext.h"

#include <memory>

namespace sipcore {

/// Base of the INVITE and non-INVITE client transactions (RFC 3261 §17.1). Create with
/// std::make_shared, then start(). Lives on the core thread. The user is not owned and must
/// dispose() the transaction before it goes away.
class ClientTransaction : public std::enable_shared_from_this<ClientTransaction>
{
public:
    ClientTransaction(Request request,
                      Endpoint destination,
                      TransactionContext context,
                      ClientTransactionUser *user);
    virtual ~ClientTransaction();
    ClientTransaction(const ClientTransaction &) = delete;
    ClientTransaction &operator=(const ClientTransaction &) = delete;

    /// The key a response is matched by (§17.1.3): top Via branch + CSeq method.
    static std::string idFor(std::string_view branch, std::string_view method);

    const std::string &id() const { return m_id; }
    TransactionState state() const { return m_state; }
    const Request &request() const { return m_request; }
    const Endpoint &destination() const { return m_destination; }
    Transport &transport() { return m_context.transport; }

    /// Sends the request and arms the timers.
    virtual void start() = 0;
    /// A response whose id matches this transaction.
    virtual void receiveResponse(const Response &response) = 0;
    /// Stops all timers and goes to Terminated without telling the user. Idempotent.
    virtual void dispose();
    /// The transport learned that the destination cannot be reached (§17.1.4): while the
    /// request still waits for its final response the transaction terminates and the user
    /// hears onTransportError(\a error); later it changes nothing.
    void transportFailed(std::error_code error);

protected:
    /// Moves to \a state and tells the user.
    void setState(TransactionState state);
    /// Sends \a bytes to the destination; a failure terminates the transaction and reaches
    /// the user as onTransportError (unless the transaction has moved on meanwhile).
    void sendBytes(const std::string &bytes);
    virtual void stopTimers() = 0;

    Request m_request;
    std::string m_bytes; // the request as sent, for retransmissions
    Endpoint m_destination;
    TransactionContext m_context;
    ClientTransactionUser *m_user;
    std::string m_id;
    TransactionState m_state;
};

} // namespace sipcore
