#include "interop/support/sippprocess.h"
#include "interop/support/launch.h"
#include "interop/support/reporttext.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHostAddress>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTimer>
#include <QUdpSocket>

using interop::tail;

namespace {

constexpr int BindFailedExitCode = 254; // sipp exits with -2 when it cannot bind a socket
constexpr qsizetype ReportedTraceChars = 40000;
constexpr qsizetype ReportedOutputChars = 4000;

/// A port of 127.0.0.1 that nobody had bound a moment ago, for UDP or (\a tcp) TCP.
quint16 freePort(bool tcp)
{
    if (tcp) {
        QTcpServer probe;
        return probe.listen(QHostAddress(QHostAddress::LocalHost), 0) ? probe.serverPort() : 0;
    }
    QUdpSocket probe;
    if (!probe.bind(QHostAddress(QHostAddress::LocalHost), 0, QUdpSocket::DontShareAddress))
        return 0;
    return probe.localPort();
}

QString exitCodeMeaning(int code)
{
    switch (code) {
    case 0:
        return QStringLiteral("the scenario passed");
    case 1:
        return QStringLiteral("the call failed the scenario");
    case 97:
        return QStringLiteral("stopped by an internal command");
    case 99:
        return QStringLiteral("no call was processed");
    case BindFailedExitCode:
        return QStringLiteral("a socket could not be bound");
    case 255:
        return QStringLiteral("fatal error: an <error> action, a bad scenario or the global "
                              "timeout");
    default:
        return QStringLiteral("unknown exit code");
    }
}

/// SIPp's output without its statistics screens, which it prints on exit (and every second
/// on a terminal): what remains are its errors, e.g. a scenario it cannot parse.
QString withoutScreens(const QString &output)
{
    QStringList kept;
    bool inScreen = false;
    for (const QString &line : output.split(u'\n')) {
        if (line.contains(QLatin1String(" Screen --"))) {
            inScreen = true;
        } else if (inScreen && line.contains(QLatin1String("Test Terminated"))) {
            inScreen = false;
        } else if (!inScreen && !line.trimmed().isEmpty()) {
            kept.append(line);
        }
    }
    return kept.join(u'\n');
}

} // namespace

SippProcess::SippProcess(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_process.setWorkingDirectory(m_directory.path()); // SIPp's default log files land here
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
            [this] { m_output.append(m_process.readAllStandardOutput()); });
    connect(&m_process, &QProcess::finished, this, [this] { Q_EMIT finished(exitCode()); });
}

SippProcess::~SippProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString SippProcess::program()
{
    return QStandardPaths::findExecutable(QStringLiteral("sipp"));
}

bool SippProcess::start(QString *error, std::chrono::milliseconds timeout)
{
    if (program().isEmpty()) {
        *error = QStringLiteral("sipp is not installed (SIPp 3.6, Debian package sip-tester): "
                                "run tools/dev.sh, or apt-get install sip-tester");
        return false;
    }
    if (!m_directory.isValid()) {
        *error = QStringLiteral("cannot make a temporary directory for SIPp: %1")
                         .arg(m_directory.errorString());
        return false;
    }
    if (!QFileInfo::exists(m_options.scenario)) {
        *error = QStringLiteral("no SIPp scenario at %1").arg(m_options.scenario);
        return false;
    }
    // The port found free may be taken by someone else before SIPp binds it; SIPp then exits
    // at once, and another port is tried.
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = freePort(isTcp());
        if (m_port == 0) {
            *error = QStringLiteral("no free %1 port on 127.0.0.1")
                             .arg(isTcp() ? QStringLiteral("TCP") : QStringLiteral("UDP"));
            return false;
        }
        switch (launch(timeout)) {
        case Startup::Listening:
            return true;
        case Startup::PortTaken:
            continue;
        case Startup::Failed:
            *error = QStringLiteral("SIPp did not start listening:\n") + report();
            return false;
        }
    }
    *error = QStringLiteral("SIPp found no free port to bind:\n") + report();
    return false;
}

QString SippProcess::scenarioPath(const QString &fileName)
{
    return QStringLiteral(RINGBACK_SOURCE_DIR "/tests/interop/scenarios/") + fileName;
}

QString SippProcess::missingEvent(const QString &what) const
{
    QString message = QStringLiteral("no \"%1\" event").arg(what);
    if (!isRunning() && exitCode() != 0)
        message += QStringLiteral(": the SIPp scenario failed first (its error file below says "
                                  "why)");
    return message;
}

QString SippProcess::failure() const
{
    if (isRunning())
        return QStringLiteral("SIPp still runs");
    if (exitCode() != 0)
        return QStringLiteral("the SIPp scenario failed (its error file below says why)");
    const QStringList discarded = discardedMessages();
    if (!discarded.isEmpty())
        return QStringLiteral("SIPp got messages outside its calls:\n")
               + discarded.join(QLatin1String("\n\n"));
    return {};
}

SippProcess::Startup SippProcess::launch(std::chrono::milliseconds timeout)
{
    m_output.clear();
    const QString statistics = filePath(QStringLiteral("statistics.csv"));
    QFile::remove(statistics);
    // SIPp says nothing when it is ready (its screen output is block-buffered in a pipe), but
    // it creates its -stf statistics file right after binding its SIP socket (SIPp 3.6.1,
    // checked with strace): the file showing up in the watched directory means "listening".
    QFileSystemWatcher watcher({m_directory.path()});

    const QStringList arguments{
            QStringLiteral("-sf"),
            m_options.scenario,
            QStringLiteral("-i"),
            QStringLiteral("127.0.0.1"),
            QStringLiteral("-p"),
            QString::number(m_port),
            QStringLiteral("-t"),
            m_options.transport,
            QStringLiteral("-bind_local"), // SIP and media sockets on 127.0.0.1 only
            QStringLiteral("-ci"),
            QStringLiteral("127.0.0.1"), // the control socket too
            QStringLiteral("-m"),
            QString::number(m_options.calls),
            QStringLiteral("-nostdin"),
            QStringLiteral("-timeout"),
            QString::number(m_options.globalTimeout.count()),
            QStringLiteral("-timeout_error"),
            QStringLiteral("-recv_timeout"),
            QString::number(m_options.receiveTimeout.count()),
            QStringLiteral("-trace_err"),
            QStringLiteral("-error_file"),
            filePath(QStringLiteral("errors.log")),
            QStringLiteral("-trace_msg"),
            QStringLiteral("-message_file"),
            filePath(QStringLiteral("messages.log")),
            QStringLiteral("-trace_stat"),
            QStringLiteral("-stf"),
            statistics,
    };
    QStringList all = arguments + m_options.extraArguments;
    if (!m_options.remote.isEmpty())
        all.prepend(m_options.remote);
    interop::startThrough(m_process, m_options.launcher, program(), all);

    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(&watcher, &QFileSystemWatcher::directoryChanged, &loop, &QEventLoop::quit);
    connect(&m_process, &QProcess::finished, &loop, &QEventLoop::quit);
    connect(&m_process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    deadline.start(timeout);
    while (!QFileInfo::exists(statistics) && m_process.state() != QProcess::NotRunning
           && deadline.isActive()) {
        loop.exec();
    }
    if (m_process.state() == QProcess::NotRunning) {
        return exitCode() == BindFailedExitCode ? Startup::PortTaken : Startup::Failed;
    }
    if (!QFileInfo::exists(statistics)) {
        m_process.kill();
        m_process.waitForFinished(5000);
        return Startup::Failed;
    }
    return Startup::Listening;
}

QString SippProcess::uri() const
{
    return QStringLiteral("sip:service@127.0.0.1:%1").arg(m_port)
           + (isTcp() ? QStringLiteral(";transport=tcp") : QString());
}

bool SippProcess::waitForFinished(std::chrono::milliseconds timeout)
{
    if (m_process.state() == QProcess::NotRunning)
        return true;
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(&m_process, &QProcess::finished, &loop, &QEventLoop::quit);
    deadline.start(timeout);
    while (m_process.state() != QProcess::NotRunning && deadline.isActive())
        loop.exec();
    return m_process.state() == QProcess::NotRunning;
}

bool SippProcess::isRunning() const
{
    return m_process.state() != QProcess::NotRunning;
}

int SippProcess::exitCode() const
{
    if (m_process.state() != QProcess::NotRunning || m_process.exitStatus() == QProcess::CrashExit
        || m_process.error() == QProcess::FailedToStart) {
        return -1;
    }
    return m_process.exitCode();
}

QString SippProcess::errors() const
{
    return readFile(QStringLiteral("errors.log"));
}

std::optional<qint64> SippProcess::statistic(const QString &column) const
{
    // A header line naming the columns, then one line per period; fields end in ';'.
    const QStringList lines
            = readFile(QStringLiteral("statistics.csv")).split(u'\n', Qt::SkipEmptyParts);
    if (lines.size() < 2)
        return std::nullopt;
    const qsizetype index = lines.first().split(u';').indexOf(column);
    const QStringList values = lines.last().split(u';');
    if (index < 0 || index >= values.size())
        return std::nullopt;
    bool ok = false;
    const qint64 value = values.at(index).toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

QStringList SippProcess::discardedMessages() const
{
    // The trace is a list of entries, each opened by a line of dashes; SIPp notes a discarded
    // message in the entry of that message.
    QStringList discarded;
    const QString trace = readFile(QStringLiteral("messages.log"));
    const QString separator = QStringLiteral("-----------------------------------------------");
    for (const QString &entry : trace.split(separator, Qt::SkipEmptyParts)) {
        if (entry.contains(QLatin1String("Discarded message")))
            discarded.append(entry.trimmed());
    }
    return discarded;
}

QString SippProcess::report() const
{
    const QString status = interop::processStatus(
            m_process, QStringLiteral("exit code %1 (%2)")
                               .arg(m_process.exitCode())
                               .arg(exitCodeMeaning(m_process.exitCode())));
    const QString errors = readFile(QStringLiteral("errors.log"));
    const QString trace = readFile(QStringLiteral("messages.log"));
    const QString output = withoutScreens(QString::fromLocal8Bit(m_output));
    const QString role = m_options.remote.isEmpty()
                                 ? QString()
                                 : QStringLiteral(" calling %1").arg(m_options.remote);
    return QStringLiteral("==== SIPp %1 on 127.0.0.1:%2%7: %3\n"
                          "---- SIPp error file:\n%4\n"
                          "---- SIPp message trace:\n%5\n"
                          "---- SIPp output:\n%6\n")
            .arg(QFileInfo(m_options.scenario).fileName())
            .arg(m_port)
            .arg(status, errors.isEmpty() ? QStringLiteral("(empty)") : errors.trimmed(),
                 trace.isEmpty() ? QStringLiteral("(empty)")
                                 : tail(trace.trimmed(), ReportedTraceChars),
                 output.isEmpty() ? QStringLiteral("(nothing but statistics)")
                                  : tail(output, ReportedOutputChars),
                 role);
}

QString SippProcess::filePath(const QString &name) const
{
    return m_directory.filePath(name);
}

QString SippProcess::readFile(const QString &name) const
{
    QFile file(filePath(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    // SIP lines end in CRLF; test logs show a CR as '?'.
    return QString::fromUtf8(file.readAll()).remove(u'\r');
}

QString SippProcess::missingMessage()
{
    if (!program().isEmpty())
        return {};
    return QStringLiteral("sipp is not installed (SIPp 3.6, Debian package sip-tester): run "
                          "tools/dev.sh, or apt-get install sip-tester");
}
