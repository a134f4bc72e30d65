#pragma once

#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <chrono>
#include <memory>

/// A PulseAudio server of the test's own, with sound devices that are files and null sinks
/// rather than hardware: it listens on a socket in a temporary directory (address(), for
/// PULSE_SERVER), loads only the modules the test asks for, touches no user configuration,
/// and is stopped with everything it played when the object goes away. Test thread only.
class PulseAudioServer
{
public:
    PulseAudioServer();
    ~PulseAudioServer();
    PulseAudioServer(const PulseAudioServer &) = delete;
    PulseAudioServer &operator=(const PulseAudioServer &) = delete;

    /// Starts the server and waits until it takes clients. False, with why in \a error
    /// (pulseaudio missing, or what it said), when it does not.
    bool start(QString *error, std::chrono::milliseconds timeout = std::chrono::seconds(20));
    /// "unix:/…/native": what PULSE_SERVER names.
    QString address() const;
    /// For a client of this server (pactl, pacat, parec): PULSE_SERVER, and state kept in
    /// the server's directory, never the user's.
    QProcessEnvironment clientEnvironment() const;

    /// `pactl load-module` \a module with \a arguments; the module's index, or -1 with why in
    /// \a error.
    int loadModule(const QString &module, const QStringList &arguments, QString *error);
    /// `pactl` with \a arguments (unload-module, set-default-sink, …); false with its
    /// complaint in \a error.
    bool pactl(const QStringList &arguments, QString *error);
    /// Plays \a rawFile (16-bit, \a channels interleaved, at \a rate) into the sink \a sink,
    /// once, in real time (pacat). The player, whose finished() marks the end, is the
    /// server's and stops with it; null, with why in \a error, when pacat does not start.
    QProcess *
    play(const QString &sink, const QString &rawFile, int rate, QString *error, int channels = 1);

    /// What the server logged, for a failure's report.
    QString log() const;

private:
    QTemporaryDir m_directory;
    QProcess m_server;
    QByteArray m_log;
    QString m_lastOutput; ///< the last successful pactl's, trimmed
    QList<QProcess *> m_players;
};
