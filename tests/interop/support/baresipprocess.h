#pragma once

#include "interop/support/consolepeer.h"

#include <QString>
#include <QStringList>

#include <chrono>

/// baresip (Debian package baresip-core) as a peer of the interop tests: one account
/// sip:bare@127.0.0.1:PORT on a free UDP port of 127.0.0.1, not registering, one codec, a
/// 440 Hz sine as its microphone and a WAV file as its speaker (no sound card needed), what it
/// hears also recorded by its sndfile module, SRTP when asked. It
/// answers every call at once, or, given a target, calls it as it starts. It quits after
/// Options::lifetime and is killed when the object goes away. Test (GUI) thread only; the
/// waits run the event loop.
class BaresipProcess : public ConsolePeer
{
    Q_OBJECT

public:
    struct Options
    {
        QString dial = {}; ///< a SIP URI to call as it starts; empty: answer calls
        std::chrono::seconds lifetime{30};
        /// A command baresip is started through, e.g. {"ip", "netns", "exec", NAME}; it must
        /// exec baresip in its own process (so that killing it kills baresip). Its port is
        /// still picked free on the test's own 127.0.0.1: a namespace of the test's own is
        /// empty.
        QStringList launcher = {};
        /// The account's mediaenc: "srtp" (best effort), "srtp-mand" (RTP/SAVP, required) or
        /// empty for plain RTP.
        QString mediaEncryption = {};
        /// Its only codec, by module name: "g711" (PCMU and PCMA) or "opus".
        QString codec = QStringLiteral("g711");
    };

    /// The frequency of its microphone's sine.
    static constexpr double Tone = 440;

    explicit BaresipProcess(Options options, QObject *parent = nullptr);

    /// Empty when baresip is installed, else the sentence a test fails with (not a skip:
    /// ./tools/dev.sh installs it).
    static QString missingMessage();

    /// Starts baresip and returns once it is ready; false and a sentence in \a error when it
    /// is not.
    bool start(QString *error, std::chrono::milliseconds timeout = std::chrono::seconds(15));
    /// sip:bare@127.0.0.1:PORT, valid after start().
    QString uri() const;
    /// The WAV file its sndfile module writes what it decoded in the last call to (16-bit
    /// mono at the codec's rate); empty before a call. Complete once the call has ended.
    QString heardFile() const;
    /// Its output so far, for a failed test's message.
    QString report();

private:
    bool writeConfig(QString *error);

    Options m_options;
    quint16 m_port = 0;
};
