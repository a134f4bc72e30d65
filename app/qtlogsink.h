#pragma once

#include "sipcore/util/logger.h"

/// Forwards sipcore's log lines into Qt logging, one QLoggingCategory per sipcore category
/// ("ringback.sip.transaction" …), so QT_LOGGING_RULES filters them. Thread-safe.
class QtLogSink final : public sipcore::LogSink
{
public:
    /// The lowest level any ringback.sip.* category has enabled now (QT_LOGGING_RULES), so
    /// sipcore does not even build the lines nobody would see. Read once, at start-up.
    static sipcore::LogLevel threshold();

    void
    write(sipcore::LogLevel level, std::string_view category, std::string_view message) override;
};
