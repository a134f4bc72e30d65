#pragma once

#include "sipcore/util/timer.h"

namespace sipcore {

/// RFC 3261 §17 timer base values (Table 4). Everything else derives from these three.
struct TimerSettings
{
    Duration t1{500};  ///< RTT estimate
    Duration t2{4000}; ///< maximum retransmit interval for non-INVITE requests
    Duration t4{5000}; ///< maximum time a message stays in the network

    Duration timerB() const { return 64 * t1; } ///< INVITE transaction timeout
    Duration timerF() const { return 64 * t1; } ///< non-INVITE transaction timeout
    Duration timerM() const { return 64 * t1; } ///< RFC 6026: wait for 2xx retransmissions
    /// Timer D: wait for response retransmissions; at least 32 s over unreliable transports.
    Duration timerD(bool reliable) const
    {
        return reliable ? Duration{0} : std::max(Duration{32000}, 64 * t1);
    }
    /// Timer K: wait for response retransmissions of a non-INVITE request.
    Duration timerK(bool reliable) const { return reliable ? Duration{0} : t4; }
};

} // namespace sipcore
