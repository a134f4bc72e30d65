#include "interop/support/kamailioprocess.h"
#include "interop/support/processwait.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QStandardPaths>
#include <QTcpServer>
#include <QUdpSocket>

namespace {

constexpr auto ModuleDirectory = "/usr/lib/x86_64-linux-gnu/kamailio/modules";
constexpr auto SchemaDirectory = "/usr/share/kamailio/dbtext/kamailio";
constexpr auto ReadyLine = "ringback-test: ready";

/// A port of \a host free for both UDP and TCP a moment ago, or 0.
quint16 freePort(const QHostAddress &host)
{
    for (int attempt = 0; attempt < 20; ++attempt) {
        QTcpServer tcp;
        if (!tcp.listen(host, 0))
            return 0;
        QUdpSocket udp;
        if (udp.bind(host, tcp.serverPort(), QUdpSocket::DontShareAddress))
            return tcp.serverPort();
    }
    return 0;
}

QString program()
{
    QString found = QStandardPaths::findExecutable(QStringLiteral("kamailio"));
    if (found.isEmpty()) // /usr/sbin is not in every PATH
        found = QStandardPaths::findExecutable(QStringLiteral("kamailio"),
                                               {QStringLiteral("/usr/sbin")});
    return found;
}

} // namespace

KamailioProcess::KamailioProcess(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_process, &QProcess::readyRead, this,
            [this] { m_output.append(m_process.readAll()); });
}

KamailioProcess::~KamailioProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate(); // SIGTERM: the main process stops its children
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
}

QString KamailioProcess::missingMessage()
{
    if (program().isEmpty())
        return QStringLiteral("kamailio is not installed (./tools/dev.sh deps installs it)");
    if (!QFileInfo::exists(QLatin1String(ModuleDirectory) + QStringLiteral("/tls.so")))
        return QStringLiteral("Kamailio's TLS module is not installed (package "
                              "kamailio-tls-modules; ./tools/dev.sh deps installs it)");
    if (!QFileInfo::exists(QLatin1String(ModuleDirectory) + QStringLiteral("/websocket.so")))
        return QStringLiteral("Kamailio's WebSocket module is not installed (package "
                              "kamailio-websocket-modules; ./tools/dev.sh deps installs it)");
    if (!QFileInfo::exists(QLatin1String(ModuleDirectory) + QStringLiteral("/presence.so")))
        return QStringLiteral("Kamailio's presence modules are not installed (package "
                              "kamailio-presence-modules; ./tools/dev.sh deps installs it)");
    return {};
}

bool KamailioProcess::start(QString *error, std::chrono::milliseconds timeout)
{
    if (const QString missing = missingMessage(); !missing.isEmpty()) {
        *error = missing;
        return false;
    }
    if (!m_directory.isValid()) {
        *error = QStringLiteral("no temporary directory: ") + m_directory.errorString();
        return false;
    }
    const QHostAddress host(m_options.host);
    // Another program may take a port between the probe and Kamailio's bind: then Kamailio
    // exits at once and other ports are tried.
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = freePort(host);
        QTcpServer probes[3];
        for (QTcpServer &probe : probes)
            probe.listen(host, 0); // held together, so the three differ
        m_tlsPort = probes[0].serverPort();
        m_wsPort = probes[1].serverPort();
        m_wssPort = probes[2].serverPort();
        for (QTcpServer &probe : probes)
            probe.close();
        if (m_port == 0 || m_tlsPort == 0 || m_wsPort == 0 || m_wssPort == 0) {
            *error = QStringLiteral("no free port on ") + m_options.host;
            return false;
        }
        if (!writeConfig(error))
            return false;
        switch (launch(timeout)) {
        case Startup::Listening:
            return true;
        case Startup::PortTaken:
            continue;
        case Startup::Failed:
            *error = QStringLiteral("Kamailio did not start:\n") + report();
            return false;
        }
    }
    *error = QStringLiteral("Kamailio found no free port:\n") + report();
    return false;
}

bool KamailioProcess::writeConfig(QString *error)
{
    if (!m_options.subscribers.isEmpty() && !writeDatabase(error))
        return false;
    QFile source(QStringLiteral(RINGBACK_SOURCE_DIR "/tests/interop/kamailio/") + m_options.config);
    if (!source.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read ") + source.fileName();
        return false;
    }
    const bool v6 = m_options.host.contains(u':');
    const QString host = v6 ? u'[' + m_options.host + u']' : m_options.host;
    QString text = QString::fromUtf8(source.readAll());
    text.replace(QStringLiteral("@HOST@"), host)
            .replace(QStringLiteral("@PORT@"), QString::number(m_port))
            .replace(QStringLiteral("@TLS_PORT@"), QString::number(m_tlsPort))
            .replace(QStringLiteral("@WS_PORT@"), QString::number(m_wsPort))
            .replace(QStringLiteral("@WSS_PORT@"), QString::number(m_wssPort))
            .replace(QStringLiteral("@MODULES@"), QLatin1String(ModuleDirectory))
            .replace(QStringLiteral("@CERTIFICATE@"), m_options.certificate)
            .replace(QStringLiteral("@PRIVATE_KEY@"), m_options.privateKey)
            .replace(QStringLiteral("@DB@"),
                     QDir(m_directory.path()).filePath(QStringLiteral("db")))
            .replace(QStringLiteral("@ALGORITHM@"), m_options.algorithm);
    QFile config(QDir(m_directory.path()).filePath(QStringLiteral("kamailio.cfg")));
    if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || config.write(text.toUtf8()) < 0) {
        *error = QStringLiteral("cannot write ") + config.fileName();
        return false;
    }
    return true;
}

bool KamailioProcess::writeDatabase(QString *error)
{
    // db_text: one file per table, a header line naming the columns, then rows. The empty
    // tables and "version" (each table's schema version) are the ones Kamailio's package
    // ships, so they fit the Kamailio that runs; the subscribers are added here.
    const QDir db(QDir(m_directory.path()).filePath(QStringLiteral("db")));
    QDir().mkpath(db.path());
    const QDir schemas{QLatin1String(SchemaDirectory)};
    for (const char *table : {"version", "subscriber", "location", "location_attrs", "presentity",
                              "active_watchers", "watchers", "xcap"}) {
        const QString name = QLatin1String(table);
        QFile schema(schemas.filePath(name));
        if (!schema.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1 (package kamailio): %2")
                             .arg(schema.fileName(), schema.errorString());
            return false;
        }
        QByteArray text = schema.readAll();
        if (name == QLatin1String("subscriber")) {
            int id = 0;
            for (const auto &[user, password] : std::as_const(m_options.subscribers))
                text += QStringLiteral("%1:%2:%3:%4:unused:unused\n")
                                .arg(++id)
                                .arg(user, m_options.host, password)
                                .toUtf8();
        }
        QFile file(db.filePath(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) < 0) {
            *error = QStringLiteral("cannot write ") + file.fileName();
            return false;
        }
    }
    return true;
}

KamailioProcess::Startup KamailioProcess::launch(std::chrono::milliseconds timeout)
{
    m_output.clear();
    m_process.setWorkingDirectory(m_directory.path());
    // -DD: stay in the foreground (children still fork); -E: log to stderr; small memory.
    m_process.start(program(), {QStringLiteral("-f"),
                                QDir(m_directory.path()).filePath(QStringLiteral("kamailio.cfg")),
                                QStringLiteral("-DD"), QStringLiteral("-E"), QStringLiteral("-m"),
                                QStringLiteral("32"), QStringLiteral("-M"), QStringLiteral("8")});
    // The main process binds every socket, then forks the workers; the first one logs the
    // config's ready line (event_route[core:worker-one-init]).
    interop::waitForOutput(m_process, m_output, ReadyLine, timeout);
    if (m_process.state() == QProcess::NotRunning) {
        m_output.append(m_process.readAll());
        return m_output.contains("Address already in use") ? Startup::PortTaken : Startup::Failed;
    }
    return m_output.contains(ReadyLine) ? Startup::Listening : Startup::Failed;
}

QString KamailioProcess::report()
{
    m_output.append(m_process.readAll());
    QString state = m_process.state() == QProcess::NotRunning
                            ? QStringLiteral("exited with %1").arg(m_process.exitCode())
                            : QStringLiteral("running");
    return QStringLiteral("==== Kamailio on %1 (udp/tcp %2, tls %3, ws %4, wss %5), %6\n")
                   .arg(m_options.host)
                   .arg(m_port)
                   .arg(m_tlsPort)
                   .arg(m_wsPort)
                   .arg(m_wssPort)
                   .arg(state)
           + QString::fromUtf8(m_output.right(20000));
}
