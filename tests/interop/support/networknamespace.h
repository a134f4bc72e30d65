#pragma once

#include <QString>
#include <QStringList>

/// A network namespace of the test's own (`ip netns add`, iproute2), with its loopback up, so
/// that a test can impair traffic there (tc netem) without touching the machine's network.
/// Programs started through launcher() run inside it. The namespace is deleted when the
/// object goes away; create() also deletes the ones that earlier test processes made and
/// could not delete (killed by a timeout) — their names carry the process id. Needs root
/// (CAP_SYS_ADMIN). The commands run synchronously; any thread.
class NetworkNamespace
{
public:
    NetworkNamespace();
    ~NetworkNamespace();
    NetworkNamespace(const NetworkNamespace &) = delete;
    NetworkNamespace &operator=(const NetworkNamespace &) = delete;

    /// Makes the namespace and brings its loopback up. False, and in \a error the command
    /// that failed with its error output, when it cannot.
    bool create(QString *error);
    /// Runs \a command (program and arguments; a program from /usr/sbin or /sbin is found
    /// there) inside the namespace and waits for it. False, and in \a error the command with
    /// its exit status and error output, unless it exits with 0; its output in \a output.
    bool run(const QStringList &command, QString *error, QString *output = nullptr) const;
    /// {"ip", "netns", "exec", name()} with ip's full path: put it in front of a command.
    QStringList launcher() const;
    /// "ringback-test-PID-N".
    QString name() const { return m_name; }

private:
    /// Runs ip with \a arguments; false and the failure in \a error.
    static bool ip(const QStringList &arguments, QString *error, QString *output = nullptr);
    static void deleteAbandoned();

    QString m_name;
    bool m_created = false;
};
