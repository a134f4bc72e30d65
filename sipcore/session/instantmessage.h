#pragma once

#include "sipcore/syntax/nameaddr.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace sipcore {

class UserAgentServer;

/// A MESSAGE we received (RFC 3428), inside a call's dialog or outside any.
struct InstantMessage
{
    NameAddr from; ///< the sender as From names it, without its tag
    std::string body;
    bool inDialog = false;

    /// Answers the MESSAGE of \a server: 200 with the message for a text/plain body, 415
    /// with Accept for any other (nullopt then).
    static std::optional<InstantMessage> receive(UserAgentServer &server);
};

/// Hears of each message received, on the core thread.
using InstantMessageHandler = std::function<void(const InstantMessage &message)>;

} // namespace sipcore
