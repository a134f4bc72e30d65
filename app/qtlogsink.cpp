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

sipcore::LogLevel QtLogSink::threshold()
{
    const QLoggingCategory *all[]
            = {&lcSip(), &lcTransport(), &lcTransaction(), &lcCore(), &lcSession()};
    sipcore::LogLevel level = sipcore::LogLevel::Error;
    for (const QLoggingCategory *category : all) {
        if (category->isDebugEnabled())
            return sipcore::LogLevel::Debug;
        if (category->isInfoEnabled())
            level = sipcore::LogLevel::Info;
        else if (category->isWarningEnabled() && level == sipcore::LogLevel::Error)
            level = sipcore::LogLevel::Warning;
    }
    return level;
}

void QtLogSink::write(sipcore::LogLevel level, std::string_view category, std::string_view message)
{
    const QLoggingCategory &cat = categoryFor(category);
    const QtMsgType type = level == sipcore::LogLevel::Debug     ? QtDebugMsg
                           : level == sipcore::LogLevel::Info    ? QtInfoMsg
                           : level == sipcore::LogLevel::Warning ? QtWarningMsg
                                                                 : QtCriticalMsg;
    if (!cat.isEnabled(type))
        return;
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
