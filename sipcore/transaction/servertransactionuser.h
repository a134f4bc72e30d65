#pragma once

#include "sipcore/syntax/sipmessage.h"
#include "sipcore/transaction/transactionstate.h"

#include <system_error>

namespace sipcore {

/// The transaction user of a server transaction (RFC 3261 §17.2; SIP.js's
/// ServerTransactionUser). Called on the core thread. A callee may dispose of the transaction
/// from inside any of these calls. onAckTimeout and onTransportError come before the move to
/// Terminated, and onStateChange(Terminated) is the last call a user gets, so a user may let
/// go of the transaction then.
class ServerTransactionUser
{
public:
    /// A response could not be sent (§17.2.4: the transaction is terminated).
    virtual void onTransportError(std::error_code error) = 0;
    /// The state changed.
    virtual void onStateChange(TransactionState) {}
    /// INVITE server transaction: Timer H fired, no ACK came for the non-2xx final response.
    virtual void onAckTimeout() {}
    /// INVITE server transaction in Accepted: an ACK that matched it (RFC 6026 §8.7; only an
    /// RFC 2543 peer's ACK for a 2xx does, since RFC 3261 gives that ACK a branch of its own).
    virtual void receiveAck(const Request &) {}

protected:
    ~ServerTransactionUser() = default;
};

} // namespace sipcore
