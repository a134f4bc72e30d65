#pragma once

#include "sipcore/syntax/sipmessage.h"

#include <optional>
#include <string>

namespace sipcore {

/// An Event value (RFC 6665 §8.2.1): the event package and the id that tells apart several
/// subscriptions to it within one dialog.
struct EventHeader
{
    std::string package; ///< "presence", "dialog", "refer", …
    std::string id;      ///< the id parameter; empty without one

    /// The Event of \a message (its compact form o included); nullopt when it has none, or
    /// one that is malformed or repeated.
    static std::optional<EventHeader> of(const SipMessage &message);
    /// Whether both name the same subscription (§8.2.1: package compared ignoring case, id
    /// as written, no id equal to no id).
    bool matches(const EventHeader &other) const;
    /// The header value: "presence", or "presence;id=7".
    std::string toString() const;
};

} // namespace sipcore
