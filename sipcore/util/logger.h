#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace sipcore {

enum class LogLevel { Debug, Info, Warning, Error };

/// Where sipcore's log lines go. app/ forwards them into Qt logging categories. Called on the
/// thread that logs (the core thread); implementations must be thread-safe if shared.
/// Contract for writers: credentials and media keys never reach a sink.
class LogSink
{
public:
    virtual ~LogSink() = default;
    virtual void write(LogLevel level, std::string_view category, std::string_view message) = 0;
};

/// A named log channel ("ringback.sip.transaction"); cheap to copy.
class Logger
{
public:
    Logger() = default;
    Logger(std::shared_ptr<LogSink> sink, std::string category, LogLevel threshold);

    void debug(std::string_view message) const { log(LogLevel::Debug, message); }
    void info(std::string_view message) const { log(LogLevel::Info, message); }
    void warning(std::string_view message) const { log(LogLevel::Warning, message); }
    void error(std::string_view message) const { log(LogLevel::Error, message); }
    void log(LogLevel level, std::string_view message) const;
    bool isEnabled(LogLevel level) const { return m_sink && level >= m_threshold; }

private:
    std::shared_ptr<LogSink> m_sink;
    std::string m_category;
    LogLevel m_threshold = LogLevel::Info;
};

/// Hands out loggers that share one sink and threshold (SIP.js's LoggerFactory).
class LoggerFactory
{
public:
    LoggerFactory() = default; // logs nowhere
    explicit LoggerFactory(std::shared_ptr<LogSink> sink, LogLevel threshold = LogLevel::Info);
    Logger getLogger(std::string category) const;

private:
    std::shared_ptr<LogSink> m_sink;
    LogLevel m_threshold = LogLevel::Info;
};

} // namespace sipcore
