// Covers the Subscriber (RFC 6665) on virtual time over the in-memory transport: the SUBSCRIBE
// (Event, Expires, Accept, our Contact); pending and active from the NOTIFYs, with their
// bodies; a second fork's dialog unsubscribed at once; 423 answered with Min-Expires; a
// refused SUBSCRIBE and a missing NOTIFY end it; a terminated NOTIFY with deactivated or
// timeout subscribes again at once, probation after its retry-after, noresource not at all;
// unsubscribe() before and after the NOTIFY, and its completion (once terminated, at once
// when not running, on dispose()); dispose().
#include "support/notifyrequest.h"
#include "support/sipfixture.h"

#include "sipcore/session/subscriber.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;
using State = Subscriber::State;

namespace {

const std::string Pidf = "<?xml version=\"1.0\"?><presence xmlns=\"urn:ietf:params:xml:ns:pidf\" "
                         "entity=\"sip:bob@127.0.0.1\"><tuple id=\"t\"><status><basic>open"
                         "</basic></status></tuple></presence>";

struct Watch
{
    explicit Watch(SubscriberOptions options = {})
    {
        options.accept = "application/pidf+xml";
        options.expires = 600s;
        subscriber = std::make_shared<Subscriber>(
                f.core, f.io.get_executor(), *Uri::parse("sip:bob@127.0.0.1:5080"),
                std::move(options),
                [this](const Subscriber::Status &status) { history.push_back(status); });
    }
    ~Watch() { subscriber->dispose(); }

    const Subscriber::Status &status() const { return subscriber->status(); }
    /// subscribe(), and the SUBSCRIBE it sent.
    Request start()
    {
        subscriber->subscribe();
        return takeSubscribe();
    }
    /// The SUBSCRIBEs sent since the last call.
    std::vector<Request> takeSubscribes()
    {
        takeSent();
        return std::exchange(subscribes, {});
    }
    /// The one SUBSCRIBE sent since the last call.
    Request takeSubscribe()
    {
        auto sent = takeSubscribes();
        if (sent.size() != 1)
            qFatal("expected one SUBSCRIBE, got %zu", sent.size());
        return sent.front();
    }
    /// Delivers \a notify and returns the status of our answer.
    int deliver(Request notify, std::string_view body = {})
    {
        if (!body.empty()) {
            notify.addHeader("Content-Type", "application/pidf+xml");
            notify.setBody(body);
        }
        f.deliver(notify);
        const auto responses = takeSent();
        return responses.size() == 1 ? responses.front().statusCode : -1;
    }
    /// Everything sent: the SUBSCRIBEs kept for takeSubscribes(), the responses returned.
    std::vector<Response> takeSent()
    {
        std::vector<Response> responses;
        for (auto &message : f.takeAll()) {
            if (auto *request = std::get_if<Request>(&message);
                request && request->method == "SUBSCRIBE")
                subscribes.push_back(std::move(*request));
            else if (auto *response = std::get_if<Response>(&message))
                responses.push_back(std::move(*response));
        }
        return responses;
    }

    CoreFixture f;
    std::shared_ptr<Subscriber> subscriber;
    std::vector<Subscriber::Status> history;
    std::vector<Request> subscribes; ///< sent and not yet taken
};

} // namespace

class TestSubscriber : public QObject
{
    Q_OBJECT

private slots:
    void subscribeCarriesEventExpiresAcceptAndContact()
    {
        Watch w;
        const Request subscribe = w.start();
        QCOMPARE(subscribe.requestUri().toString(), "sip:bob@127.0.0.1:5080");
        QCOMPARE(subscribe.header("Event").value_or(""), "presence");
        QCOMPARE(subscribe.header("Expires").value_or(""), "600");
        QCOMPARE(subscribe.header("Accept").value_or(""), "application/pidf+xml");
        QVERIFY(subscribe.contacts().ok());
        QCOMPARE(w.status().state, State::NotifyWait);
    }

    void pendingThenActiveWithTheBody()
    {
        Watch w;
        const Request subscribe = w.start();
        w.f.respond(subscribe, 202, "n1");
        QCOMPARE(w.status().statusCode, 202);
        QCOMPARE(w.deliver(notifyFor(subscribe, "n1", 1, "pending;expires=600")), 200);
        QCOMPARE(w.status().state, State::Pending);
        QCOMPARE(w.deliver(notifyFor(subscribe, "n1", 2, "active;expires=600"), Pidf), 200);
        QCOMPARE(w.status().state, State::Active);
        QCOMPARE(w.status().body, Pidf);
        QCOMPARE(w.status().contentType, "application/pidf+xml");
    }

    void secondForkIsUnsubscribed()
    {
        Watch w;
        const Request subscribe = w.start();
        QCOMPARE(w.deliver(notifyFor(subscribe, "n1", 1, "active;expires=600"), Pidf), 200);
        QCOMPARE(w.deliver(notifyFor(subscribe, "n2", 1, "active;expires=600")), 200);
        auto sent = w.takeSubscribes();
        QCOMPARE(sent.size(), std::size_t(1));
        QCOMPARE(sent.front().to()->tag().value_or(""), "n2");
        QCOMPARE(sent.front().header("Expires").value_or(""), "0");
        QCOMPARE(w.status().state, State::Active);
        QCOMPARE(w.status().body, Pidf);
    }

    void intervalTooBriefAsksForTheMinimum()
    {
        Watch w;
        const Request subscribe = w.start();
        Response tooBrief = CoreFixture::answer(subscribe, 423, "n1");
        tooBrief.addHeader("Min-Expires", "1800");
        w.f.deliver(tooBrief);
        const Request again = w.takeSubscribe();
        QCOMPARE(again.header("Expires").value_or(""), "1800");
        QVERIFY(*again.callId() != *subscribe.callId());
        QCOMPARE(w.status().state, State::NotifyWait);
    }

    void refusedSubscribeEnds()
    {
        Watch w;
        const Request subscribe = w.start();
        w.f.respond(subscribe, 489, "n1");
        QCOMPARE(w.status().state, State::Terminated);
        QCOMPARE(w.status().statusCode, 489);
        QCOMPARE(w.status().reason, "rejected");
    }

    void noNotifyEnds()
    {
        Watch w;
        const Request subscribe = w.start();
        w.f.respond(subscribe, 202, "n1");
        w.f.advance(64 * 500ms);
        QCOMPARE(w.status().state, State::Terminated);
        QCOMPARE(w.status().reason, "no NOTIFY");
    }

    void deactivatedOrTimeoutSubscribesAgainAtOnce_data()
    {
        QTest::addColumn<QString>("reason");
        QTest::newRow("deactivated") << "deactivated";
        QTest::newRow("timeout") << "timeout";
    }
    void deactivatedOrTimeoutSubscribesAgainAtOnce()
    {
        QFETCH(QString, reason);
        Watch w;
        const Request subscribe = w.start();
        QCOMPARE(w.deliver(notifyFor(subscribe, "n1", 1, "active;expires=600")), 200);
        QCOMPARE(w.deliver(notifyFor(subscribe, "n1", 2,
                                     "terminated;reason=" + reason.toStdString())),
                 200);
        const Request again = w.takeSubscribe();
        QVERIFY(!again.to()->tag()); // a new subscription, out of dialog
        QCOMPARE(w.status().state, State::NotifyWait);
        QCOMPARE(w.deliver(notifyFor(again, "n9", 1, "active;expires=600")), 200);
        QCOMPARE(w.status().state, State::Active);
    }

    void probationSubscribesAgainAfterItsRetryAfter()
    {
        Watch w;
        const Request subscribe = w.start();
        w.f.respond(subscribe, 202, "n1");
        QCOMPARE(w.deliver(notifyFor(subscribe, "n1", 1, "active;expires=600")), 200);
        QCOMPARE(w.deliver(notifyFor(subscribe, "n1", 2,
                                     "terminated;reason=probation;retry-after=30")),
                 200);
        QCOMPARE(w.status().state, State::Terminated);
        QCOMPARE(w.status().reason, "probation");
        w.f.advance(29s);
        QVERIFY(w.takeSubscribes().empty());
        w.f.advance(1s);
        QVERIFY(!w.takeSubscribe().to()->tag());
        QCOMPARE(w.status().state, State::NotifyWait);
    }

    void noresourceEndsForGood()
    {
        Watch w;
        const Request subscribe = w.start();
        w.f.respond(subscribe, 202, "n1");
        QCOMPARE(w.deliver(notifyFor(subscribe, "n1", 1, "terminated;reason=noresource")), 200);
        QCOMPARE(w.status().state, State::Terminated);
        QCOMPARE(w.status().reason, "noresource");
        w.f.advance(3600s);
        QVERIFY(w.takeSubscribes().empty());
    }

    void unsubscribeAfterTheNotify()
    {
        Watch w;
        const Request subscribe = w.start();
        QCOMPARE(w.deliver(notifyFor(subscribe, "n1", 1, "active;expires=600")), 200);
        int done = 0;
        w.subscriber->unsubscribe([&] { ++done; });
        const Request removal = w.takeSubscribe();
        QCOMPARE(removal.header("Expires").value_or(""), "0");
        w.f.respond(removal, 200, "n1");
        QCOMPARE(w.status().state, State::Active);
        QCOMPARE(done, 0);
        QCOMPARE(w.deliver(notifyFor(subscribe, "n1", 2, "terminated;reason=timeout")), 200);
        QCOMPARE(w.status().state, State::Terminated);
        QCOMPARE(w.status().reason, "unsubscribed");
        QCOMPARE(done, 1);
        QVERIFY(w.takeSubscribes().empty()); // timeout, yet not asked again
    }

    void unsubscribeIsDoneAtOnceWhenNotRunning()
    {
        Watch w;
        int done = 0;
        w.subscriber->unsubscribe([&] { ++done; });
        w.f.poll();
        QCOMPARE(done, 1);
        const Request subscribe = w.start();
        QCOMPARE(w.deliver(notifyFor(subscribe, "n1", 1, "terminated;reason=noresource")), 200);
        w.subscriber->unsubscribe([&] { ++done; });
        w.f.poll();
        QCOMPARE(done, 2);
        QVERIFY(w.takeSubscribes().empty());
    }

    void unsubscribeIsDoneOnDispose()
    {
        Watch w;
        const Request subscribe = w.start();
        QCOMPARE(w.deliver(notifyFor(subscribe, "n1", 1, "active;expires=600")), 200);
        int done = 0;
        w.subscriber->unsubscribe([&] { ++done; });
        w.takeSubscribe();
        QCOMPARE(done, 0);
        w.subscriber->dispose();
        QCOMPARE(done, 1);
    }

    void unsubscribeBeforeTheNotify()
    {
        Watch w;
        const Request subscribe = w.start();
        w.subscriber->unsubscribe();
        w.f.poll();
        QVERIFY(w.takeSubscribes().empty());
        QCOMPARE(w.deliver(notifyFor(subscribe, "n1", 1, "active;expires=600")), 200);
        const Request removal = w.takeSubscribe();
        QCOMPARE(removal.header("Expires").value_or(""), "0");
        QCOMPARE(w.deliver(notifyFor(subscribe, "n1", 2, "terminated")), 200);
        QCOMPARE(w.status().state, State::Terminated);
    }

    void disposeStopsEverything()
    {
        Watch w;
        const Request subscribe = w.start();
        QCOMPARE(w.deliver(notifyFor(subscribe, "n1", 1, "active;expires=600")), 200);
        const std::size_t heard = w.history.size();
        w.subscriber->dispose();
        QCOMPARE(w.f.core.dialogCount(), std::size_t(0));
        QCOMPARE(w.f.core.subscriberCount(), std::size_t(0));
        w.f.advance(3600s);
        QVERIFY(w.takeSubscribes().empty());
        QCOMPARE(w.history.size(), heard);
    }
};

QTEST_GUILESS_MAIN(TestSubscriber)
#include "tst_subscriber.moc"
