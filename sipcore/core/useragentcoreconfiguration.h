#pragma once

#include "sipcore/syntax/uri.h"
#include "sipcore/transaction/timersettings.h"
#include "sipcore/util/logger.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sipcore {

/// Session timers (RFC 4028): what our INVITEs ask for and the shortest interval we accept.
struct SessionTimerSettings
{
    /// Our INVITEs ask for this Session-Expires (seconds); 0 asks for none. Whether a call
    /// gets a timer is up to the 2xx (and to the caller's INVITE when we answer).
    std::uint32_t expires = 1800;
    /// Min-SE (seconds): a request whose Session-Expires is shorter gets 422 (§9). RFC 4028
    /// forbids less than 90.
    std::uint32_t minimum = 90;
};

/// How the core presents itself and times its transactions.
struct UserAgentCoreConfiguration
{
    /// Our address of record (From of out-of-dialog requests). An empty host means the
    /// transport's address ("sip:ringback@<local address>"): a direct IP phone.
    Uri aor;
    std::string displayName;
    /// User part of our Contact; the host and port are the transport's.
    std::string contactUser = "ringback";
    /// User-Agent header value.
    std::string userAgent = "Ringback";
    /// The option tags we support (RFC 3261 §19.2): a request that requires any other is
    /// answered 420 with Unsupported.
    std::vector<std::string> supported;
    TimerSettings timers;
    SessionTimerSettings sessionTimer;
    LoggerFactory loggerFactory;
};

} // namespace sipcore
