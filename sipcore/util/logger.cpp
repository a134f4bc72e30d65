#include "sipcore/util/logger.h"

namespace sipcore {

Logger::Logger(std::shared_ptr<LogSink> sink, std::string category, LogLevel threshold)
    : m_sink(std::move(sink))
    , m_category(std::move(category))
    , m_threshold(threshold)
{}

void Logger::log(LogLevel level, std::string_view message) const
{
    if (isEnabled(level))
        m_sink->write(level, m_category, message);
}

LoggerFactory::LoggerFactory(std::shared_ptr<LogSink> sink, LogLevel threshold)
    : m_sink(std::move(sink))
    , m_threshold(threshold)
{}

Logger LoggerFactory::getLogger(std::string category) const
{
    return Logger(m_sink, std::move(category), m_threshold);
}

} // namespace sipcore
