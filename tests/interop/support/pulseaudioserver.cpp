#include "interop/support/pulseaudioserver.h"

#include <QEventLoop>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTimer>

namespace {

/// pactl, pacat and parec find the server by this; they and pulseaudio itself keep their
/// state and runtime files under \a directory, never the user's.
QProcessEnvironment environmentFor(const QString &directory, const QString &address)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), directory);
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), directory);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), directory + QStringLiteral("/config"));
    environment.insert(QStringLiteral("PULSE_RUNTIME_PATH"), directory + QStringLiteral("/run"));
    environment.insert(QStringLiteral("PULSE_STATE_PATH"), directory + QStringLiteral("/state"));
    environment.insert(QStringLiteral("PULSE_SERVER"), address);
    return environment;
}

} // namespace

PulseAudioServer::PulseAudioServer() = default;

PulseAudioServer::~PulseAudioServer()
{
    for (QProcess *player : std::as_const(m_players)) {
        player->kill();
        player->waitForFinished(5000);
        delete player;
    }
    if (m_server.state() != QProcess::NotRunning) {
        m_server.terminate();
        if (!m_server.waitForFinished(5000)) {
            m_server.kill();
            m_server.waitForFinished(5000);
        }
    }
}

QProcessEnvironment PulseAudioServer::clientEnvironment() const
{
    return environmentFor(m_directory.path(), address());
}

QString PulseAudioServer::address() const
{
    return QStringLiteral("unix:") + m_directory.filePath(QStringLiteral("native"));
}

bool PulseAudioServer::start(QString *error, std::chrono::milliseconds timeout)
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("pulseaudio"));
    if (program.isEmpty() || QStandardPaths::findExecutable(QStringLiteral("pactl")).isEmpty()) {
        *error = QStringLiteral("pulseaudio or pactl is missing: ./tools/dev.sh deps installs "
                                "them (Debian: pulseaudio, pulseaudio-utils)");
        return false;
    }
    if (!m_directory.isValid()) {
        *error = QStringLiteral("cannot make a temporary directory");
        return false;
    }
    m_server.setProcessEnvironment(environmentFor(m_directory.path(), address()));
    m_server.setProcessChannelMode(QProcess::SeparateChannels);
    // -n: no default script, so nothing but what the test loads; anonymous clients on a
    // socket of our own; running as root is allowed (with a warning).
    m_server.setProgram(program);
    m_server.setArguments({QStringLiteral("-n"), QStringLiteral("--daemonize=no"),
                           QStringLiteral("--exit-idle-time=-1"),
                           QStringLiteral("--use-pid-file=no"),
                           QStringLiteral("--log-target=stderr"),
                           QStringLiteral("--log-level=info"), QStringLiteral("-L"),
                           QStringLiteral("module-native-protocol-unix auth-anonymous=1 socket=")
                                   + m_directory.filePath(QStringLiteral("native"))});
    QEventLoop loop;
    bool ready = false;
    QObject::connect(&m_server, &QProcess::readyReadStandardError, &loop, [&] {
        m_log.append(m_server.readAllStandardError());
        if (m_log.contains("Daemon startup complete")) {
            ready = true;
            loop.quit();
        }
    });
    QObject::connect(&m_server, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&m_server, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    m_server.start();
    loop.exec();
    QObject::disconnect(&m_server, nullptr, &loop, nullptr);
    QObject::connect(&m_server, &QProcess::readyReadStandardError, &m_server,
                     [this] { m_log.append(m_server.readAllStandardError()); });
    if (!ready) {
        *error = QStringLiteral("pulseaudio did not start:\n") + log();
        return false;
    }
    return true;
}

bool PulseAudioServer::pactl(const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setProcessEnvironment(clientEnvironment());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("pactl"), arguments);
    if (!process.waitForFinished(15000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        process.kill();
        *error = QStringLiteral("pactl %1 failed: %2")
                         .arg(arguments.join(u' '), QString::fromUtf8(process.readAll()));
        return false;
    }
    m_lastOutput = QString::fromUtf8(process.readAll()).trimmed();
    return true;
}

int PulseAudioServer::loadModule(const QString &module,
                                 const QStringList &arguments,
                                 QString *error)
{
    if (!pactl(QStringList{QStringLiteral("load-module"), module} + arguments, error))
        return -1;
    bool ok = false;
    const int index = m_lastOutput.toInt(&ok);
    if (!ok) {
        *error = QStringLiteral("pactl load-module %1 printed \"%2\", not an index")
                         .arg(module, m_lastOutput);
        return -1;
    }
    return index;
}

QProcess *PulseAudioServer::play(
        const QString &sink, const QString &rawFile, int rate, QString *error, int channels)
{
    auto *player = new QProcess;
    m_players.append(player);
    player->setProcessEnvironment(clientEnvironment());
    player->start(QStringLiteral("pacat"),
                  {QStringLiteral("--playback"), QStringLiteral("--device=") + sink,
                   QStringLiteral("--format=s16le"), QStringLiteral("--rate=%1").arg(rate),
                   QStringLiteral("--channels=%1").arg(channels), QStringLiteral("--raw"),
                   rawFile});
    if (!player->waitForStarted(10000)) {
        *error = QStringLiteral("pacat did not start: %1").arg(player->errorString());
        return nullptr;
    }
    return player;
}

QString PulseAudioServer::log() const
{
    return QString::fromUtf8(m_log.right(20000));
}
