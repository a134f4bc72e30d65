#include "interop/support/consolepeer.h"

#include "interop/support/processwait.h"
#include "interop/support/reporttext.h"

#include <QStandardPaths>

ConsolePeer::ConsolePeer(QObject *parent)
    : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setWorkingDirectory(m_directory.path());
    connect(&m_process, &QProcess::readyRead, this,
            [this] { m_output.append(m_process.readAll()); });
}

ConsolePeer::~ConsolePeer()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool ConsolePeer::waitForOutput(const char *text, std::chrono::milliseconds timeout)
{
    return interop::waitForOutput(m_process, m_output, text, timeout);
}

QString ConsolePeer::missingProgram(const QString &program, const QString &package)
{
    if (!QStandardPaths::findExecutable(program).isEmpty())
        return {};
    return QStringLiteral("%1 is not installed (package %2; ./tools/dev.sh deps installs it)")
            .arg(program, package);
}

QString ConsolePeer::output()
{
    m_output.append(m_process.readAll());
    return QString::fromUtf8(m_output);
}

QString ConsolePeer::status() const
{
    return interop::processStatus(m_process,
                                  QStringLiteral("exited with %1").arg(m_process.exitCode()));
}
