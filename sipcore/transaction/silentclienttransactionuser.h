#pragma once

#include "sipcore/transaction/clienttransactionuser.h"

namespace sipcore {

/// The user of a client transaction that nobody listens to any more (one kept only to absorb
/// and acknowledge retransmitted responses): ignores everything it is told.
class SilentClientTransactionUser final : public ClientTransactionUser
{
public:
    void receiveResponse(const Response &) override {}
    void onRequestTimeout() override {}
    void onTransportError(std::error_code) override {}
};

} // namespace sipcore
