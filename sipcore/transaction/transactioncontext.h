#pragma once

#include "sipcore/transaction/timersettings.h"
#include "sipcore/transport/transport.h"
#include "sipcore/util/logger.h"

namespace sipcore {

/// What a transaction needs from its surroundings. The references outlive the transaction.
struct TransactionContext
{
    Transport &transport;
    TimerFactory &timers;
    TimerSettings settings;
    Logger logger;
};

} // namespace sipcore
