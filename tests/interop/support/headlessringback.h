#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <chrono>
#include <functional>
#include <optional>

/// `ringback --headless` as a child process, for the interop tests: commands go to its stdin,
/// one JSON event per line comes from its stdout. It listens on 127.0.0.1 (a free port), keeps
/// its settings in a temporary directory, logs SIP at debug level to stderr (quoted by
/// report()) and is killed when the object goes away. Test (GUI) thread only; the waits run
/// the event loop.
class SippProcess;

class HeadlessRingback : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString program;            ///< the ringback executable (RINGBACK_BINARY in the tests)
        QStringList extraArguments; ///< after the defaults, e.g. {"--sip-t1", "20"}
        /// A command Ringback is started through, e.g. {"ip", "netns", "exec", NAME}; it must
        /// exec Ringback in its own process (so that killing it kills Ringback).
        QStringList launcher = {};
        /// The text of accounts.ini (docs/CONFIG.md) in the config directory; none when empty.
        QString accounts = {};
        /// The text of ringback.ini (settings) in the config directory; none when empty.
        QString settings = {};
        /// The sound server Ringback's devices use (PULSE_SERVER, e.g. PulseAudioServer's);
        /// empty: none, so that no test ever opens the machine's own microphone or speaker.
        QString pulseServer = {};
    };
    using Predicate = std::function<bool(const QJsonObject &event)>;

    explicit HeadlessRingback(Options options, QObject *parent = nullptr);
    ~HeadlessRingback() override;

    /// Starts Ringback and waits for its "ready" event. Returns false and a sentence (with
    /// report()) in \a error when it does not come.
    bool start(QString *error, std::chrono::milliseconds timeout = std::chrono::seconds(30));
    /// Its process id (for /proc), 0 when it is not running.
    qint64 processId() const { return m_process.processId(); }
    /// "udp:127.0.0.1:PORT" from the ready event.
    QString sipAddress() const { return m_sipAddress; }

    /// Writes \a commands and a newline to stdin in one write: "hangup\nhangup" reaches
    /// Ringback as two commands read together.
    void send(const QString &commands);

    /// Returns the first event after the one the previous successful wait returned that
    /// satisfies \a predicate, waiting for it as long as \a timeout. Returns nothing on
    /// timeout, when Ringback exits, or once interruptWaits() was called.
    std::optional<QJsonObject> waitForEvent(const Predicate &predicate,
                                            std::chrono::milliseconds timeout
                                            = std::chrono::seconds(30));
    /// Asks for the media figures of the call (headless "media") every tenth of a second until
    /// \a done accepts them or 30 s pass; the last figures, nullopt when no event came.
    std::optional<QJsonObject> pollMedia(const Predicate &done);
    /// One "media" event, or an empty object when none came.
    QJsonObject media();
    /// Makes the running wait and all later ones return at once: for a peer that already
    /// failed, so a test does not sit out its timeouts.
    void interruptWaits();
    /// Interrupts the waits (as above) as soon as \a peer exits with a failure: it has said
    /// why, and Ringback's events will not come.
    void interruptWaitsWhenFails(SippProcess &peer);

    /// Calls the echo test and waits until the call is connected: the connected event, or
    /// nothing. ("ready" may come before the echo test listens: it tries again until it does.)
    std::optional<QJsonObject> callEcho(std::chrono::milliseconds timeout
                                        = std::chrono::seconds(30));

    /// Sends "quit" and waits until Ringback exits. False (and why in \a error) unless it
    /// exits normally with code 0.
    bool quit(QString *error, std::chrono::milliseconds timeout = std::chrono::seconds(10));

    /// Every event so far, in order; lines that are not JSON objects appear as
    /// {"event":"unparsable","line":…}.
    QList<QJsonObject> events() const { return m_events; }
    /// The "error" events so far (their messages) and the lines that were not JSON objects,
    /// one a line; empty when there are none.
    QString errors() const;
    /// All it wrote to stderr (its log, at debug level), in full.
    QByteArray standardError() const { return m_standardError; }
    /// What to print when a test fails: command line, exit status, events and stderr.
    QString report() const;

    /// Matches {"event":"call", "state": \a state}.
    static Predicate callState(const QString &state);
    /// Matches {"event": \a name}.
    static Predicate eventNamed(const QString &name);

Q_SIGNALS:
    void eventReceived(const QJsonObject &event);
    void waitsInterrupted();

private:
    void readEvents();

    Options m_options;
    QTemporaryDir m_configDirectory;
    QProcess m_process;
    QByteArray m_pending;
    QByteArray m_standardError;
    QList<QJsonObject> m_events;
    qsizetype m_nextEvent = 0;
    bool m_interrupted = false;
    QString m_sipAddress;
};
