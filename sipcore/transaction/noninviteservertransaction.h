#pragma once

#include "sipcore/transaction/servertransaction.h"

namespace sipcore {

/// The non-INVITE server transaction (RFC 3261 §17.2.2).
///
///                    request received: passed to the TU
///                              |
///                              v
///    request again:     +--------------+
///    absorbed           |    Trying    |
///                       +--------------+
///               1xx from TU |      | 200-699 from TU: sent
///               sent        v      |
///    request again:     +--------------+  1xx from TU: sent
///    last 1xx re-sent   |  Proceeding  |
///                       +--------------+
///                200-699 from TU |  |
///                sent            v  v
///    request again:     +--------------+  another final from TU: discarded
///    final re-sent      |  Completed   |
///                       +--------------+
///                      Timer J |
///                              v
///                       +--------------+
///                       |  Terminated  |<--- transport error: TU told
///                       +--------------+
///
/// Timer J (64·T1 unreliable, 0 reliable) absorbs request retransmissions in Completed.
class NonInviteServerTransaction final : public ServerTransaction
{
public:
    NonInviteServerTransaction(Request request,
                               Endpoint source,
                               TransactionContext context,
                               ServerTransactionUser *user);

    void receiveRequest(const Request &request) override;
    std::error_code respond(const Response &response) override;

private:
    void stopTimers() override;

    std::unique_ptr<Timer> m_timerJ;
};

} // namespace sipcore
