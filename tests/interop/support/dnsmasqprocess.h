#pragma once

#include <QObject>
#include <QProcess>
#include <QStringList>

#include <chrono>

/// dnsmasq (Debian package dnsmasq) serving the records a test gives, as a DNS server on
/// 127.0.0.1 at a free UDP port, for the server location tests (RFC 3263). It answers only
/// from those records: no upstream servers, no /etc/hosts, names under .test it does not know
/// are NXDOMAIN at once. The process is stopped when the object goes away. Test (GUI) thread
/// only; the wait runs the event loop.
class DnsmasqProcess : public QObject
{
    Q_OBJECT

public:
    explicit DnsmasqProcess(QObject *parent = nullptr);
    ~DnsmasqProcess() override;

    /// Empty when dnsmasq is installed, else the sentence a test fails with.
    static QString missingMessage();

    /// Starts dnsmasq with \a records (dnsmasq options such as "--srv-host=…",
    /// "--naptr-record=…", "--host-record=…") and returns once it serves them. False and a
    /// sentence in \a error when it cannot be started.
    bool start(const QStringList &records,
               QString *error,
               std::chrono::milliseconds timeout = std::chrono::seconds(15));
    /// The UDP port it answers on (valid after start()).
    quint16 port() const { return m_port; }
    /// Its log so far and how it ended, for a failed test's message.
    QString report();

private:
    QProcess m_process;
    QByteArray m_output;
    quint16 m_port = 0;
};
