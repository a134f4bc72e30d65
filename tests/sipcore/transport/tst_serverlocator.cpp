// Covers ServerLocator (RFC 3263 §4) over a resolver the test scripts: an IP address skips
// DNS; a domain with a port looks up only its addresses; NAPTR records pick the transports
// in order and preference, skipping services we lack and (for sips:) insecure ones; without
// NAPTR the SRV records of our protocols; without SRV the domain's addresses on the default
// port; a transport parameter goes straight to its SRV name; SRV targets by priority and
// weight (RFC 2782) with "." dropped; maddr replacing the host; the URI's host kept as the
// name TLS must verify; and nothing found reported as an empty list.
#include "support/fakednsresolver.h"

#include "sipcore/transport/serverlocator.h"

#include <QTest>

using namespace sipcore;
using sipcore::test::FakeDnsResolver;

namespace {

const std::vector<std::string> AllProtocols{"UDP", "TCP", "TLS", "WS", "WSS"};

/// "protocol host:port name" per target, for comparing whole lists.
QStringList describe(const std::vector<ServerTarget> &targets)
{
    QStringList out;
    for (const ServerTarget &t : targets)
        out << QString::fromStdString(t.protocol + " " + t.endpoint.toString() + " " + t.serverName)
                        .trimmed();
    return out;
}

struct Run
{
    explicit Run(std::vector<std::string> protocols = AllProtocols)
        : locator(dns, std::move(protocols))
    {}

    /// Locates \a uri, answering every lookup; fails the test if the handler never ran.
    QStringList locate(const char *uri)
    {
        auto parsed = Uri::parse(uri);
        if (!parsed.ok())
            qFatal("bad test URI %s", uri);
        std::optional<std::vector<ServerTarget>> found;
        locator.locate(*parsed, [&](std::vector<ServerTarget> targets) { found = targets; });
        dns.deliverAll();
        if (!found)
            qFatal("locate(%s) never answered", uri);
        return describe(*found);
    }

    FakeDnsResolver dns;
    ServerLocator locator;
};

void addExampleAddresses(FakeDnsResolver &dns)
{
    dns.addresses["example.test"] = {"192.0.2.1", "2001:db8::1"};
    dns.addresses["a.example.test"] = {"192.0.2.10"};
    dns.addresses["b.example.test"] = {"192.0.2.20", "2001:db8::20"};
}

} // namespace

class tst_ServerLocator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ipAddressSkipsDns_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("target");
        QTest::newRow("ipv4") << "sip:bob@192.0.2.5"
                              << "UDP 192.0.2.5:5060";
        QTest::newRow("ipv6 port tcp") << "sip:bob@[2001:db8::5]:5070;transport=tcp"
                                       << "TCP [2001:db8::5]:5070";
        QTest::newRow("sips") << "sips:bob@192.0.2.5"
                              << "TLS 192.0.2.5:5061";
        QTest::newRow("maddr") << "sip:bob@example.test;maddr=192.0.2.9"
                               << "UDP 192.0.2.9:5060";
    }
    void ipAddressSkipsDns()
    {
        QFETCH(QString, uri);
        QFETCH(QString, target);
        Run run;
        bool answered = false;
        run.locator.locate(*Uri::parse(uri.toStdString()), [&](std::vector<ServerTarget> targets) {
            answered = true;
            QCOMPARE(describe(targets), QStringList{target});
        });
        QVERIFY(answered); // inside the call: nothing to wait for
        QVERIFY(run.dns.asked.empty());
    }

    void explicitPortLooksUpOnlyAddresses()
    {
        Run run;
        addExampleAddresses(run.dns);
        QCOMPARE(run.locate("sip:bob@example.test:5080"),
                 (QStringList{"UDP 192.0.2.1:5080 example.test",
                              "UDP [2001:db8::1]:5080 example.test"}));
        QCOMPARE(run.dns.asked, std::vector<std::string>{"A/AAAA example.test"});
        QCOMPARE(run.locate("sips:bob@example.test:5081"),
                 (QStringList{"TLS 192.0.2.1:5081 example.test",
                              "TLS [2001:db8::1]:5081 example.test"}));
    }

    void naptrPicksTransportsInOrderAndPreference()
    {
        Run run;
        addExampleAddresses(run.dns);
        run.dns.naptr["example.test"] = {
                {50, 10, "s", "SIP+D2U", "_sip._udp.example.test"},
                {10, 20, "s", "SIP+D2T", "_sip._tcp.example.test"},
                {10, 10, "S", "SIPS+D2T", "_sips._tcp.example.test"},
                {5, 10, "s", "SIP+D2X", "_sip._sctp.example.test"},   // a service we lack
                {5, 10, "u", "E2U+sip", "!^.*$!sip:x@example.test!"}, // not SRV
        };
        run.dns.srv["_sips._tcp.example.test"] = {{0, 0, 5061, "a.example.test"}};
        run.dns.srv["_sip._tcp.example.test"] = {{0, 0, 5060, "b.example.test"}};
        run.dns.srv["_sip._udp.example.test"] = {{0, 0, 5060, "a.example.test"}};
        QCOMPARE(
                run.locate("sip:bob@example.test"),
                (QStringList{"TLS 192.0.2.10:5061 example.test", "TCP 192.0.2.20:5060 example.test",
                             "TCP [2001:db8::20]:5060 example.test",
                             "UDP 192.0.2.10:5060 example.test"}));
        QCOMPARE(run.dns.asked.front(), std::string("NAPTR example.test"));
    }

    void naptrOfProtocolsWeLackIsSkipped()
    {
        Run run({"UDP"});
        addExampleAddresses(run.dns);
        run.dns.naptr["example.test"] = {
                {10, 10, "s", "SIP+D2T", "_sip._tcp.example.test"},
                {20, 10, "s", "SIP+D2U", "_sip._udp.example.test"},
        };
        run.dns.srv["_sip._tcp.example.test"] = {{0, 0, 5060, "b.example.test"}};
        run.dns.srv["_sip._udp.example.test"] = {{0, 0, 5070, "a.example.test"}};
        QCOMPARE(run.locate("sip:bob@example.test"),
                 QStringList{"UDP 192.0.2.10:5070 example.test"});
    }

    void sipsTakesOnlySecureServices()
    {
        Run run;
        addExampleAddresses(run.dns);
        run.dns.naptr["example.test"] = {
                {10, 10, "s", "SIP+D2U", "_sip._udp.example.test"},
                {20, 10, "s", "SIPS+D2T", "_sips._tcp.example.test"},
        };
        run.dns.srv["_sip._udp.example.test"] = {{0, 0, 5060, "a.example.test"}};
        run.dns.srv["_sips._tcp.example.test"] = {{0, 0, 5061, "a.example.test"}};
        QCOMPARE(run.locate("sips:bob@example.test"),
                 QStringList{"TLS 192.0.2.10:5061 example.test"});
    }

    void withoutNaptrTheSrvOfOurProtocols()
    {
        Run run;
        addExampleAddresses(run.dns);
        run.dns.srv["_sip._tcp.example.test"] = {{0, 0, 5070, "b.example.test"}};
        run.dns.srv["_sips._tcp.example.test"] = {{0, 0, 5071, "a.example.test"}};
        QCOMPARE(run.locate("sip:bob@example.test"),
                 (QStringList{"TCP 192.0.2.20:5070 example.test",
                              "TCP [2001:db8::20]:5070 example.test"}));
        QCOMPARE(run.dns.asked,
                 (std::vector<std::string>{"NAPTR example.test", "SRV _sip._udp.example.test",
                                           "SRV _sip._tcp.example.test", "A/AAAA b.example.test"}));
        QCOMPARE(run.locate("sips:bob@example.test"),
                 QStringList{"TLS 192.0.2.10:5071 example.test"});
    }

    void withoutSrvTheDomainOnTheDefaultPort()
    {
        Run run;
        addExampleAddresses(run.dns);
        QCOMPARE(run.locate("sip:bob@example.test"),
                 (QStringList{"UDP 192.0.2.1:5060 example.test",
                              "UDP [2001:db8::1]:5060 example.test"}));
        QCOMPARE(run.locate("sips:bob@example.test"),
                 (QStringList{"TLS 192.0.2.1:5061 example.test",
                              "TLS [2001:db8::1]:5061 example.test"}));
    }

    void transportParameterSkipsNaptr()
    {
        Run run;
        addExampleAddresses(run.dns);
        run.dns.naptr["example.test"] = {{10, 10, "s", "SIP+D2U", "_sip._udp.example.test"}};
        run.dns.srv["_sip._tcp.example.test"] = {{0, 0, 5090, "a.example.test"}};
        QCOMPARE(run.locate("sip:bob@example.test;transport=tcp"),
                 QStringList{"TCP 192.0.2.10:5090 example.test"});
        QCOMPARE(run.dns.asked,
                 (std::vector<std::string>{"SRV _sip._tcp.example.test", "A/AAAA a.example.test"}));
        // WebSocket has no SRV name: the domain's own addresses.
        QCOMPARE(run.locate("sip:bob@example.test;transport=ws"),
                 (QStringList{"WS 192.0.2.1:5060 example.test",
                              "WS [2001:db8::1]:5060 example.test"}));
    }

    void maddrReplacesTheHostButNotTheName()
    {
        Run run;
        run.dns.addresses["proxy.example.test"] = {"192.0.2.30"};
        QCOMPARE(run.locate("sips:bob@example.test;maddr=proxy.example.test"),
                 QStringList{"TLS 192.0.2.30:5061 example.test"});
    }

    void nothingFoundIsEmpty()
    {
        Run run;
        run.dns.srv["_sip._udp.example.test"] = {{0, 0, 5060, "."}}; // decidedly not here
        QCOMPARE(run.locate("sip:bob@example.test"), QStringList{});
    }

    void srvOrderIsPriorityThenWeight()
    {
        const std::vector<SrvRecord> records{
                {20, 0, 1, "last"}, {10, 60, 2, "heavy"}, {10, 40, 3, "light"},
                {10, 0, 4, "zero"}, {5, 0, 5, "."},
        };
        auto names = [](const std::vector<SrvRecord> &ordered) {
            QStringList out;
            for (const SrvRecord &r : ordered)
                out << QString::fromStdString(r.target);
            return out;
        };
        // Within priority 10 the draw runs over the weights 0 (zero), 40 (light), 60 (heavy):
        // a draw of 0 picks the weight-0 record, 1..40 light, 41..100 heavy.
        std::vector<std::uint32_t> draws;
        std::vector<std::uint32_t> totals;
        auto scripted = [&](std::uint32_t total) {
            totals.push_back(total);
            const std::uint32_t value = draws.front();
            draws.erase(draws.begin());
            return value;
        };
        draws = {100, 0, 0, 0};
        QCOMPARE(names(ServerLocator::ordered(records, scripted)),
                 (QStringList{"heavy", "zero", "light", "last"}));
        QCOMPARE(totals, (std::vector<std::uint32_t>{100, 40, 40, 0}));
        draws = {1, 0, 0, 0};
        QCOMPARE(names(ServerLocator::ordered(records, scripted)),
                 (QStringList{"light", "zero", "heavy", "last"}));
    }

    void destroyedLocatorNeverAnswers()
    {
        FakeDnsResolver dns;
        bool answered = false;
        {
            ServerLocator locator(dns, AllProtocols);
            locator.locate(*Uri::parse("sip:bob@example.test"),
                           [&](std::vector<ServerTarget>) { answered = true; });
        }
        dns.deliverAll();
        QVERIFY(!answered);
    }
};

QTEST_GUILESS_MAIN(tst_ServerLocator)
#include "tst_serverlocator.moc"
