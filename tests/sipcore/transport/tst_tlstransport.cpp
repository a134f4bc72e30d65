// Covers TlsTransport on real loopback sockets (IPv4 and IPv6) with a CA and certificates the
// test makes (support/testpki.h): a request and its response over one TLS connection; a
// server certificate checked against the host the connection was asked for, by IP address and
// by DNS name; a certificate for another host, or from a CA that is not trusted (the system
// store, which does not hold the test CA), rejected with CertificateRejected for the
// destination and the send failed; a server that requires client certificates refusing a
// client without one and accepting one with a certificate from its CA; a certificate file
// that cannot be loaded making listen() fail with a sentence naming it.
#include "support/recordingtransport.h"
#include "support/rununtil.h"
#include "support/testpki.h"
#include "support/transportmessages.h"

#include "sipcore/transport/tlstransport.h"
#include "sipcore/transport/transporterror.h"
#include "sipcore/util/virtualtimerfactory.h"

#include <boost/asio/io_context.hpp>

#include <QTest>

using namespace sipcore;
using sipcore::test::runUntil;
using sipcore::test::TestPki;
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

std::string options(std::string_view branch, std::string_view body = {}, bool length = true)
{
    return test::transportOptions("TLS", branch, body, length);
}

std::string okFor(std::string_view branch)
{
    return test::transportOk("TLS", branch);
}

struct Side : test::RecordingTransport<TlsTransport>
{
    Side(asio::io_context &io,
         VirtualTimerFactory &timers,
         const std::string &host,
         TlsSettings settings)
        : RecordingTransport(io.get_executor(),
                             StreamTransportConfig{host, 0, {30s, 0s}},
                             std::move(settings),
                             timers,
                             LoggerFactory())
    {}
};

TlsSettings serverSettings(const TestPki &pki, const QString &name)
{
    TlsSettings settings;
    settings.caFile = pki.caFile().toStdString();
    settings.certificateFile = pki.certificate(name).toStdString();
    settings.privateKeyFile = pki.key(name).toStdString();
    return settings;
}

TlsSettings trustingClient(const TestPki &pki)
{
    TlsSettings settings;
    settings.caFile = pki.caFile().toStdString();
    return settings;
}

} // namespace

class tst_TlsTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_pki.makeCa(&error), qPrintable(error));
        QVERIFY2(m_pki.issue(QStringLiteral("loopback"),
                             QStringLiteral("IP:127.0.0.1,IP:::1,DNS:localhost"), &error),
                 qPrintable(error));
        QVERIFY2(m_pki.issue(QStringLiteral("other"), QStringLiteral("DNS:other.example"), &error),
                 qPrintable(error));
        QVERIFY2(
                m_pki.issue(QStringLiteral("client"), QStringLiteral("DNS:client.example"), &error),
                qPrintable(error));
    }

    void requestAndResponseOverOneConnection_data()
    {
        QTest::addColumn<QString>("listen");
        QTest::addColumn<QString>("destination");
        QTest::newRow("ipv4") << "127.0.0.1"
                              << "127.0.0.1";
        QTest::newRow("ipv6") << "::1"
                              << "::1";
        // Dual-stack listener: "localhost" may resolve to either loopback.
        QTest::newRow("dns name") << "::"
                                  << "localhost";
    }
    void requestAndResponseOverOneConnection()
    {
        QFETCH(QString, listen);
        QFETCH(QString, destination);
        asio::io_context io;
        VirtualTimerFactory timers;
        Side server(io, timers, listen.toStdString(),
                    serverSettings(m_pki, QStringLiteral("loopback")));
        Side client(io, timers, "127.0.0.1", trustingClient(m_pki));
        if (auto ec = server.transport.listen()) {
            if (listen.contains(u':'))
                QSKIP("no IPv6 loopback on this machine");
            QFAIL(ec.message().c_str());
        }
        QCOMPARE(client.transport.listen(), std::error_code());
        QCOMPARE(client.transport.protocol(), std::string_view("TLS"));
        QVERIFY(client.transport.isReliable());

        std::error_code sent = TransportError::Closed;
        const Endpoint to{destination.toStdString(), server.transport.localEndpoint().port};
        client.transport.send(options("z9hG4bK-tls1"), to, [&](std::error_code ec) { sent = ec; });
        QVERIFY(runUntil(io, [&] { return server.received.size() == 1; }));
        QVERIFY(runUntil(io, [&] { return !sent; }));
        const ReceivedMessage &request = server.received.front();
        QCOMPARE(request.transport, &server.transport);

        server.transport.send(okFor("z9hG4bK-tls1"), request.source, nullptr);
        QVERIFY(runUntil(io, [&] { return client.received.size() == 1; }));
        QCOMPARE(std::get<Response>(client.received.front().message).statusCode, 200);
        QCOMPARE(client.transport.connectionCount(), std::size_t(1));
        QCOMPARE(server.transport.connectionCount(), std::size_t(1));
        QVERIFY(client.unreachable.empty());
    }

    void certificateIsCheckedAgainstTheHost_data()
    {
        QTest::addColumn<QString>("certificate");
        QTest::addColumn<bool>("trustTestCa");
        QTest::newRow("names another host") << "other" << true;
        QTest::newRow("issuer not trusted") << "loopback" << false;
    }
    void certificateIsCheckedAgainstTheHost()
    {
        QFETCH(QString, certificate);
        QFETCH(bool, trustTestCa);
        asio::io_context io;
        VirtualTimerFactory timers;
        Side server(io, timers, "127.0.0.1", serverSettings(m_pki, certificate));
        // Without a CA file the client trusts the system store, which lacks the test CA.
        Side client(io, timers, "127.0.0.1", trustTestCa ? trustingClient(m_pki) : TlsSettings{});
        QCOMPARE(server.transport.listen(), std::error_code());
        QCOMPARE(client.transport.listen(), std::error_code());

        std::optional<std::error_code> sent;
        const Endpoint to = server.transport.localEndpoint();
        client.transport.send(options("z9hG4bK-tls2"), to, [&](std::error_code ec) { sent = ec; });
        QVERIFY(runUntil(io, [&] { return sent.has_value() && !client.unreachable.empty(); }));
        QCOMPARE(*sent, std::error_code(TransportError::CertificateRejected));
        QCOMPARE(client.unreachable.front().first, to);
        QCOMPARE(client.unreachable.front().second,
                 std::error_code(TransportError::CertificateRejected));
        QVERIFY(server.received.empty());
        QCOMPARE(client.transport.connectionCount(), std::size_t(0));
    }

    void clientCertificateWhenRequired_data()
    {
        QTest::addColumn<bool>("presentCertificate");
        QTest::newRow("without") << false;
        QTest::newRow("with") << true;
    }
    void clientCertificateWhenRequired()
    {
        QFETCH(bool, presentCertificate);
        asio::io_context io;
        VirtualTimerFactory timers;
        TlsSettings strict = serverSettings(m_pki, QStringLiteral("loopback"));
        strict.requireClientCertificate = true;
        Side server(io, timers, "127.0.0.1", strict);
        TlsSettings clientSettings = trustingClient(m_pki);
        if (presentCertificate) {
            clientSettings.certificateFile
                    = m_pki.certificate(QStringLiteral("client")).toStdString();
            clientSettings.privateKeyFile = m_pki.key(QStringLiteral("client")).toStdString();
        }
        Side client(io, timers, "127.0.0.1", clientSettings);
        QCOMPARE(server.transport.listen(), std::error_code());
        QCOMPARE(client.transport.listen(), std::error_code());

        std::optional<std::error_code> sent;
        client.transport.send(options("z9hG4bK-tls3"), server.transport.localEndpoint(),
                              [&](std::error_code ec) { sent = ec; });
        if (presentCertificate) {
            QVERIFY(runUntil(io, [&] { return server.received.size() == 1; }));
            QVERIFY(runUntil(io, [&] { return sent.has_value(); }));
            QCOMPARE(*sent, std::error_code());
        } else {
            // TLS 1.3 finishes the client's side of the handshake before the server checks the
            // client: the refusal arrives as the server's alert on the first read.
            QVERIFY(runUntil(io, [&] { return !client.unreachable.empty(); }));
            QVERIFY(server.received.empty());
            QCOMPARE(client.unreachable.front().first, server.transport.localEndpoint());
        }
    }

    void unloadableCertificateFailsListen()
    {
        asio::io_context io;
        VirtualTimerFactory timers;
        TlsSettings settings = serverSettings(m_pki, QStringLiteral("loopback"));
        settings.certificateFile = m_pki.path(QStringLiteral("missing.pem")).toStdString();
        Side side(io, timers, "127.0.0.1", settings);
        QCOMPARE(side.transport.listen(), std::error_code(TransportError::TlsSettingsInvalid));
        QVERIFY2(side.transport.problem().find("certificate " + settings.certificateFile)
                         != std::string::npos,
                 side.transport.problem().c_str());
    }

private:
    TestPki m_pki;
};

QTEST_GUILESS_MAIN(tst_TlsTransport)
#include "tst_tlstransport.moc"
