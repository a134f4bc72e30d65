#pragma once

// Test support: keeping failure reports readable.

#include <QProcess>
#include <QString>

namespace interop {

/// The last \a chars characters of \a text, with a note of how much was left out.
inline QString tail(const QString &text, qsizetype chars)
{
    if (text.size() <= chars)
        return text;
    return QStringLiteral("[… %1 characters left out …]\n").arg(text.size() - chars)
           + text.right(chars);
}

/// How \a process ended, or "running"; \a exitCode describes a normal exit's code.
inline QString processStatus(const QProcess &process, const QString &exitCode)
{
    if (process.state() != QProcess::NotRunning)
        return QStringLiteral("still running");
    if (process.error() == QProcess::FailedToStart)
        return QStringLiteral("failed to start: %1").arg(process.errorString());
    if (process.exitStatus() == QProcess::CrashExit)
        return QStringLiteral("crashed or was killed");
    return exitCode;
}

} // namespace interop
