#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <chrono>

/// What the console peers of the interop tests (baresip, linphonec) share: one process with
/// its stdout and stderr merged and kept, a temporary directory of its own (its working
/// directory) for configuration and files, and a kill when the object goes away. Test (GUI)
/// thread only; the waits run the event loop.
class ConsolePeer : public QObject
{
    Q_OBJECT

public:
    ~ConsolePeer() override;

    /// Its process id (for /proc), 0 when it is not running.
    qint64 processId() const { return m_process.processId(); }
    /// Waits until its output holds \a text; false on timeout or when it has exited without.
    bool waitForOutput(const char *text,
                       std::chrono::milliseconds timeout = std::chrono::seconds(15));

protected:
    explicit ConsolePeer(QObject *parent = nullptr);

    /// Empty when \a program is on the PATH, else the sentence a test fails with, naming
    /// \a package (not a skip: ./tools/dev.sh installs it).
    static QString missingProgram(const QString &program, const QString &package);
    /// Its output so far (what has come in is read first).
    QString output();
    /// "exited with N", "still running", … for a report.
    QString status() const;

    QTemporaryDir m_directory;
    QProcess m_process;
    QByteArray m_output;
};
