// Covers Ringback's SIP core against Kamailio on real loopback sockets, IPv4 and IPv6: for
// each of UDP, TCP, TLS, WebSocket and secure WebSocket (RFC 7118), an OPTIONS is answered 200
// and a REGISTER is accepted with 200 listing the Contact it bound, which names the transport
// the REGISTER came over (;transport=tcp, a sips: URI for TLS, ;transport=ws, sips: with
// ;transport=ws for WSS). Kamailio runs tests/interop/kamailio/registrar.cfg with a
// certificate from a CA this test makes; Ringback's TLS transport trusts that CA only and
// checks the certificate against the address it connects to. The core runs on this thread's
// io_context, the transports are the ones the app uses.
#include "interop/support/coreclient.h"
#include "interop/support/kamailioprocess.h"
#include "sipcore/support/testpki.h"

#include <boost/asio/io_context.hpp>

#include <QCoreApplication>
#include <QScopeGuard>
#include <QTest>

#include <map>
#include <memory>

using namespace sipcore;
using sipcore::test::TestPki;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

using Client = interop::CoreClient;

} // namespace

class tst_Kamailio : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = KamailioProcess::missingMessage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
        QString error;
        QVERIFY2(m_pki.makeCa(&error), qPrintable(error));
        QVERIFY2(m_pki.issue(QStringLiteral("kamailio"), QStringLiteral("IP:127.0.0.1,IP:::1"),
                             &error),
                 qPrintable(error));
    }

    void optionsAndRegister_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("transport");
        for (const char *host : {"127.0.0.1", "::1"}) {
            for (const char *transport : {"UDP", "TCP", "TLS", "WS", "WSS"}) {
                QTest::addRow("%s %s", host, transport)
                        << QString::fromLatin1(host) << QString::fromLatin1(transport);
            }
        }
    }
    void optionsAndRegister()
    {
        QFETCH(QString, host);
        QFETCH(QString, transport);
        Client client(host.toStdString(), m_pki.caFile().toStdString());
        if (const std::error_code ec = client.listen()) {
            if (host.contains(u':'))
                QSKIP("no IPv6 loopback on this machine");
            QFAIL(ec.message().c_str());
        }
        KamailioProcess kamailio({.host = host,
                                  .certificate = m_pki.certificate(QStringLiteral("kamailio")),
                                  .privateKey = m_pki.key(QStringLiteral("kamailio"))});
        const auto reportOnFailure = qScopeGuard([&] {
            if (QTest::currentTestFailed())
                qWarning().noquote() << '\n' << kamailio.report();
        });
        QString error;
        QVERIFY2(kamailio.start(&error), qPrintable(error));

        // The registrar's URI for this transport: sips: for TLS (RFC 3261 §26.2) and WSS
        // (RFC 7118 §5.2).
        const std::string hostPart
                = host.contains(u':') ? "[" + host.toStdString() + "]" : host.toStdString();
        const auto at = [&](quint16 port) {
            return hostPart + ":" + std::to_string(port);
        };
        const std::map<QString, std::string> registrars{
                {QStringLiteral("UDP"), "sip:" + at(kamailio.port()) + ";transport=udp"},
                {QStringLiteral("TCP"), "sip:" + at(kamailio.port()) + ";transport=tcp"},
                {QStringLiteral("TLS"), "sips:" + at(kamailio.tlsPort())},
                {QStringLiteral("WS"), "sip:" + at(kamailio.wsPort()) + ";transport=ws"},
                {QStringLiteral("WSS"), "sips:" + at(kamailio.wssPort()) + ";transport=ws"}};
        const std::string registrar = registrars.at(transport);
        const auto registrarUri = Uri::parse(registrar);
        QVERIFY(registrarUri.ok());

        auto options = client.send(client.core.makeOutgoingRequestMessage(
                "OPTIONS", *registrarUri, NameAddr{{}, *registrarUri, {}}));
        QVERIFY2(options, "no response to OPTIONS");
        QCOMPARE(options->statusCode, 200);
        QCOMPARE(QString::fromStdString(options->topVia()->transport), transport);

        auto aor = Uri::parse("sip:alice@" + hostPart);
        QVERIFY(aor.ok());
        OutgoingRequestMessageOptions registerOptions;
        registerOptions.extraHeaders = {{"Expires", "60"}};
        Request registerRequest = client.core.makeOutgoingRequestMessage(
                "REGISTER", *registrarUri, NameAddr{{}, *aor, {}}, registerOptions);
        registerRequest.setHeader("From", NameAddr{{}, *aor, {}}.toString() + ";tag=reg1");
        const auto ourContact = registerRequest.contacts();
        QVERIFY(ourContact.ok() && ourContact->size() == 1);
        auto registered = client.send(registerRequest);
        QVERIFY2(registered, "no response to REGISTER");
        QCOMPARE(registered->statusCode, 200);
        QCOMPARE(QString::fromStdString(registered->topVia()->transport), transport);
        const auto bindings = registered->contacts();
        QVERIFY(bindings.ok());
        QCOMPARE(bindings->size(), std::size_t(1));
        QCOMPARE(bindings->front().uri.toString(), ourContact->front().uri.toString());
        const std::string contact = bindings->front().uri.toString();
        const std::map<QString, std::pair<std::string, std::string>> expected{
                {QStringLiteral("UDP"), {"sip:", ""}},
                {QStringLiteral("TCP"), {"sip:", ";transport=tcp"}},
                {QStringLiteral("TLS"), {"sips:", ""}},
                {QStringLiteral("WS"), {"sip:", ";transport=ws"}},
                {QStringLiteral("WSS"), {"sips:", ";transport=ws"}}};
        const auto &[scheme, parameter] = expected.at(transport);
        QVERIFY2(contact.rfind(scheme, 0) == 0, contact.c_str());
        if (parameter.empty())
            QVERIFY2(contact.find("transport=") == std::string::npos, contact.c_str());
        else
            QVERIFY2(contact.find(parameter) != std::string::npos, contact.c_str());
    }

private:
    TestPki m_pki;
};

QTEST_GUILESS_MAIN(tst_Kamailio)
#include "tst_kamailio.moc"
