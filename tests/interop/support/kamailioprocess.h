#pragma once

#include <QList>
#include <QObject>
#include <QPair>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <chrono>

/// Kamailio (Debian package kamailio, with kamailio-tls-, -websocket- and -presence-modules)
/// running tests/interop/kamailio/registrar.cfg (or Options::config) on one loopback address, for
/// the interop tests: UDP and TCP on one free port, TLS, WebSocket and secure WebSocket on one
/// each, the TLS certificate the test gives (for TLS and WSS). It answers OPTIONS with 200 and
/// keeps REGISTER bindings in memory. The process is stopped when the object goes away. Test (GUI)
/// thread only; the waits run the event loop, and its log is read only while they do (or on
/// report()).
class KamailioProcess : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString host = QStringLiteral("127.0.0.1"); ///< IPv4 or IPv6 literal (no brackets)
        QString certificate;                        ///< PEM, for the TLS listener
        QString privateKey;
        /// The file in tests/interop/kamailio to run: registrar.cfg, proxy.cfg (a registrar
        /// and proxy with Digest authentication, UDP and TCP only) or presence.cfg (a
        /// presence server with Digest authentication, UDP and TCP only).
        QString config = QStringLiteral("registrar.cfg");
        /// The users of proxy.cfg and presence.cfg and their passwords (domain: host), written
        /// to their db_text tables (none: no tables, as registrar.cfg needs none).
        QList<QPair<QString, QString>> subscribers = {};
        /// proxy.cfg's Digest algorithm: "MD5" or "SHA-256".
        QString algorithm = QStringLiteral("MD5");
    };

    explicit KamailioProcess(Options options, QObject *parent = nullptr);
    ~KamailioProcess() override;

    /// Empty when kamailio and its TLS module are installed, else the sentence a test fails
    /// with (not a skip: ./tools/dev.sh installs them).
    static QString missingMessage();

    /// Picks free ports, starts Kamailio and returns once it has bound them and its first
    /// worker runs (the config's ready line). Returns false and a sentence in \a error when it
    /// cannot be started.
    bool start(QString *error, std::chrono::milliseconds timeout = std::chrono::seconds(15));
    /// The UDP and TCP port, and the TLS, WS and WSS ports (valid after start()).
    quint16 port() const { return m_port; }
    quint16 tlsPort() const { return m_tlsPort; }
    quint16 wsPort() const { return m_wsPort; }
    quint16 wssPort() const { return m_wssPort; }
    /// Kamailio's log so far and how it ended, for a failed test's message.
    QString report();

private:
    enum class Startup { Listening, PortTaken, Failed };

    Startup launch(std::chrono::milliseconds timeout);
    bool writeConfig(QString *error);
    /// The db_text tables proxy.cfg and presence.cfg use, in DIR/db.
    bool writeDatabase(QString *error);

    Options m_options;
    QTemporaryDir m_directory;
    QProcess m_process;
    QByteArray m_output;
    quint16 m_port = 0;
    quint16 m_tlsPort = 0;
    quint16 m_wsPort = 0;
    quint16 m_wssPort = 0;
};
