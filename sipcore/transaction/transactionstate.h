#pragma once

#include <string_view>

namespace sipcore {

/// RFC 3261 §17 transaction states, with RFC 6026's Accepted.
enum class TransactionState {
    Calling,
    Trying,
    Proceeding,
    Accepted,
    Completed,
    Confirmed,
    Terminated
};

constexpr std::string_view stateName(TransactionState state)
{
    switch (state) {
    case TransactionState::Calling:
        return "Calling";
    case TransactionState::Trying:
        return "Trying";
    case TransactionState::Proceeding:
        return "Proceeding";
    case TransactionState::Accepted:
        return "Accepted";
    case TransactionState::Completed:
        return "Completed";
    case TransactionState::Confirmed:
        return "Confirmed";
    case TransactionState::Terminated:
        return "Terminated";
    }
    return "?";
}

} // namespace sipcore
