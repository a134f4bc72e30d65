#pragma once

#include "sipcore/syntax/uri.h"
#include "sipcore/transaction/timersettings.h"
#include "sipcore/util/logger.h"

#include <string>
#include <vector>

namespace sipcore {

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
    LoggerFactory loggerFactory;
};

} // namespace sipcore
