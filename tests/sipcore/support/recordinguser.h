#pragma once

// A ClientTransactionUser that records what it is told, for the transaction tests.

#include "sipcore/transaction/clienttransactionuser.h"

#include <vector>

namespace sipcore::test {

struct RecordingUser final : ClientTransactionUser
{
    void receiveResponse(const Response &response) override
    {
        responses.push_back(response.statusCode);
    }
    void onRequestTimeout() override { ++timeouts; }
    void onTransportError(std::error_code error) override { transportErrors.push_back(error); }
    void onStateChange(TransactionState state) override { states.push_back(state); }

    std::vector<int> responses;
    int timeouts = 0;
    std::vector<std::error_code> transportErrors;
    std::vector<TransactionState> states;
};

} // namespace sipcore::test
