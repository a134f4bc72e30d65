#pragma once

#include <QSettings>
#include <QString>

#include <memory>

/// Ringback's settings and data directory (`--config DIR`, else the platform's config
/// location). Settings live in DIR/ringback.ini and are written through at once, so a crash
/// loses nothing. GUI thread only.
class Settings
{
public:
    explicit Settings(const QString &directory);

    QString directory() const { return m_directory; }
    QString filePath() const;

    /// "HOST:PORT" the SIP transport binds ([v6]:port for IPv6); default "0.0.0.0:5060".
    QString sipListen() const;
    void setSipListen(const QString &value);
    /// RFC 3261 T1 in milliseconds (default 500).
    int sipT1() const;
    /// Seconds an incoming call rings before it is answered 480 (default 60; 0: no limit).
    int noAnswerTimeout() const;
    /// PEM files for SIP over TLS, each empty when unset: the CAs to trust (empty: the
    /// system's), and the certificate and private key we present (both or neither).
    QString tlsCaFile() const;
    QString tlsCertificate() const;
    QString tlsPrivateKey() const;
    void setTlsFiles(const QString &caFile, const QString &certificate, const QString &privateKey);
    /// The id of the sound device chosen for \a role ("microphone", "speaker" or "ringer");
    /// empty: the system's default.
    QString audioDevice(const QString &role) const;
    void setAudioDevice(const QString &role, const QString &id);
    /// Whether the microphone's audio goes through \a name: "echoCancellation",
    /// "noiseSuppression" or "gainControl" (audio/NAME, default on).
    bool audioProcessing(const QString &name) const;
    void setAudioProcessing(const QString &name, bool on);
    /// Whether calls not made through an account, and calls to our own address, encrypt
    /// their audio: "off", "optional" or "required" (calls/srtp, default "off";
    /// AccountsFile::srtpModes()).
    QString srtp() const;
    /// The address last dialled from the main window.
    QString lastAddress() const;
    void setLastAddress(const QString &address);

    /// Splits "HOST:PORT" (IPv4 literal, [IPv6] literal, port 0-65535). Returns false and a
    /// sentence saying what to write instead in \a error.
    static bool
    parseListenAddress(const QString &value, QString *host, quint16 *port, QString *error);
    /// Checks every stored value; returns a sentence naming the first bad one and how to fix
    /// it, or an empty string.
    QString validate() const;

private:
    QString m_directory;
    std::unique_ptr<QSettings> m_settings;
};
