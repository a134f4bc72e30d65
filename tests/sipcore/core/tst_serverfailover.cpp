// Covers the user-agent client with server location (RFC 3263) on virtual time over the
// in-memory transports and a scripted resolver: nothing is sent before the server is found;
// the request goes to the first target, and a 503, a transport error or a timeout sends it
// again to the next with a new branch and the same Call-ID and CSeq (§4.3), the delegate
// hearing only the last target's failure; a CANCEL follows the INVITE to the target it went
// to; a cancel while the server is being located ends the INVITE with 487 unsent; nothing
// found ends it with 503 naming the host; and an IP address never asks the resolver.
#include "support/fakednsresolver.h"
#include "support/sipfixture.h"

#include "sipcore/core/inviteuseragentclient.h"
#include "sipcore/core/outgoingrequestdelegate.h"
#include "sipcore/core/sessiondialog.h"
#include "sipcore/transport/transporterror.h"

#include <QTest>

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;

namespace {

struct RecordingDelegate final : OutgoingInviteRequestDelegate
{
    void onProgress(const Response &r) override { provisional.push_back(r.statusCode); }
    void onReject(const Response &r) override { rejections.push_back(r); }
    void onAcceptSession(const Response &, const std::shared_ptr<SessionDialog> &d) override
    {
        dialog = d;
    }
    std::vector<int> provisional;
    std::vector<Response> rejections;
    std::shared_ptr<SessionDialog> dialog;
};

/// A core with UDP and TCP and a resolver that knows example.test: SRV for UDP with two
/// targets of different priority (one.example.test, then two.example.test).
struct Located
{
    Located()
    {
        f.addTcp();
        f.core.setDnsResolver(&dns);
        dns.srv["_sip._udp.example.test"]
                = {{10, 0, 5070, "one.example.test"}, {20, 0, 5080, "two.example.test"}};
        dns.addresses["one.example.test"] = {"192.0.2.1"};
        dns.addresses["two.example.test"] = {"192.0.2.2"};
    }

    std::shared_ptr<InviteUserAgentClient> invite(const char *target = "sip:bob@example.test")
    {
        auto uri = Uri::parse(target);
        return f.core.invite(
                f.core.makeOutgoingRequestMessage("INVITE", *uri, NameAddr{{}, *uri, {}}),
                &delegate);
    }

    /// What the UDP transport sent, in order.
    std::vector<MemoryTransport::Sent> sent()
    {
        f.poll();
        std::vector<MemoryTransport::Sent> out;
        while (auto s = f.transport.takeSent())
            out.push_back(*s);
        return out;
    }

    /// Delivers \a code for \a request through the UDP transport.
    void respond(const Request &request, int code, Endpoint from)
    {
        QCOMPARE(f.transport.inject(CoreFixture::answer(request, code).serialize(), from),
                 std::error_code());
        f.poll();
    }

    CoreFixture f;
    FakeDnsResolver dns;
    RecordingDelegate delegate;
};

const Endpoint One{"192.0.2.1", 5070};
const Endpoint Two{"192.0.2.2", 5080};

} // namespace

class tst_ServerFailover : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sendsOnlyOnceLocated()
    {
        Located l;
        auto client = l.invite();
        QVERIFY(l.sent().empty());
        QCOMPARE(client->transaction(), nullptr);
        QCOMPARE(client->message().method, std::string("INVITE"));
        l.dns.deliverAll();
        const auto sent = l.sent();
        QCOMPARE(sent.size(), std::size_t(1));
        QCOMPARE(sent.front().destination, One);
        QCOMPARE(client->targets().size(), std::size_t(2));
        QCOMPARE(l.dns.asked.front(), std::string("NAPTR example.test"));
    }

    void failureGoesToTheNextTarget_data()
    {
        QTest::addColumn<QString>("failure");
        QTest::newRow("503") << "503";
        QTest::newRow("transport error") << "unreachable";
        QTest::newRow("timeout") << "timeout";
    }
    void failureGoesToTheNextTarget()
    {
        QFETCH(QString, failure);
        Located l;
        auto client = l.invite();
        l.dns.deliverAll();
        const Request first = sentRequest(l.sent().front());
        if (failure == "503")
            l.respond(first, 503, One);
        else if (failure == "unreachable")
            l.f.transport.reportUnreachable(One, TransportError::ConnectionRefused);
        else
            l.f.advance(l.f.core.configuration().timers.timerB());
        std::vector<Request> toTwo;
        for (const auto &s : l.sent()) {
            const Request request = sentRequest(s);
            if (request.method == "ACK") {
                QCOMPARE(failure, QString("503")); // the 503 is acknowledged where it came from
                QCOMPARE(s.destination, One);
            } else if (s.destination == Two) {
                toTwo.push_back(request);
            }
        }
        QCOMPARE(toTwo.size(), std::size_t(1));
        const Request &second = toTwo.front();
        QCOMPARE(second.method, std::string("INVITE"));
        QVERIFY(second.topVia()->branch() != first.topVia()->branch());
        QCOMPARE(second.callIdView().value(), first.callIdView().value());
        QCOMPARE(second.cseq()->sequence, first.cseq()->sequence);
        QVERIFY(l.delegate.rejections.empty());
        QCOMPARE(client->transaction()->destination(), Two);
        QCOMPARE(l.f.core.userAgentClientCount(), std::size_t(1));

        // The second target answers: the call goes on there.
        l.respond(second, 180, Two);
        QCOMPARE(l.delegate.provisional, std::vector<int>{180});
    }

    void retransmitted503IsAcknowledgedAgain()
    {
        Located l;
        auto client = l.invite();
        l.dns.deliverAll();
        const Request first = sentRequest(l.sent().front());
        l.respond(first, 503, One);
        Request second;
        for (const auto &s : l.sent()) // the ACK to One and the INVITE to Two
            if (s.destination == Two)
                second = sentRequest(s);
        l.respond(second, 180, Two); // ringing there: nothing more is retransmitted to Two
        // Our ACK was lost: One sends its 503 again, and is acknowledged again (§17.1.1.2),
        // while the call goes on at Two and the delegate hears nothing of it.
        l.respond(first, 503, One);
        const auto again = l.sent();
        QCOMPARE(again.size(), std::size_t(1));
        QCOMPARE(sentRequest(again.front()).method, std::string("ACK"));
        QCOMPARE(again.front().destination, One);
        QCOMPARE(sentRequest(again.front()).topVia()->branch(), first.topVia()->branch());
        QVERIFY(l.delegate.rejections.empty());
        QCOMPARE(client->transaction()->destination(), Two);
        // After Timer D the old transaction is gone: a late 503 is no longer answered.
        l.f.advance(l.f.core.configuration().timers.timerD(false) + 1ms);
        l.respond(first, 503, One);
        QVERIFY(l.sent().empty());
        QVERIFY(l.delegate.rejections.empty());
    }

    void lastTargetsFailureReachesTheDelegate()
    {
        Located l;
        auto client = l.invite();
        l.dns.deliverAll();
        l.respond(sentRequest(l.sent().front()), 503, One);
        Request second;
        for (const auto &s : l.sent())
            if (s.destination == Two)
                second = sentRequest(s);
        l.respond(second, 503, Two);
        QCOMPARE(l.delegate.rejections.size(), std::size_t(1));
        QCOMPARE(l.delegate.rejections.front().statusCode, 503);
    }

    void cancelFollowsTheInviteToItsTarget()
    {
        Located l;
        auto client = l.invite();
        l.dns.deliverAll();
        l.f.transport.reportUnreachable(One, TransportError::ConnectionRefused);
        const auto sent = l.sent();
        QCOMPARE(sent.size(), std::size_t(2));
        QCOMPARE(sent.back().destination, Two);
        const Request second = sentRequest(sent.back());
        l.respond(second, 180, Two);
        QVERIFY(client->cancel().ok());
        const auto after = l.sent();
        QCOMPARE(after.size(), std::size_t(1));
        const Request cancel = sentRequest(after.front());
        QCOMPARE(cancel.method, std::string("CANCEL"));
        QCOMPARE(after.front().destination, Two);
        QCOMPARE(cancel.topVia()->branch(), second.topVia()->branch());
        // A failure after the CANCEL is the delegate's: no third try.
        l.respond(second, 503, Two);
        QCOMPARE(l.delegate.rejections.size(), std::size_t(1));
    }

    void cancelWhileLocatingSendsNothing()
    {
        Located l;
        auto client = l.invite();
        QVERIFY(client->cancel().ok());
        l.f.poll();
        l.f.advance(0ms);
        QCOMPARE(l.delegate.rejections.size(), std::size_t(1));
        QCOMPARE(l.delegate.rejections.front().statusCode, 487);
        l.dns.deliverAll();
        l.f.advance(1s);
        QVERIFY(l.sent().empty());
        QCOMPARE(l.f.core.userAgentClientCount(), std::size_t(0));
    }

    void nothingFoundIs503NamingTheHost()
    {
        Located l;
        auto client = l.invite("sip:bob@nowhere.test");
        l.dns.deliverAll();
        QCOMPARE(l.delegate.rejections.size(), std::size_t(1));
        QCOMPARE(l.delegate.rejections.front().statusCode, 503);
        QCOMPARE(l.delegate.rejections.front().reasonPhrase,
                 std::string("Server unreachable: nowhere.test not found"));
        QVERIFY(l.sent().empty());
    }

    void ipAddressAsksNoDns()
    {
        Located l;
        auto client = l.invite("sip:bob@192.0.2.7");
        QCOMPARE(l.sent().size(), std::size_t(1));
        QVERIFY(l.dns.asked.empty());
    }

    void disposedWhileLocatingStaysQuiet()
    {
        Located l;
        {
            auto client = l.invite();
        } // dropped before the answer
        l.dns.deliverAll();
        QVERIFY(l.sent().empty());
        QVERIFY(l.delegate.rejections.empty());
    }
};

QTEST_GUILESS_MAIN(tst_ServerFailover)
#include "tst_serverfailover.moc"
