#include "settings.h"

#include "accountsfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHostAddress>

namespace {
constexpr auto kListen = "sip/listen";
constexpr auto kT1 = "sip/t1";
constexpr auto kNoAnswerTimeout = "calls/noAnswerTimeout";
constexpr auto kSrtp = "calls/srtp";
constexpr auto kLastAddress = "ui/lastAddress";
constexpr auto kTlsCaFile = "tls/caFile";
constexpr auto kTlsCertificate = "tls/certificate";
constexpr auto kTlsPrivateKey = "tls/privateKey";
} // namespace

Settings::Settings(const QString &directory)
    : m_directory(directory)
{
    QDir().mkpath(directory);
    m_settings = std::make_unique<QSettings>(filePath(), QSettings::IniFormat);
}

QString Settings::filePath() const
{
    return QDir(m_directory).filePath(QStringLiteral("ringback.ini"));
}

QString Settings::sipListen() const
{
    return m_settings->value(QLatin1String(kListen), QStringLiteral("0.0.0.0:5060")).toString();
}

void Settings::setSipListen(const QString &value)
{
    m_settings->setValue(QLatin1String(kListen), value);
    m_settings->sync();
}

int Settings::noAnswerTimeout() const
{
    return m_settings->value(QLatin1String(kNoAnswerTimeout), 60).toInt();
}

int Settings::sipT1() const
{
    return m_settings->value(QLatin1String(kT1), 500).toInt();
}

QString Settings::tlsCaFile() const
{
    return m_settings->value(QLatin1String(kTlsCaFile)).toString();
}

QString Settings::tlsCertificate() const
{
    return m_settings->value(QLatin1String(kTlsCertificate)).toString();
}

QString Settings::tlsPrivateKey() const
{
    return m_settings->value(QLatin1String(kTlsPrivateKey)).toString();
}

void Settings::setTlsFiles(const QString &caFile,
                           const QString &certificate,
                           const QString &privateKey)
{
    m_settings->setValue(QLatin1String(kTlsCaFile), caFile);
    m_settings->setValue(QLatin1String(kTlsCertificate), certificate);
    m_settings->setValue(QLatin1String(kTlsPrivateKey), privateKey);
    m_settings->sync();
}

QString Settings::lastAddress() const
{
    return m_settings->value(QLatin1String(kLastAddress)).toString();
}

void Settings::setLastAddress(const QString &address)
{
    m_settings->setValue(QLatin1String(kLastAddress), address);
    m_settings->sync();
}

QString Settings::audioDevice(const QString &role) const
{
    return m_settings->value(QStringLiteral("audio/") + role).toString();
}

void Settings::setAudioDevice(const QString &role, const QString &id)
{
    if (id.isEmpty())
        m_settings->remove(QStringLiteral("audio/") + role);
    else
        m_settings->setValue(QStringLiteral("audio/") + role, id);
    m_settings->sync();
}

QString Settings::srtp() const
{
    return m_settings->value(QLatin1String(kSrtp), QStringLiteral("off")).toString().toLower();
}

bool Settings::audioProcessing(const QString &name) const
{
    return m_settings->value(QStringLiteral("audio/") + name, true).toBool();
}

void Settings::setAudioProcessing(const QString &name, bool on)
{
    m_settings->setValue(QStringLiteral("audio/") + name, on);
    m_settings->sync();
}

bool Settings::parseListenAddress(const QString &value,
                                  QString *host,
                                  quint16 *port,
                                  QString *error)
{
    const QString text = value.trimmed();
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    QString hostPart = colon > 0 ? text.left(colon) : QString();
    const QString portPart = colon > 0 ? text.mid(colon + 1) : QString();
    if (hostPart.startsWith(QLatin1Char('[')) && hostPart.endsWith(QLatin1Char(']')))
        hostPart = hostPart.mid(1, hostPart.size() - 2);
    bool portOk = false;
    const uint portValue = portPart.toUInt(&portOk);
    QHostAddress address;
    if (colon <= 0 || !address.setAddress(hostPart) || !portOk || portValue > 65535) {
        if (error)
            *error = QCoreApplication::translate(
                             "Settings", "The SIP listen address \"%1\" is not valid: write it as "
                                         "HOST:PORT with an IP address, for example 0.0.0.0:5060, "
                                         "127.0.0.1:0 (any free port) or [::1]:5060.")
                             .arg(value);
        return false;
    }
    *host = hostPart;
    *port = static_cast<quint16>(portValue);
    return true;
}

QString Settings::validate() const
{
    QString host;
    quint16 port = 0;
    QString error;
    if (!parseListenAddress(sipListen(), &host, &port, &error))
        return error + QLatin1Char(' ')
               + QCoreApplication::translate("Settings", "(setting sip/listen in %1)")
                         .arg(filePath());
    bool ok = false;
    const int t1 = m_settings->value(QLatin1String(kT1), 500).toInt(&ok);
    if (!ok || t1 < 1 || t1 > 10000)
        return QCoreApplication::translate("Settings",
                                           "The SIP timer T1 must be a number of milliseconds "
                                           "between 1 and 10000 (setting sip/t1 in %1).")
                .arg(filePath());
    const int noAnswer = m_settings->value(QLatin1String(kNoAnswerTimeout), 60).toInt(&ok);
    if (!ok || noAnswer < 0 || noAnswer > 3600)
        return QCoreApplication::translate("Settings",
                                           "The time an incoming call rings must be a number of "
                                           "seconds between 0 (no limit) and 3600 (setting "
                                           "calls/noAnswerTimeout in %1).")
                .arg(filePath());
    if (!AccountsFile::srtpModes().contains(srtp()))
        return QCoreApplication::translate("Settings",
                                           "Encrypting the audio must be off, optional or "
                                           "required, not \"%1\" (setting calls/srtp in %2).")
                .arg(srtp(), filePath());
    for (const char *name : {"echoCancellation", "noiseSuppression", "gainControl"}) {
        const QString key = QStringLiteral("audio/") + QLatin1String(name);
        const QString value = m_settings->value(key, true).toString().toLower();
        if (value != QLatin1String("true") && value != QLatin1String("false"))
            return QCoreApplication::translate("Settings",
                                               "Audio clean-up switches are true or false, not "
                                               "\"%1\" (setting %2 in %3).")
                    .arg(value, key, filePath());
    }
    const struct
    {
        const char *key;
        QString value;
    } files[] = {{kTlsCaFile, tlsCaFile()},
                 {kTlsCertificate, tlsCertificate()},
                 {kTlsPrivateKey, tlsPrivateKey()}};
    for (const auto &file : files) {
        if (!file.value.isEmpty() && !QFileInfo(file.value).isReadable())
            return QCoreApplication::translate("Settings",
                                               "The TLS file \"%1\" cannot be read: name a "
                                               "readable PEM file or leave it empty (setting %2 "
                                               "in %3).")
                    .arg(file.value, QLatin1String(file.key), filePath());
    }
    if (tlsCertificate().isEmpty() != tlsPrivateKey().isEmpty())
        return QCoreApplication::translate("Settings",
                                           "A TLS certificate needs its private key and a key "
                                           "its certificate: set both tls/certificate and "
                                           "tls/privateKey, or neither, in %1.")
                .arg(filePath());
    return {};
}
