#pragma once

#include "sipcore/syntax/sipmessage.h"

#include <cstdint>
#include <optional>
#include <string>

namespace sipcore {

/// A Subscription-State value (RFC 6665 §8.2.3): the state, and what it says of the
/// subscription's remaining time or of why it ended.
struct SubscriptionState
{
    enum class Value { Active, Pending, Terminated };

    Value value = Value::Active;
    std::optional<std::uint32_t> expires;    ///< seconds left (active, pending)
    std::string reason;                      ///< why it ended (terminated), lowered; may be empty
    std::optional<std::uint32_t> retryAfter; ///< seconds before subscribing again (terminated)

    /// The Subscription-State of \a message; nullopt when it has none, one that is malformed or
    /// repeated, or a state other than active, pending and terminated.
    static std::optional<SubscriptionState> of(const SipMessage &message);
    /// The header value: "active;expires=600", "terminated;reason=timeout", …
    std::string toString() const;
};

} // namespace sipcore
