#pragma once

// Test support: waiting for a peer process to say it is ready.

#include <QByteArray>
#include <QEventLoop>
#include <QProcess>
#include <QTimer>

#include <chrono>

namespace interop {

/// Runs the event loop until \a output (which a slot connected to \a process's readyRead
/// before this call keeps appending to) holds \a marker, \a process has ended, or \a timeout
/// has passed; true when the marker came.
inline bool waitForOutput(QProcess &process,
                          const QByteArray &output,
                          const char *marker,
                          std::chrono::milliseconds timeout)
{
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::readyRead, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    deadline.start(timeout);
    while (!output.contains(marker) && process.state() != QProcess::NotRunning
           && deadline.isActive()) {
        loop.exec();
    }
    return output.contains(marker);
}

} // namespace interop
