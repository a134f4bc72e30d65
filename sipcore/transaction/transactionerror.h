#pragma once

#include <system_error>

namespace sipcore {

/// Why a transaction refused what its user asked of it.
enum class TransactionError {
    Terminated = 1, ///< the transaction has ended
    AlreadyFinal,   ///< a final response was sent already (RFC 3261 §17.2.2: discarded)
};

const std::error_category &transactionCategory();
std::error_code make_error_code(TransactionError error);

} // namespace sipcore

template<>
struct std::is_error_code_enum<sipcore::TransactionError> : std::true_type
{
};
