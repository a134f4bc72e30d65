#pragma once

#include "sipcore/syntax/sipmessage.h"
#include "sipcore/transaction/transactionstate.h"

#include <system_error>

namespace sipcore {

/// The transaction user of a client transaction (RFC 3261 §17.1; SIP.js's
/// ClientTransactionUser). Called on the core thread. A callee may dispose of the transaction
/// from inside any of these calls.
class ClientTransactionUser
{
public:
    /// A response the TU must see: every 1xx, the first non-2xx final, every 2xx (RFC 6026).
    virtual void receiveResponse(const Response &response) = 0;
    /// Timer B or F fired: no final response in time.
    virtual void onRequestTimeout() = 0;
    /// The transport could not send the request.
    virtual void onTransportError(std::error_code error) = 0;
    /// The state changed (called before the response that caused it is passed up).
    virtual void onStateChange(TransactionState) {}

protected:
    ~ClientTransactionUser() = default;
};

} // namespace sipcore
