#pragma once

// Test support: starting a peer through a launcher such as `ip netns exec NAME`.

#include <QProcess>
#include <QString>
#include <QStringList>

namespace interop {

/// Starts \a program with \a arguments in \a process, through \a launcher when there is one:
/// {"ip", "netns", "exec", "ns1"} starts `ip netns exec ns1 PROGRAM ARGUMENTS…`. The launcher
/// must exec the program in its own process, so that killing \a process kills the program.
inline void startThrough(QProcess &process,
                         const QStringList &launcher,
                         const QString &program,
                         const QStringList &arguments)
{
    if (launcher.isEmpty())
        process.start(program, arguments);
    else
        process.start(launcher.first(), launcher.mid(1) + QStringList{program} + arguments);
}

} // namespace interop
