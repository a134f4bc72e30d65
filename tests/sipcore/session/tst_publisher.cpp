// Covers the Publisher (RFC 3903) on virtual time over the in-memory transport: the first
// PUBLISH (Event, Expires, the body, no SIP-If-Match); the entity tag and lifetime from the
// 2xx, the refresh at nine tenths without a body; a modification with SIP-If-Match and the new
// body; the removal (Expires: 0); 412 published again from scratch once; 423 with
// Min-Expires; other failures; one PUBLISH at a time, the newest wish winning; one Call-ID,
// CSeq one up each time; unpublish()'s completion (after the removal's answer, at once with
// nothing to remove, after a PUBLISH on its way and the removal behind it, on dispose()).
#include "support/sipfixture.h"

#include "sipcore/session/publisher.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;
using State = Publisher::State;

namespace {

struct Presence
{
    Presence()
    {
        PublisherOptions options;
        options.expires = 600s;
        publisher = std::make_shared<Publisher>(
                f.core, f.io.get_executor(), *Uri::parse("sip:alice@127.0.0.1:5080"),
                std::move(options),
                [this](const Publisher::Status &status) { history.push_back(status); });
    }
    ~Presence() { publisher->dispose(); }

    const Publisher::Status &status() const { return publisher->status(); }
    Request takePublish()
    {
        auto sent = f.takeRequests("PUBLISH");
        if (sent.size() != 1)
            qFatal("expected one PUBLISH, got %zu", sent.size());
        return sent.front();
    }
    /// publish(body), and the PUBLISH it sent.
    Request publish(const std::string &body)
    {
        publisher->publish(body);
        return takePublish();
    }
    /// Answers \a request with \a code, \a etag as SIP-ETag and \a expires as Expires.
    void reply(const Request &request, int code, std::string_view etag = {}, int expires = -1)
    {
        Response response = makeResponse(request, code, "esc-tag");
        if (!etag.empty())
            response.addHeader("SIP-ETag", etag);
        if (expires >= 0)
            response.addHeader(code == 423 ? "Min-Expires" : "Expires", std::to_string(expires));
        f.deliver(response);
    }

    CoreFixture f;
    std::shared_ptr<Publisher> publisher;
    std::vector<Publisher::Status> history;
};

} // namespace

class TestPublisher : public QObject
{
    Q_OBJECT

private slots:
    void firstPublishCarriesTheBody()
    {
        Presence p;
        const Request first = p.publish("open");
        QCOMPARE(first.requestUri().toString(), "sip:alice@127.0.0.1:5080");
        QCOMPARE(first.header("Event").value_or(""), "presence");
        QCOMPARE(first.header("Expires").value_or(""), "600");
        QCOMPARE(first.header("Content-Type").value_or(""), "application/pidf+xml");
        QCOMPARE(first.body(), "open");
        QVERIFY(!first.hasHeader("SIP-If-Match"));
        QVERIFY(p.status().waiting);
        p.reply(first, 200, "e1", 300);
        QCOMPARE(p.status().state, State::Published);
        QCOMPARE(p.status().entityTag, "e1");
        QCOMPARE(p.status().expires, 300s);
        QVERIFY(!p.status().waiting);
    }

    void refreshAtNineTenthsWithoutBody()
    {
        Presence p;
        const Request first = p.publish("open");
        p.reply(first, 200, "e1", 300);
        p.f.advance(269s);
        QVERIFY(p.f.takeRequests("PUBLISH").empty());
        p.f.advance(1s);
        const Request refresh = p.takePublish();
        QCOMPARE(refresh.header("SIP-If-Match").value_or(""), "e1");
        QCOMPARE(refresh.header("Expires").value_or(""), "600");
        QVERIFY(refresh.body().empty());
        QCOMPARE(*refresh.callId(), *first.callId());
        QCOMPARE(refresh.cseq()->sequence, first.cseq()->sequence + 1);
        p.reply(refresh, 200, "e2", 300);
        QCOMPARE(p.status().entityTag, "e2");
    }

    void publishAgainModifies()
    {
        Presence p;
        p.reply(p.publish("open"), 200, "e1", 600);
        const Request modify = p.publish("closed");
        QCOMPARE(modify.header("SIP-If-Match").value_or(""), "e1");
        QCOMPARE(modify.body(), "closed");
        p.reply(modify, 200, "e2", 600);
        QCOMPARE(p.status().entityTag, "e2");
        QCOMPARE(p.status().state, State::Published);
    }

    void unpublishRemoves()
    {
        Presence p;
        p.reply(p.publish("open"), 200, "e1", 600);
        p.publisher->unpublish();
        const Request removal = p.takePublish();
        QCOMPARE(removal.header("Expires").value_or(""), "0");
        QCOMPARE(removal.header("SIP-If-Match").value_or(""), "e1");
        QVERIFY(removal.body().empty());
        p.reply(removal, 200, "e1", 0);
        QCOMPARE(p.status().state, State::Unpublished);
        QVERIFY(p.status().entityTag.empty());
        p.f.advance(3600s);
        QVERIFY(p.f.takeRequests("PUBLISH").empty());
    }

    void unpublishWithNothingPublishedSendsNothing()
    {
        Presence p;
        int done = 0;
        p.publisher->unpublish([&] { ++done; });
        p.f.poll();
        QVERIFY(p.f.takeRequests("PUBLISH").empty());
        QCOMPARE(p.status().state, State::Initial);
        QCOMPARE(done, 1);
    }

    void unpublishIsDoneOnceTheRemovalIsAnswered_data()
    {
        QTest::addColumn<int>("code");
        QTest::newRow("200") << 200;
        QTest::newRow("500") << 500;
    }

    void unpublishIsDoneOnceTheRemovalIsAnswered()
    {
        QFETCH(int, code);
        Presence p;
        p.reply(p.publish("open"), 200, "e1", 600);
        int done = 0;
        p.publisher->unpublish([&] { ++done; });
        const Request removal = p.takePublish();
        QCOMPARE(done, 0);
        p.reply(removal, code);
        QCOMPARE(done, 1);
    }

    void unpublishWhileAPublishIsOnItsWayIsDoneAfterTheRemoval()
    {
        Presence p;
        const Request first = p.publish("open");
        int done = 0;
        p.publisher->unpublish([&] { ++done; });
        p.f.poll();
        p.reply(first, 200, "e1", 600);
        QCOMPARE(done, 0); // the removal is on its way now
        const Request removal = p.takePublish();
        QCOMPARE(removal.header("Expires").value_or(""), "0");
        p.reply(removal, 200);
        QCOMPARE(done, 1);
    }

    void unpublishIsDoneOnDispose()
    {
        Presence p;
        p.reply(p.publish("open"), 200, "e1", 600);
        int done = 0;
        p.publisher->unpublish([&] { ++done; });
        p.takePublish();
        p.publisher->dispose();
        QCOMPARE(done, 1);
    }

    void conditionalRequestFailedPublishesFromScratchOnce()
    {
        Presence p;
        p.reply(p.publish("open"), 200, "e1", 300);
        p.f.advance(270s);
        p.reply(p.takePublish(), 412);
        const Request fresh = p.takePublish();
        QVERIFY(!fresh.hasHeader("SIP-If-Match"));
        QCOMPARE(fresh.body(), "open");
        p.reply(fresh, 412);
        QCOMPARE(p.status().state, State::Failed);
        QVERIFY(p.f.takeRequests("PUBLISH").empty());
    }

    void intervalTooBriefAsksForTheMinimum()
    {
        Presence p;
        p.reply(p.publish("open"), 423, {}, 1800);
        const Request again = p.takePublish();
        QCOMPARE(again.header("Expires").value_or(""), "1800");
        QCOMPARE(again.body(), "open");
    }

    void otherFailuresFail()
    {
        Presence p;
        p.reply(p.publish("open"), 489);
        QCOMPARE(p.status().state, State::Failed);
        QCOMPARE(p.status().statusCode, 489);
        p.f.advance(3600s);
        QVERIFY(p.f.takeRequests("PUBLISH").empty());
    }

    void oneAtATimeTheNewestWinning()
    {
        Presence p;
        const Request first = p.publish("open");
        p.publisher->publish("away");
        p.publisher->publish("closed");
        p.f.poll();
        QVERIFY(p.f.takeRequests("PUBLISH").empty());
        p.reply(first, 200, "e1", 600);
        const Request modify = p.takePublish();
        QCOMPARE(modify.body(), "closed");
        QCOMPARE(modify.header("SIP-If-Match").value_or(""), "e1");
        // An unpublish while it is on its way follows its answer.
        p.publisher->unpublish();
        p.f.poll();
        QVERIFY(p.f.takeRequests("PUBLISH").empty());
        p.reply(modify, 200, "e2", 600);
        const Request removal = p.takePublish();
        QCOMPARE(removal.header("Expires").value_or(""), "0");
        QCOMPARE(removal.header("SIP-If-Match").value_or(""), "e2");
    }

    void disposeStopsEverything()
    {
        Presence p;
        p.reply(p.publish("open"), 200, "e1", 600);
        const std::size_t heard = p.history.size();
        p.publisher->dispose();
        p.f.advance(3600s);
        QVERIFY(p.f.takeRequests("PUBLISH").empty());
        QCOMPARE(p.history.size(), heard);
    }
};

QTEST_GUILESS_MAIN(TestPublisher)
#include "tst_publisher.moc"
