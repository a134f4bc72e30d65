#include "qtlogsink.h"

#include <QLoggingCategory>

namespace {

Q_LOGGING_CATEGORY(lcSip, "ringback.sip", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTransport, "ringback.sip.transport", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTransaction, "ringback.sip.transaction", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCore, "ringback.sip.core", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSession, "ringback.sip.session", QtInfoMsg)

const QLoggingCategory &categoryFor(std::string_view name)
{
    if (name == "ringback.sip.transport")
        return lcTransport();
    if (name == "ringback.sip.transaction")
        return lcTransaction();
    if (name == "ringback.sip.core")
        return lcCore();
    if (name == "ringback.sip.session")
        return lcSession();
    return lcSip();
}

} // namespace

void QtLogSink::write(sipcore::LogLevel level, std::string_view category, std::string_view message)
{
    const QLoggingCategory &cat = categoryFor(category);
    const QString text = QString::fromUtf8(message.data(), static_cast<qsizetype>(message.size()));
    switch (level) {
    case sipcore::LogLevel::Debug:
        qCDebug(cat).noquote() << text;
        break;
    case sipcore::LogLevel::Info:
        qCInfo(cat).noquote() << text;
        break;
    case sipcore::LogLevel::Warning:
        qCWarning(cat).noquote() << text;
        break;
    case sipcore::LogLevel::Error:
        qCCritical(cat).noquote() << text;
        break;
    }
}
