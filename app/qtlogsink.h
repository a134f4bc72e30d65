#pragma once

#include "sipcore/util/logger.h"

/// Forwards sipcore's log lines into Qt logging, one QLoggingCategory per sipcore category
/// ("ringback.sip.transaction" …), so QT_LOGGING_RULES filters them. Thread-safe.
class QtLogSink final : public sipcore::LogSink
{
public:
    void
    write(sipcore::LogLevel level, std::string_view category, std::string_view message) override;
};
