#pragma once

#include "sipcore/syntax/sipmessage.h"

#include <cstdint>
#include <optional>
#include <string>

namespace sipcore {

/// A Session-Expires value (RFC 4028 §4): the session interval and who refreshes.
struct SessionExpires
{
    /// Who refreshes: the UAC or the UAS of the transaction that carries the header.
    enum class Refresher { Unset, Uac, Uas };

    std::uint32_t seconds = 0;
    Refresher refresher = Refresher::Unset;

    /// The Session-Expires of \a message (its compact form x included); nullopt when it has
    /// none, or one that is malformed or repeated.
    static std::optional<SessionExpires> of(const SipMessage &message);
    /// The header value: "1800", or "1800;refresher=uac".
    std::string toString() const;
};

} // namespace sipcore
