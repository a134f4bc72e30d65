#include "interop/support/networknamespace.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

#include <atomic>

namespace {

const QString NamePrefix = QStringLiteral("ringback-test-");
constexpr int CommandTimeoutMilliseconds = 10000;

/// \a name's full path, looked up in PATH and then in /usr/sbin and /sbin (not in every
/// PATH); empty when it is nowhere.
QString executable(const QString &name)
{
    QString found = QStandardPaths::findExecutable(name);
    if (found.isEmpty())
        found = QStandardPaths::findExecutable(
                name, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    return found;
}

/// Runs \a command and waits for it; false and "`command` …: why" in \a error unless it exits
/// with 0.
bool execute(const QStringList &command, QString *error, QString *output)
{
    const QString quoted = u'`' + command.join(u' ') + u'`';
    const QString program = executable(command.first());
    if (program.isEmpty()) {
        *error = quoted
                 + QStringLiteral(": %1 is not installed (Debian package iproute2; "
                                  "./tools/dev.sh deps installs it)")
                           .arg(command.first());
        return false;
    }
    QProcess process;
    process.start(program, command.mid(1));
    if (!process.waitForFinished(CommandTimeoutMilliseconds)) {
        process.kill();
        process.waitForFinished();
        *error = quoted + QStringLiteral(" did not finish: ") + process.errorString();
        return false;
    }
    if (output)
        *output = QString::fromLocal8Bit(process.readAllStandardOutput());
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = quoted
                 + QStringLiteral(" failed (exit code %1): %2")
                           .arg(process.exitCode())
                           .arg(QString::fromLocal8Bit(process.readAllStandardError()).trimmed());
        return false;
    }
    return true;
}

} // namespace

NetworkNamespace::NetworkNamespace()
{
    static std::atomic<int> made{0};
    m_name = NamePrefix + QString::number(QCoreApplication::applicationPid()) + u'-'
             + QString::number(++made);
}

NetworkNamespace::~NetworkNamespace()
{
    QString error;
    if (m_created && !ip({QStringLiteral("netns"), QStringLiteral("delete"), m_name}, &error))
        qWarning("cannot delete the test's network namespace: %s", qPrintable(error));
}

bool NetworkNamespace::create(QString *error)
{
    deleteAbandoned();
    if (!ip({QStringLiteral("netns"), QStringLiteral("add"), m_name}, error))
        return false;
    m_created = true;
    return ip({QStringLiteral("-n"), m_name, QStringLiteral("link"), QStringLiteral("set"),
               QStringLiteral("lo"), QStringLiteral("up")},
              error);
}

bool NetworkNamespace::run(const QStringList &command, QString *error, QString *output) const
{
    const QString program = executable(command.first());
    if (program.isEmpty()) {
        *error = QStringLiteral("%1 is not installed (Debian package iproute2; ./tools/dev.sh "
                                "deps installs it)")
                         .arg(command.first());
        return false;
    }
    return ip(QStringList{QStringLiteral("netns"), QStringLiteral("exec"), m_name, program}
                      + command.mid(1),
              error, output);
}

QStringList NetworkNamespace::launcher() const
{
    return {executable(QStringLiteral("ip")), QStringLiteral("netns"), QStringLiteral("exec"),
            m_name};
}

bool NetworkNamespace::ip(const QStringList &arguments, QString *error, QString *output)
{
    return execute(QStringList{QStringLiteral("ip")} + arguments, error, output);
}

void NetworkNamespace::deleteAbandoned()
{
    QString listing;
    QString error;
    if (!ip({QStringLiteral("netns"), QStringLiteral("list")}, &error, &listing))
        return;
    // One namespace per line: "NAME" or "NAME (id: N)".
    static const QRegularExpression ours(u'^' + QRegularExpression::escape(NamePrefix)
                                         + QStringLiteral("([0-9]+)-[0-9]+\\b"));
    for (const QString &line : listing.split(u'\n', Qt::SkipEmptyParts)) {
        const QRegularExpressionMatch match = ours.match(line);
        if (!match.hasMatch() || QFileInfo::exists(QStringLiteral("/proc/") + match.captured(1)))
            continue; // not ours, or its process still runs
        if (!ip({QStringLiteral("netns"), QStringLiteral("delete"), match.captured(0)}, &error))
            qWarning("cannot delete an abandoned network namespace: %s", qPrintable(error));
    }
}
