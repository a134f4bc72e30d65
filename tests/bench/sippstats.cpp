#include "sippstats.h"

#include <QFile>
#include <QStringList>

namespace {

/// "2026-11-24\t05:55:53.065011\t1795499753.065011" → 1795499753.065011.
double epochSeconds(const QString &field)
{
    return field.section(QLatin1Char('\t'), -1).toDouble();
}

/// SIPp's "hh:mm:ss:microseconds" → milliseconds.
double durationMs(const QString &field)
{
    const QStringList parts = field.split(QLatin1Char(':'));
    if (parts.size() != 4)
        return 0;
    return (parts[0].toDouble() * 3600 + parts[1].toDouble() * 60 + parts[2].toDouble()) * 1e3
           + parts[3].toDouble() / 1e3;
}

} // namespace

std::optional<SippStats> SippStats::read(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return std::nullopt;
    const QStringList lines
            = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.size() < 2)
        return std::nullopt;
    const QStringList header = lines.front().split(QLatin1Char(';'));
    const auto column = [&](const char *name) {
        return header.indexOf(QLatin1String(name));
    };
    const int start = column("StartTime");
    const int current = column("CurrentTime");
    const int outgoing = column("OutgoingCall(C)");
    if (start < 0 || current < 0 || outgoing < 0)
        return std::nullopt;

    const QStringList last = lines.back().split(QLatin1Char(';'));
    const auto count = [&](const char *name) {
        const int index = column(name);
        return index >= 0 && index < last.size() ? last[index].toLongLong() : 0;
    };
    const auto duration = [&](const char *name) {
        const int index = column(name);
        return index >= 0 && index < last.size() ? durationMs(last[index]) : 0.0;
    };
    if (last.size() <= std::max(start, current))
        return std::nullopt;

    SippStats stats;
    stats.outgoingCalls = count("OutgoingCall(C)");
    stats.successfulCalls = count("SuccessfulCall(C)");
    stats.failedCalls = count("FailedCall(C)");
    stats.failedUnexpectedMessage = count("FailedUnexpectedMessage(C)");
    stats.failedMaxUdpRetrans = count("FailedMaxUDPRetrans(C)");
    stats.retransmissions = count("Retransmissions(C)");
    stats.outOfCallMessages = count("OutOfCallMsgs(C)");
    stats.deadCallMessages = count("DeadCallMsgs(C)");
    stats.watchdogMajor = count("WatchdogMajor(C)");
    const double startedAt = epochSeconds(last[start]);
    stats.elapsedSeconds = epochSeconds(last[current]) - startedAt;
    stats.responseTimeMs = duration("ResponseTime1(C)");
    stats.callLengthMs = duration("CallLength(C)");
    stats.allStartedSeconds = stats.elapsedSeconds;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList fields = lines[i].split(QLatin1Char(';'));
        if (fields.size() > std::max(outgoing, current)
            && fields[outgoing].toLongLong() >= stats.outgoingCalls) {
            stats.allStartedSeconds = epochSeconds(fields[current]) - startedAt;
            break;
        }
    }
    return stats;
}
