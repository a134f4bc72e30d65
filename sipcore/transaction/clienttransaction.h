#pragma once

#include "sipcore/transaction/clienttransactionuser.h"
#include "sipcore/transaction/transaction.h"

#include <memory>

namespace sipcore {

/// Base of the INVITE and non-INVITE client transactions (RFC 3261 §17.1). Create with
/// std::make_shared, then start(). Lives on the core thread. The user is not owned and must
/// dispose() the transaction before it goes away.
class ClientTransaction : public Transaction, public std::enable_shared_from_this<ClientTransaction>
{
public:
    ClientTransaction(Request request,
                      Endpoint destination,
                      TransactionContext context,
                      ClientTransactionUser *user);
    ~ClientTransaction() override;

    /// The key a response is matched by (§17.1.3): top Via branch + CSeq method.
    static std::string idFor(std::string_view branch, std::string_view method);

    const Endpoint &destination() const { return m_destination; }

    /// Sends the request and arms the timers.
    virtual void start() = 0;
    /// A response whose id matches this transaction.
    virtual void receiveResponse(const Response &response) = 0;
    /// The transport learned that the destination cannot be reached (§17.1.4): while the
    /// request still waits for its final response the transaction terminates and the user
    /// hears onTransportError(\a error); later it changes nothing.
    void transportFailed(std::error_code error);
    /// Reports to \a user from now on (it must outlive the transaction or be replaced).
    void setUser(ClientTransactionUser *user) { m_user = user; }

protected:
    /// Sends \a bytes to the destination; a failure terminates the transaction and reaches
    /// the user as onTransportError (unless the transaction has moved on meanwhile).
    void sendBytes(const std::string &bytes);
    void notifyStateChange(TransactionState state) override { m_user->onStateChange(state); }

    std::string m_bytes; // the request as sent, for retransmissions
    Endpoint m_destination;
    ClientTransactionUser *m_user;
};

} // namespace sipcore
