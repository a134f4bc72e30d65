#include "interop/support/linphonecprocess.h"

#include "interop/support/launch.h"
#include "interop/support/reporttext.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>

namespace {

constexpr qsizetype ReportedLogChars = 30000;

/// Writes \a text to \a path; false and why in \a error when it cannot.
bool writeFile(const QString &path, const QString &text, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text.toUtf8()) < 0) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

LinphonecProcess::LinphonecProcess(Options options, QObject *parent)
    : ConsolePeer(parent)
    , m_options(std::move(options))
{}

QString LinphonecProcess::missingMessage()
{
    return missingProgram(QStringLiteral("linphonec"), QStringLiteral("linphone-cli"));
}

bool LinphonecProcess::writeConfig(QString *error)
{
    const QDir dir(m_directory.path());
    // Without the directory of its database liblinphone never starts its core: it stays
    // without a SIP socket and says nothing at the prompt.
    if (!dir.mkpath(QStringLiteral("home/.local/share/linphone"))) {
        *error = QStringLiteral("cannot make linphonec's home in ") + dir.path();
        return false;
    }
    const QString config
            = QStringLiteral("[sip]\n"
                             "sip_port=%1\n"
                             "sip_tcp_port=-1\n"
                             "sip_tls_port=-1\n"
                             "contact=sip:lp@127.0.0.1\n"
                             "%3"
                             "[rtp]\n"
                             "audio_rtp_port=%2\n")
                      .arg(m_options.port)
                      .arg(m_options.port + 2)
                      .arg(m_options.srtp ? QStringLiteral("media_encryption=srtp\n"
                                                           "media_encryption_mandatory=1\n")
                                          : QString());
    return writeFile(dir.filePath(QStringLiteral("linphonerc")), config, error);
}

bool LinphonecProcess::start(QString *error, std::chrono::milliseconds timeout)
{
    if (const QString missing = missingMessage(); !missing.isEmpty()) {
        *error = missing;
        return false;
    }
    if (!m_directory.isValid()) {
        *error = QStringLiteral("no temporary directory for linphonec: ")
                 + m_directory.errorString();
        return false;
    }
    if (!writeConfig(error))
        return false;
    const QDir dir(m_directory.path());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), dir.filePath(QStringLiteral("home")));
    m_process.setProcessEnvironment(environment);
    QStringList arguments{QStringLiteral("-c"), dir.filePath(QStringLiteral("linphonerc"))};
    if (m_options.debugLog)
        arguments << QStringLiteral("-d") << QStringLiteral("6") << QStringLiteral("-l")
                  << dir.filePath(QStringLiteral("linphonec.log"));
    interop::startThrough(m_process, m_options.launcher, QStringLiteral("linphonec"), arguments);
    if (!waitForOutput("linphonec> ", timeout)) {
        *error = QStringLiteral("linphonec did not start:\n") + report();
        return false;
    }
    return true;
}

QString LinphonecProcess::uri() const
{
    return QStringLiteral("sip:lp@127.0.0.1:%1").arg(m_options.port);
}

bool LinphonecProcess::useOnlyCodec(const QString &codec, QString *error)
{
    const qsizetype listed = output().size();
    send(QStringLiteral("codec list"));
    // The list ends with the last codec line and a new prompt.
    if (!waitForOutput("L16 (")) {
        *error = QStringLiteral("linphonec listed no codecs:\n") + report();
        return false;
    }
    // Lines such as " 3: PCMU (8000) enabled".
    static const QRegularExpression line(QStringLiteral("^\\s*(\\d+): (\\S+) \\("),
                                         QRegularExpression::MultilineOption);
    bool found = false;
    QStringList commands;
    for (const auto &match : line.globalMatch(output().mid(listed))) {
        const bool wanted = match.captured(2) == codec;
        found = found || wanted;
        commands << (wanted ? QStringLiteral("codec enable ") : QStringLiteral("codec disable "))
                            + match.captured(1);
    }
    if (!found) {
        *error = QStringLiteral("linphonec has no codec %1:\n%2").arg(codec, output().mid(listed));
        return false;
    }
    for (const QString &command : commands)
        send(command);
    return true;
}

void LinphonecProcess::send(const QString &command)
{
    m_process.write((command + u'\n').toUtf8());
}

QString LinphonecProcess::report()
{
    QFile log(QDir(m_directory.path()).filePath(QStringLiteral("linphonec.log")));
    const QString logText = log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll())
                                                          : QStringLiteral("(no log)");
    return QStringLiteral("==== linphonec on 127.0.0.1:%1 (%2)\n%3\n---- linphonec log:\n%4\n")
            .arg(QString::number(m_options.port), status(), output(),
                 interop::tail(logText, ReportedLogChars));
}
