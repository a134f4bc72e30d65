// Covers server location (RFC 3263) on real sockets: CAresResolver against dnsmasq serving
// the test's records on 127.0.0.1 (NAPTR, SRV, A and AAAA read back whole; an unknown name
// answers empty), and the sipcore core locating Kamailio through it: an OPTIONS to
// sip:example.test follows NAPTR to SRV, finds the first target's port closed (ICMP), fails
// over to the second and is answered 200 there; an OPTIONS to sips:secure.example.test goes
// over TLS to a server whose certificate names only that domain, not the address DNS gave
// (RFC 5922 §4), and is answered, while the same server is rejected when the URI names
// another domain. The core runs on this thread's io_context; dnsmasq and Kamailio are
// started by the test.
#include "interop/support/coreclient.h"
#include "interop/support/dnsmasqprocess.h"
#include "interop/support/kamailioprocess.h"
#include "sipcore/support/testpki.h"

#include "sipcore/transport/caresresolver.h"

#include <boost/asio/io_context.hpp>

#include <QScopeGuard>
#include <QTest>
#include <QUdpSocket>

#include <functional>

using namespace sipcore;
using interop::pump;
using sipcore::test::TestPki;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

/// A core on 127.0.0.1 (interop::CoreClient) that locates servers through the DNS server at
/// \a dnsPort.
struct Client : interop::CoreClient
{
    Client(const std::string &caFile, quint16 dnsPort)
        : CoreClient("127.0.0.1", caFile)
        , dns(io.get_executor(), "127.0.0.1:" + std::to_string(dnsPort), LoggerFactory())
    {}
    ~Client() { core.setDnsResolver(nullptr); }

    std::error_code listen()
    {
        const std::error_code ec = CoreClient::listen();
        core.setDnsResolver(&dns);
        return ec;
    }

    /// Sends OPTIONS to \a uri and waits for the final response.
    std::optional<Response> options(const std::string &uri, Endpoint *sentTo = nullptr)
    {
        const auto target = Uri::parse(uri);
        if (!target.ok())
            qFatal("bad test URI %s", uri.c_str());
        return send(core.makeOutgoingRequestMessage("OPTIONS", *target, NameAddr{{}, *target, {}}),
                    sentTo);
    }

    CAresResolver dns;
};

/// Kamailio on 127.0.0.1 with the certificate of \a pki named "kamailio", and dnsmasq serving
/// records that lead to it; both logs are printed when the test has failed.
struct Peers
{
    explicit Peers(const TestPki &pki)
        : kamailio({.host = QStringLiteral("127.0.0.1"),
                    .certificate = pki.certificate(QStringLiteral("kamailio")),
                    .privateKey = pki.key(QStringLiteral("kamailio"))})
    {}
    ~Peers()
    {
        if (QTest::currentTestFailed())
            qWarning().noquote() << '\n' << dnsmasq.report() << '\n' << kamailio.report();
    }

    /// Starts Kamailio, then dnsmasq with the records \a records makes from Kamailio's ports.
    bool start(const std::function<QStringList(const KamailioProcess &)> &records, QString *error)
    {
        return kamailio.start(error) && dnsmasq.start(records(kamailio), error);
    }

    KamailioProcess kamailio;
    DnsmasqProcess dnsmasq;
};

} // namespace

class tst_Dns : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        for (const QString &missing :
             {DnsmasqProcess::missingMessage(), KamailioProcess::missingMessage()})
            if (!missing.isEmpty())
                QFAIL(qPrintable(missing));
        QString error;
        QVERIFY2(m_pki.makeCa(&error), qPrintable(error));
        // The certificate names the SIP domain only, not the address DNS leads to.
        QVERIFY2(m_pki.issue(QStringLiteral("kamailio"), QStringLiteral("DNS:secure.example.test"),
                             &error),
                 qPrintable(error));
    }

    void resolverReadsDnsmasq()
    {
        DnsmasqProcess dnsmasq;
        QString error;
        QVERIFY2(dnsmasq.start({QStringLiteral("--naptr-record=example.test,20,30,S,SIP+D2T,,"
                                               "_sip._tcp.example.test"),
                                QStringLiteral("--srv-host=_sip._tcp.example.test,"
                                               "host.example.test,5070,10,40"),
                                QStringLiteral("--host-record=host.example.test,127.0.0.1,::1")},
                               &error),
                 qPrintable(error));
        const auto reportOnFailure = qScopeGuard([&] {
            if (QTest::currentTestFailed())
                qWarning().noquote() << '\n' << dnsmasq.report();
        });
        asio::io_context io;
        CAresResolver resolver(io.get_executor(), "127.0.0.1:" + std::to_string(dnsmasq.port()),
                               LoggerFactory());
        QCOMPARE(resolver.problem(), std::string());

        std::optional<std::vector<NaptrRecord>> naptr;
        resolver.resolveNaptr("example.test", [&](std::vector<NaptrRecord> r) { naptr = r; });
        QVERIFY(pump(io, [&] { return naptr.has_value(); }));
        QCOMPARE(naptr->size(), std::size_t(1));
        QCOMPARE(naptr->front().order, std::uint16_t(20));
        QCOMPARE(naptr->front().preference, std::uint16_t(30));
        QCOMPARE(naptr->front().flags, std::string("S"));
        QCOMPARE(naptr->front().service, std::string("SIP+D2T"));
        QCOMPARE(naptr->front().replacement, std::string("_sip._tcp.example.test"));

        std::optional<std::vector<SrvRecord>> srv;
        resolver.resolveSrv("_sip._tcp.example.test", [&](std::vector<SrvRecord> r) { srv = r; });
        QVERIFY(pump(io, [&] { return srv.has_value(); }));
        QCOMPARE(srv->size(), std::size_t(1));
        QCOMPARE(srv->front().priority, std::uint16_t(10));
        QCOMPARE(srv->front().weight, std::uint16_t(40));
        QCOMPARE(srv->front().port, std::uint16_t(5070));
        QCOMPARE(srv->front().target, std::string("host.example.test"));

        std::optional<std::vector<std::string>> addresses;
        resolver.resolveAddresses("host.example.test",
                                  [&](std::vector<std::string> r) { addresses = r; });
        QVERIFY(pump(io, [&] { return addresses.has_value(); }));
        std::sort(addresses->begin(), addresses->end());
        QCOMPARE(*addresses, (std::vector<std::string>{"127.0.0.1", "::1"}));

        std::optional<std::vector<std::string>> unknown;
        resolver.resolveAddresses("unknown.example.test",
                                  [&](std::vector<std::string> r) { unknown = r; });
        QVERIFY(pump(io, [&] { return unknown.has_value(); }));
        QVERIFY(unknown->empty());
    }

    void failsOverToTheNextTarget()
    {
        quint16 closedPort = 0;
        {
            QUdpSocket probe; // bound and closed: nobody listens there, ICMP says so
            QVERIFY(probe.bind(QHostAddress::LocalHost, 0));
            closedPort = probe.localPort();
        }
        Peers peers(m_pki);
        QString error;
        QVERIFY2(peers.start(
                         [&](const KamailioProcess &kamailio) {
                             return QStringList{
                                     QStringLiteral("--naptr-record=example.test,10,10,S,"
                                                    "SIP+D2U,,_sip._udp.example.test"),
                                     QStringLiteral("--srv-host=_sip._udp.example.test,"
                                                    "dead.example.test,%1,10,0")
                                             .arg(closedPort),
                                     QStringLiteral("--srv-host=_sip._udp.example.test,"
                                                    "live.example.test,%1,20,0")
                                             .arg(kamailio.port()),
                                     QStringLiteral("--host-record=dead.example.test,127.0.0.1"),
                                     QStringLiteral("--host-record=live.example.test,127.0.0.1")};
                         },
                         &error),
                 qPrintable(error));
        Client client(m_pki.caFile().toStdString(), peers.dnsmasq.port());
        QCOMPARE(client.listen(), std::error_code());
        Endpoint sentTo;
        const auto response = client.options("sip:example.test", &sentTo);
        QVERIFY2(response, "no response to OPTIONS");
        QCOMPARE(response->statusCode, 200);
        QCOMPARE(sentTo, (Endpoint{"127.0.0.1", peers.kamailio.port()}));
        QCOMPARE(response->topVia()->transport, std::string("UDP"));
    }

    void tlsProvesTheDomainNotTheAddress()
    {
        Peers peers(m_pki);
        QString error;
        QVERIFY2(peers.start(
                         [](const KamailioProcess &kamailio) {
                             return QStringList{
                                     QStringLiteral("--srv-host=_sips._tcp.secure.example.test,"
                                                    "server.example.test,%1,10,0")
                                             .arg(kamailio.tlsPort()),
                                     QStringLiteral("--srv-host=_sips._tcp.other.example.test,"
                                                    "server.example.test,%1,10,0")
                                             .arg(kamailio.tlsPort()),
                                     QStringLiteral("--host-record=server.example.test,127.0.0.1")};
                         },
                         &error),
                 qPrintable(error));
        Client client(m_pki.caFile().toStdString(), peers.dnsmasq.port());
        QCOMPARE(client.listen(), std::error_code());
        const auto secure = client.options("sips:secure.example.test");
        QVERIFY2(secure, "no response to OPTIONS");
        QCOMPARE(secure->statusCode, 200);
        QCOMPARE(secure->topVia()->transport, std::string("TLS"));

        const auto other = client.options("sips:other.example.test");
        QVERIFY2(other, "no response to OPTIONS");
        QCOMPARE(other->statusCode, 503);
        QCOMPARE(other->reasonPhrase, "Server unreachable: TLS certificate rejected for 127.0.0.1:"
                                              + std::to_string(peers.kamailio.tlsPort()));
    }

private:
    TestPki m_pki;
};

QTEST_MAIN(tst_Dns)
#include "tst_dns.moc"
