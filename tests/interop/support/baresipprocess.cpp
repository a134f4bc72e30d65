#include "interop/support/baresipprocess.h"

#include "interop/support/launch.h"
#include "interop/support/reporttext.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QTcpServer>
#include <QUdpSocket>

namespace {

/// A UDP port of 127.0.0.1 free a moment ago whose next port is free for TCP too (baresip
/// listens for TLS there), or 0.
quint16 freePortPair()
{
    for (int attempt = 0; attempt < 20; ++attempt) {
        QUdpSocket udp;
        if (!udp.bind(QHostAddress::LocalHost, 0))
            return 0;
        const quint16 port = udp.localPort();
        if (port == 65535)
            continue;
        QTcpServer tcp;
        QTcpServer tls;
        if (tcp.listen(QHostAddress::LocalHost, port)
            && tls.listen(QHostAddress::LocalHost, port + 1))
            return port;
    }
    return 0;
}

} // namespace

BaresipProcess::BaresipProcess(Options options, QObject *parent)
    : ConsolePeer(parent)
    , m_options(std::move(options))
{}

QString BaresipProcess::missingMessage()
{
    return missingProgram(QStringLiteral("baresip"), QStringLiteral("baresip-core"));
}

bool BaresipProcess::writeConfig(QString *error)
{
    const QDir dir(m_directory.path());
    // The sine source runs at 48 kHz stereo only; baresip resamples to G.711 itself.
    const QString config
            = QStringLiteral("sip_listen 127.0.0.1:%1\n"
                             "module_path /usr/lib/baresip/modules\n"
                             "module %5.so\n"
                             "module ausine.so\n"
                             "module aufile.so\n"
                             "module sndfile.so\n"
                             "snd_path %4\n"
                             "module srtp.so\n" // before the accounts that use it
                             "module account.so\n"
                             "module menu.so\n"
                             "audio_source ausine,440\n"
                             "audio_player aufile,%2\n"
                             "audio_alert aufile,%3\n"
                             "ausrc_srate 48000\n"
                             "auplay_srate 48000\n"
                             "ausrc_channels 2\n"
                             "auplay_channels 2\n")
                      .arg(m_port)
                      .arg(dir.filePath(QStringLiteral("heard.wav")),
                           dir.filePath(QStringLiteral("alert.wav")), dir.path(), m_options.codec);
    QString accounts
            = QStringLiteral("<sip:bare@127.0.0.1:%1>;regint=0;answermode=auto").arg(m_port);
    if (!m_options.mediaEncryption.isEmpty())
        accounts += QStringLiteral(";mediaenc=") + m_options.mediaEncryption;
    accounts += u'\n';
    for (const auto &[name, text] : {std::pair{QStringLiteral("config"), config},
                                     std::pair{QStringLiteral("accounts"), accounts}}) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(text.toUtf8()) < 0) {
            *error = QStringLiteral("cannot write ") + file.fileName();
            return false;
        }
    }
    return true;
}

bool BaresipProcess::start(QString *error, std::chrono::milliseconds timeout)
{
    if (const QString missing = missingMessage(); !missing.isEmpty()) {
        *error = missing;
        return false;
    }
    m_port = freePortPair();
    if (m_port == 0 || !m_directory.isValid()) {
        *error = QStringLiteral("no free port or temporary directory for baresip");
        return false;
    }
    if (!writeConfig(error))
        return false;
    // -n: its SDP names 127.0.0.1, not the machine's other address; -t: it quits by itself.
    QStringList arguments{QStringLiteral("-f"), m_directory.path(),
                          QStringLiteral("-n"), QStringLiteral("127.0.0.1"),
                          QStringLiteral("-t"), QString::number(m_options.lifetime.count())};
    if (!m_options.dial.isEmpty())
        arguments += {QStringLiteral("-e"), QStringLiteral("/dial ") + m_options.dial};
    interop::startThrough(m_process, m_options.launcher, QStringLiteral("baresip"), arguments);
    if (!waitForOutput("baresip is ready", timeout)) {
        *error = QStringLiteral("baresip did not start:\n") + report();
        return false;
    }
    return true;
}

QString BaresipProcess::uri() const
{
    return QStringLiteral("sip:bare@127.0.0.1:%1").arg(m_port);
}

QString BaresipProcess::heardFile() const
{
    const QDir dir(m_directory.path());
    const QStringList dumps
            = dir.entryList({QStringLiteral("dump-*-dec.wav")}, QDir::Files, QDir::Time);
    return dumps.isEmpty() ? QString() : dir.filePath(dumps.front());
}

QString BaresipProcess::report()
{
    return QStringLiteral("==== baresip on 127.0.0.1:%1 (%2)\n").arg(m_port).arg(status())
           + interop::tail(output(), 20000);
}
