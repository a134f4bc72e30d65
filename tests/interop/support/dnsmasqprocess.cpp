#include "interop/support/dnsmasqprocess.h"
#include "interop/support/processwait.h"

#include <QHostAddress>
#include <QStandardPaths>
#include <QUdpSocket>

namespace {

constexpr auto ReadyLine = "started, version";

QString program()
{
    QString found = QStandardPaths::findExecutable(QStringLiteral("dnsmasq"));
    if (found.isEmpty()) // /usr/sbin is not in every PATH
        found = QStandardPaths::findExecutable(QStringLiteral("dnsmasq"),
                                               {QStringLiteral("/usr/sbin")});
    return found;
}

} // namespace

DnsmasqProcess::DnsmasqProcess(QObject *parent)
    : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_process, &QProcess::readyRead, this,
            [this] { m_output.append(m_process.readAll()); });
}

DnsmasqProcess::~DnsmasqProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
}

QString DnsmasqProcess::missingMessage()
{
    if (program().isEmpty())
        return QStringLiteral("dnsmasq is not installed (./tools/dev.sh deps installs it)");
    return {};
}

bool DnsmasqProcess::start(const QStringList &records,
                           QString *error,
                           std::chrono::milliseconds timeout)
{
    if (const QString missing = missingMessage(); !missing.isEmpty()) {
        *error = missing;
        return false;
    }
    // Another program may take the port between the probe and dnsmasq's bind: then dnsmasq
    // exits at once and another port is tried.
    for (int attempt = 0; attempt < 3; ++attempt) {
        {
            QUdpSocket probe;
            if (!probe.bind(QHostAddress::LocalHost, 0)) {
                *error = QStringLiteral("no free UDP port on 127.0.0.1");
                return false;
            }
            m_port = probe.localPort();
        }
        m_output.clear();
        QStringList arguments{QStringLiteral("--keep-in-foreground"),
                              QStringLiteral("--conf-file=/dev/null"),
                              QStringLiteral("--no-resolv"),
                              QStringLiteral("--no-hosts"),
                              QStringLiteral("--listen-address=127.0.0.1"),
                              QStringLiteral("--bind-interfaces"),
                              QStringLiteral("--port=%1").arg(m_port),
                              QStringLiteral("--pid-file="),
                              QStringLiteral("--user=root"),
                              QStringLiteral("--log-facility=-"),
                              QStringLiteral("--log-queries"),
                              QStringLiteral("--local=/test/")};
        arguments << records;
        m_process.start(program(), arguments);
        interop::waitForOutput(m_process, m_output, ReadyLine, timeout);
        if (m_output.contains(ReadyLine) && m_process.state() == QProcess::Running)
            return true;
        m_output.append(m_process.readAll());
        if (!m_output.contains("Address already in use"))
            break;
    }
    *error = QStringLiteral("dnsmasq did not start:\n") + report();
    return false;
}

QString DnsmasqProcess::report()
{
    m_output.append(m_process.readAll());
    const QString state = m_process.state() == QProcess::NotRunning
                                  ? QStringLiteral("exited with %1").arg(m_process.exitCode())
                                  : QStringLiteral("running");
    return QStringLiteral("==== dnsmasq on 127.0.0.1:%1, %2\n").arg(m_port).arg(state)
           + QString::fromUtf8(m_output.right(20000));
}
