#include "callratetrial.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace {

/// Slack on top of the duration by which SIPp must have started every call: its statistics
/// lines come once a second.
constexpr double StartSlackSeconds = 2;
/// How long the callee runs on after SIPp's uac has finished: SIPp's uas keeps a call 4 s after
/// its BYE and counts it then.
constexpr unsigned long CalleeDrainMilliseconds = 6000;
/// SIPp's error log stops growing here: an overloaded trial would write gigabytes of
/// messages for calls that are over.
constexpr qint64 ErrorLogBytes = 10'000'000;

/// True when a UDP socket can be bound to 127.0.0.1:\a port now. \a inUse is set when the
/// port is taken.
bool canBind(quint16 port, bool *inUse = nullptr)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
        return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int result = ::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address);
    const int error = errno;
    ::close(fd);
    if (inUse)
        *inUse = result != 0 && error == EADDRINUSE;
    return result == 0;
}

/// The first of \a count consecutive UDP ports on 127.0.0.1 that are free now (SIPp binds its
/// media ports beside its SIP port).
quint16 freePorts(int count)
{
    for (;;) {
        const auto base = static_cast<quint16>(QRandomGenerator::global()->bounded(20000, 60000));
        bool allFree = true;
        for (int i = 0; i < count && allFree; ++i)
            allFree = canBind(static_cast<quint16>(base + i));
        if (allFree)
            return base;
    }
}

/// A "VmRSS"/"VmHWM" line of /proc/PID/status in bytes; 0 when the process is gone.
qint64 memoryOf(qint64 pid, const char *field)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return 0;
    const QString prefix = QLatin1String(field) + QLatin1Char(':');
    for (const QString &line : QString::fromLatin1(file.readAll()).split(QLatin1Char('\n'))) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().section(QLatin1Char(' '), 0, 0).toLongLong()
                   * 1024;
    }
    return 0;
}

double loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    return QString::fromLatin1(file.readLine()).section(QLatin1Char(' '), 0, 0).toDouble();
}

/// Starts \a program with \a arguments under `taskset -c cpu`; it is killed if we die.
void startPinned(QProcess &process, int cpu, const QString &program, const QStringList &arguments)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    process.start(QStringLiteral("taskset"),
                  QStringList{QStringLiteral("-c"), QString::number(cpu), program} + arguments);
}

/// SIGTERM, then SIGKILL if it has not gone within 10 s.
void stop(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished(-1);
    }
}

/// Waits up to 5 s until \a process, which was started, holds UDP \a port.
bool waitUntilBound(QProcess &process, quint16 port)
{
    if (!process.waitForStarted(5000))
        return false;
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 5000 && process.state() == QProcess::Running) {
        bool inUse = false;
        canBind(port, &inUse);
        if (inUse)
            return true;
        QThread::msleep(20);
    }
    return false;
}

} // namespace

QString CallRateTrial::name(Callee callee)
{
    return callee == Callee::Ringback ? QStringLiteral("ringback") : QStringLiteral("sipp-uas");
}

CallRateTrial::Result CallRateTrial::run(const Config &config)
{
    Result result;
    result.rate = config.rate;
    const qint64 calls = qint64(config.rate) * config.durationSeconds;
    const QString stem = QDir(config.workDirectory)
                                 .filePath(name(config.callee) + QLatin1Char('-')
                                           + QString::number(config.rate));
    const QString statsFile = stem + QStringLiteral("-uac.csv");
    const QString calleeStatsFile = stem + QStringLiteral("-uas.csv");
    QFile::remove(statsFile);
    QFile::remove(calleeStatsFile);

    const QStringList bufferArguments
            = config.sippSocketBuffer > 0 ? QStringList{QStringLiteral("-buff_size"),
                                                        QString::number(config.sippSocketBuffer)}
                                          : QStringList();
    // The callee: SIP port, then (SIPp) media ports from +2.
    const quint16 calleePort = freePorts(8);
    QProcess callee;
    callee.setStandardErrorFile(stem + QStringLiteral("-callee.log"));
    if (config.callee == Callee::Ringback) {
        startPinned(callee, config.calleeCpu, config.calleeProgram,
                    {QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                     QStringLiteral("--port"), QString::number(calleePort)});
    } else {
        callee.setStandardOutputFile(QProcess::nullDevice());
        startPinned(callee, config.calleeCpu, config.sippProgram,
                    QStringList{QStringLiteral("-sn"), QStringLiteral("uas"), QStringLiteral("-i"),
                                QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                                QString::number(calleePort), QStringLiteral("-mp"),
                                QString::number(calleePort + 2), QStringLiteral("-nostdin"),
                                QStringLiteral("-trace_stat"), QStringLiteral("-stf"),
                                calleeStatsFile, QStringLiteral("-fd"), QStringLiteral("1")}
                            + bufferArguments);
    }
    if (!waitUntilBound(callee, calleePort)) {
        result.verdict = QStringLiteral("the callee did not start: ") + callee.errorString();
        stop(callee);
        return result;
    }

    const quint16 callerPort = freePorts(8);
    QProcess caller;
    caller.setStandardOutputFile(QProcess::nullDevice()); // SIPp's screens
    caller.setStandardErrorFile(stem + QStringLiteral("-uac.log"));
    result.loadBefore = loadAverage();
    QElapsedTimer wall;
    wall.start();
    startPinned(caller, config.callerCpu, config.sippProgram,
                QStringList{QStringLiteral("-sn"),
                            QStringLiteral("uac"),
                            QStringLiteral("127.0.0.1:%1").arg(calleePort),
                            QStringLiteral("-i"),
                            QStringLiteral("127.0.0.1"),
                            QStringLiteral("-p"),
                            QString::number(callerPort),
                            QStringLiteral("-mp"),
                            QString::number(callerPort + 2),
                            QStringLiteral("-r"),
                            QString::number(config.rate),
                            QStringLiteral("-rp"),
                            QStringLiteral("1000"),
                            QStringLiteral("-m"),
                            QString::number(calls),
                            QStringLiteral("-l"),
                            QString::number(calls),
                            QStringLiteral("-nostdin"),
                            QStringLiteral("-timeout"),
                            QString::number(config.durationSeconds + 90),
                            QStringLiteral("-timeout_error"),
                            QStringLiteral("-trace_stat"),
                            QStringLiteral("-stf"),
                            statsFile,
                            QStringLiteral("-fd"),
                            QStringLiteral("1"),
                            QStringLiteral("-trace_err"),
                            QStringLiteral("-error_file"),
                            stem + QStringLiteral("-uac-errors.log"),
                            QStringLiteral("-max_log_size"),
                            QString::number(ErrorLogBytes)}
                        + bufferArguments);
    // taskset execs the program: the process id is the callee's own.
    const qint64 calleePid = callee.processId();
    bool callerFinished = caller.waitForStarted(5000);
    bool overMemoryLimit = false;
    while (callerFinished && !caller.waitForFinished(500)) {
        overMemoryLimit = memoryOf(calleePid, "VmRSS") > config.calleeMemoryLimit;
        if (overMemoryLimit || wall.elapsed() > (config.durationSeconds + 120) * qint64(1000))
            callerFinished = false;
    }
    result.wallSeconds = static_cast<double>(wall.elapsed()) / 1000;
    result.loadAfter = loadAverage();
    if (!callerFinished)
        stop(caller);
    else if (caller.exitStatus() == QProcess::NormalExit)
        result.sippExitCode = caller.exitCode();

    // SIPp's uas counts a call once its 4 s timewait after the BYE is over, and writes its
    // statistics once a second: both callees get the same wait.
    QThread::msleep(CalleeDrainMilliseconds);
    const bool calleeAlive = callee.state() == QProcess::Running;
    result.calleePeakMemory = memoryOf(calleePid, "VmHWM");
    stop(callee);
    if (config.callee == Callee::Ringback) {
        const QStringList lines = QString::fromUtf8(callee.readAllStandardOutput())
                                          .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        result.calleeReport = lines.isEmpty() ? QString() : lines.back();
        const QStringList words = result.calleeReport.split(QLatin1Char(' '));
        const qsizetype byes = words.indexOf(QStringLiteral("byes"));
        result.calleeByes
                = byes >= 0 && byes + 1 < words.size() ? words[byes + 1].toLongLong() : -1;
    } else if (const auto calleeStats = SippStats::read(calleeStatsFile)) {
        result.calleeByes = calleeStats->successfulCalls;
    }

    result.stats = SippStats::read(statsFile);
    if (!result.stats) {
        result.verdict
                = QStringLiteral("SIPp left no statistics (exit code %1)").arg(result.sippExitCode);
        return result;
    }
    result.ran = true;
    const SippStats &stats = *result.stats;
    if (overMemoryLimit)
        result.verdict = QStringLiteral("stopped: the callee's memory passed %1 GiB")
                                 .arg(static_cast<double>(config.calleeMemoryLimit) / (1 << 30), 0,
                                      'f', 1);
    else if (stats.failedCalls > 0)
        result.verdict = QStringLiteral("%1 failed calls (%2 unexpected messages, %3 "
                                        "retransmission timeouts)")
                                 .arg(stats.failedCalls)
                                 .arg(stats.failedUnexpectedMessage)
                                 .arg(stats.failedMaxUdpRetrans);
    else if (stats.successfulCalls < calls)
        result.verdict
                = QStringLiteral("%1 of %2 calls succeeded").arg(stats.successfulCalls).arg(calls);
    else if (result.calleeByes < calls)
        result.verdict = QStringLiteral("%1 of %2 BYEs reached the callee")
                                 .arg(result.calleeByes)
                                 .arg(calls);
    else if (stats.allStartedSeconds > config.durationSeconds + StartSlackSeconds)
        result.verdict = QStringLiteral("rate not offered: the last call started after %1 s")
                                 .arg(stats.allStartedSeconds, 0, 'f', 1);
    else if (result.sippExitCode != 0)
        result.verdict = QStringLiteral("SIPp exited with %1").arg(result.sippExitCode);
    else if (!calleeAlive)
        result.verdict = QStringLiteral("the callee exited during the trial");
    else
        result.passed = true;
    if (result.passed)
        result.verdict = QStringLiteral("pass");
    return result;
}

QJsonObject CallRateTrial::Result::toJson() const
{
    QJsonObject object{{QStringLiteral("rate"), rate},
                       {QStringLiteral("passed"), passed},
                       {QStringLiteral("verdict"), verdict},
                       {QStringLiteral("sipp_exit_code"), sippExitCode},
                       {QStringLiteral("load_before"), loadBefore},
                       {QStringLiteral("load_after"), loadAfter},
                       {QStringLiteral("wall_seconds"), wallSeconds}};
    if (!calleeReport.isEmpty())
        object.insert(QStringLiteral("callee_report"), calleeReport);
    object.insert(QStringLiteral("callee_byes"), calleeByes);
    if (calleePeakMemory > 0)
        object.insert(QStringLiteral("callee_peak_memory_bytes"), calleePeakMemory);
    if (stats) {
        object.insert(QStringLiteral("calls_started"), stats->outgoingCalls);
        object.insert(QStringLiteral("calls_successful"), stats->successfulCalls);
        object.insert(QStringLiteral("calls_failed"), stats->failedCalls);
        object.insert(QStringLiteral("failed_unexpected_message"), stats->failedUnexpectedMessage);
        object.insert(QStringLiteral("failed_max_udp_retrans"), stats->failedMaxUdpRetrans);
        object.insert(QStringLiteral("retransmissions"), stats->retransmissions);
        object.insert(QStringLiteral("out_of_call_messages"), stats->outOfCallMessages);
        object.insert(QStringLiteral("dead_call_messages"), stats->deadCallMessages);
        object.insert(QStringLiteral("watchdog_major"), stats->watchdogMajor);
        object.insert(QStringLiteral("elapsed_seconds"), stats->elapsedSeconds);
        object.insert(QStringLiteral("all_started_seconds"), stats->allStartedSeconds);
        object.insert(QStringLiteral("response_time_ms"), stats->responseTimeMs);
        object.insert(QStringLiteral("call_length_ms"), stats->callLengthMs);
    }
    return object;
}
