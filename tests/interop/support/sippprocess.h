#pragma once

#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <chrono>
#include <optional>

/// One SIPp instance playing a scenario on 127.0.0.1 for one call (or Options::calls), for the
/// interop tests: a callee (UAS) by default, a caller (UAC) when given a remote address. SIPp
/// binds its SIP,
/// media and control sockets to 127.0.0.1 only; a message that does not come within the
/// receive timeout fails the call; its error file, message trace and output stay in a
/// temporary directory and are quoted by report(). The process is killed when the object
/// goes away. Test (GUI) thread only; the waits run the event loop.
///
/// Exit codes (sipp -h): 0 every call passed the scenario, 1 a call failed (unexpected
/// message, timeout, failed check), 254 a socket could not be bound, 255 a fatal error
/// (a scenario `<error>` action, a parse error, the global timeout).
class SippProcess : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString scenario;    ///< absolute path of the scenario XML
        QString remote = {}; ///< "host:port" to call; empty: a callee
        /// SIPp's -t: "u1" one UDP socket, "t1" one TCP connection.
        QString transport = QStringLiteral("u1");
        QStringList extraArguments = {};        ///< e.g. {"-nd"}
        std::chrono::seconds globalTimeout{30}; ///< SIPp's -timeout; reaching it fails the run
        /// SIPp's -recv_timeout: bounds every <recv> without a timeout of its own.
        std::chrono::milliseconds receiveTimeout{10000};
        /// SIPp's -m: the calls it plays the scenario for, one per incoming call, before it
        /// exits; it passes only when every one of them passed.
        int calls = 1;
        /// A command SIPp is started through, e.g. {"ip", "netns", "exec", NAME}; it must
        /// exec SIPp in its own process (so that killing it kills SIPp).
        QStringList launcher = {};
    };

    explicit SippProcess(Options options, QObject *parent = nullptr);
    ~SippProcess() override;

    /// The sipp executable found in PATH, or an empty string when SIPp is not installed.
    static QString program();
    /// Empty when SIPp is installed, else the sentence a test fails with. Not a skip: the
    /// project's test command installs SIPp, so its absence is a failure.
    static QString missingMessage();

    /// The path of tests/interop/scenarios/\a fileName.
    static QString scenarioPath(const QString &fileName);

    /// SIPp's working directory, a temporary one of its own: a file put here before start()
    /// is found by a scenario by its name alone (e.g. an rtp_stream's audio).
    QString directory() const { return m_directory.path(); }

    /// Starts SIPp on a free UDP (TCP with "t1") port of 127.0.0.1 and returns once it listens
    /// there (a caller: once it has connected). Returns
    /// false and a sentence in \a error when it cannot be started.
    bool start(QString *error, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    /// The port SIPp listens on (valid after start()).
    quint16 port() const { return m_port; }
    /// The address to call: sip:service@127.0.0.1:<port>, with ;transport=tcp over TCP.
    QString uri() const;

    /// Waits, running the event loop, until SIPp exits. False when it still runs at the end.
    bool waitForFinished(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    bool isRunning() const;
    /// SIPp's exit code (0: the scenario passed), or -1 while it runs or when it crashed.
    int exitCode() const;
    /// SIPp's error file: why the call failed, and warnings (e.g. timeouts that jumped).
    QString errors() const;
    /// SIPp's message trace: every message sent and received, as sent and received.
    QString messageTrace() const { return readFile(QStringLiteral("messages.log")); }
    /// A cumulative counter from the last line of SIPp's statistics file, e.g.
    /// "SuccessfulCall(C)" or "FailedCall(C)" (SIPp writes that line as it exits); nothing
    /// when the file or the column is missing.
    std::optional<qint64> statistic(const QString &column) const;
    /// Messages SIPp dropped because they belonged to no call it knew (its trace says
    /// "Discarded message…"), e.g. an INVITE re-sent with a new Call-ID once the one call of
    /// the run had begun. Each entry is the trace of one message.
    QStringList discardedMessages() const;
    /// "no \"<what>\" event" for a Ringback event that did not come, saying that the scenario
    /// failed first when it did (its error file says why).
    QString missingEvent(const QString &what) const;
    /// Empty when SIPp has exited with 0 and dropped no message as outside its calls; else
    /// the sentence a test fails with (the report then says more).
    QString failure() const;
    /// What to print when a test fails: the exit status, SIPp's error file, its message trace
    /// and its diagnostics.
    QString report() const;

Q_SIGNALS:
    /// SIPp exited with \a exitCode (as exitCode()).
    void finished(int exitCode);

private:
    enum class Startup { Listening, PortTaken, Failed };

    bool isTcp() const { return m_options.transport.startsWith(u't'); }

    Startup launch(std::chrono::milliseconds timeout);
    QString filePath(const QString &name) const;
    QString readFile(const QString &name) const;

    Options m_options;
    QTemporaryDir m_directory;
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_output;
};
