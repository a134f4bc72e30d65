#pragma once

#include <system_error>

namespace sipcore {

/// Why the user-agent core refused an operation.
enum class CoreError {
    NotCancellable = 1, ///< only an INVITE can be cancelled (RFC 3261 §9)
    AlreadyFinal,       ///< the request already has a final response
    Disposed,           ///< the object was disposed
    BadTarget,          ///< the target cannot be called (malformed or unsupported URI)
    InviteInProgress,   ///< another INVITE of the dialog has no final response (§14.1)
    DialogNotConfirmed, ///< the dialog is early or has ended
};

const std::error_category &coreCategory();
std::error_code make_error_code(CoreError error);

} // namespace sipcore

template<>
struct std::is_error_code_enum<sipcore::CoreError> : std::true_type
{
};
