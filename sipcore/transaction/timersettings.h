#pragma once

#include "sipcore/util/timer.h"

#include <algorithm>

namespace sipcore {

/// RFC 3261 §17 timer values (Table 4, with RFC 6026's L and M). Everything derives from T1,
/// T2 and T4, except the 100 Trying delay of §17.2.1.
struct TimerSettings
{
    Duration t1{500};  ///< RTT estimate
    Duration t2{4000}; ///< maximum retransmit interval for non-INVITE requests and INVITE responses
    Duration t4{5000}; ///< maximum time a message stays in the network
    /// §17.2.1: the INVITE server transaction sends 100 Trying itself when the TU has not
    /// answered within this time.
    Duration trying{200};

    Duration timerB() const { return 64 * t1; } ///< INVITE transaction timeout
    Duration timerF() const { return 64 * t1; } ///< non-INVITE transaction timeout
    Duration timerH() const { return 64 * t1; } ///< wait time for the ACK of a non-2xx final
    Duration timerL() const { return 64 * t1; } ///< RFC 6026: wait for 2xx retransmissions (UAS)
    Duration timerM() const { return 64 * t1; } ///< RFC 6026: wait for 2xx retransmissions (UAC)
    /// Timer D: wait for response retransmissions; at least 32 s over unreliable transports.
    Duration timerD(bool reliable) const
    {
        return reliable ? Duration{0} : std::max(Duration{32000}, 64 * t1);
    }
    /// Timer K: wait for response retransmissions of a non-INVITE request.
    Duration timerK(bool reliable) const { return reliable ? Duration{0} : t4; }
    /// Timer I: wait for ACK retransmissions.
    Duration timerI(bool reliable) const { return reliable ? Duration{0} : t4; }
    /// Timer J: wait for retransmissions of a non-INVITE request.
    Duration timerJ(bool reliable) const { return reliable ? Duration{0} : 64 * t1; }
    /// Timer G (and E): the retransmit interval after \a previous, doubling up to T2.
    Duration nextRetransmit(Duration previous) const { return std::min(2 * previous, t2); }
};

} // namespace sipcore
