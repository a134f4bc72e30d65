#pragma once

#include "interop/support/consolepeer.h"

#include <QString>
#include <QStringList>

#include <chrono>

/// linphonec (Debian package linphone-cli) as a peer of the interop tests, driven through its
/// stdin like a person at its prompt: sip:lp@127.0.0.1:PORT on UDP only, with its own
/// configuration, home and database in a temporary directory, debug log in a file that
/// report() quotes. linphonec binds the wildcard address, so it must run in a network
/// namespace of the test's own (Options::launcher). It does not answer by itself: the test
/// sends "answer". It is killed when the object goes away. Test (GUI) thread only; the waits
/// run the event loop.
class LinphonecProcess : public ConsolePeer
{
    Q_OBJECT

public:
    struct Options
    {
        /// A command linphonec is started through, e.g. {"ip", "netns", "exec", NAME}; it must
        /// exec linphonec in its own process (so that killing it kills linphonec).
        QStringList launcher;
        quint16 port = 5090;  ///< its UDP port (the namespace is the test's own)
        bool srtp = false;    ///< require SRTP (SDES) for its calls' audio
        bool debugLog = true; ///< its debug log in a file, for report(); off for benchmarks
    };

    explicit LinphonecProcess(Options options, QObject *parent = nullptr);

    /// Empty when linphonec is installed, else the sentence a test fails with (not a skip:
    /// ./tools/dev.sh installs it).
    static QString missingMessage();

    /// Starts linphonec and returns once its prompt shows (its SIP socket is open by then);
    /// false and a sentence in \a error when it does not.
    bool start(QString *error, std::chrono::milliseconds timeout = std::chrono::seconds(15));
    /// sip:lp@127.0.0.1:PORT.
    QString uri() const;
    /// Leaves \a codec (as "codec list" names it, e.g. "PCMU" or "opus") the only one it
    /// offers and accepts; false, with its list in \a error, when it has no such codec.
    bool useOnlyCodec(const QString &codec, QString *error);
    /// Types \a command (e.g. "answer") and Enter at its prompt.
    void send(const QString &command);
    /// Its console output and the end of its debug log, for a failed test's message.
    QString report();

private:
    bool writeConfig(QString *error);

    Options m_options;
};
