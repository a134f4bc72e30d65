// Covers subscriptions as subscriber (RFC 6665) in the core, on the in-memory transport and
// virtual time:
//  - the initial SUBSCRIBE carries Event, Expires and our Contact; each NOTIFY that answers it
//    creates a SubscriptionDialog (before or after the 2xx; one per fork), is answered 200 and
//    sets the state (pending, active) and the time left, which a 2xx's Expires bounds;
//  - the dialog refreshes at nine tenths of the time left, within the dialog (route set and
//    remote target from the NOTIFY, the next CSeq); a refresh answered 481 ends it, another
//    failure lets it run out; a NOTIFY with terminated ends it (onNotify, then onTerminated);
//  - unsubscribe() sends Expires: 0 and ends on the terminated NOTIFY, or after Timer N;
//  - Timer N without a NOTIFY is reported; a final non-2xx stops NOTIFYs from matching;
//  - NOTIFYs for another event get 481, without Subscription-State 400, out of CSeq order 500;
//    other requests in the dialog 405; a SUBSCRIBE to us 489 with Allow-Events.
#include "support/callerrequest.h"
#include "support/notifyrequest.h"
#include "support/sipfixture.h"

#include "sipcore/core/subscribeuseragentclient.h"
#include "sipcore/core/subscriptiondialog.h"
#include "sipcore/core/useragentserver.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;

namespace {

/// What the layer above a SUBSCRIBE and its dialogs hears.
struct Subscriber final : OutgoingSubscribeRequestDelegate, SubscriptionDelegate
{
    void onSubscription(const std::shared_ptr<SubscriptionDialog> &dialog) override
    {
        dialog->setDelegate(this);
        dialogs.push_back(dialog);
    }
    void onNotifyTimeout() override { ++notifyTimeouts; }
    void onAccept(const Response &response) override { finals.push_back(response.statusCode); }
    void onReject(const Response &response) override { finals.push_back(response.statusCode); }
    void onNotify(const Request &notify) override
    {
        notifies.push_back(std::string(notify.header("Subscription-State").value_or("")));
    }
    void onTerminated() override { ++terminations; }

    std::vector<std::shared_ptr<SubscriptionDialog>> dialogs;
    std::vector<int> finals;
    std::vector<std::string> notifies;
    int notifyTimeouts = 0;
    int terminations = 0;
};

/// A core that subscribes to bob's presence for 600 s.
struct SubscribeCase
{
    SubscribeCase()
    {
        auto uri = Uri::parse("sip:bob@127.0.0.1:5080");
        OutgoingRequestMessageOptions options;
        options.extraHeaders = {{"Event", "presence"}, {"Expires", "600"}};
        client = f.core.subscribe(f.core.makeOutgoingRequestMessage(
                                          "SUBSCRIBE", *uri, NameAddr{{}, *uri, {}}, options),
                                  &subscriber);
        auto sent = f.takeRequests("SUBSCRIBE");
        if (sent.size() != 1)
            qFatal("expected one SUBSCRIBE");
        subscribe = sent.front();
    }
    /// Delivers \a notify and returns the status of our answer to it.
    int deliver(const Request &notify)
    {
        f.deliver(notify);
        auto responses = f.takeResponses();
        return responses.size() == 1 ? responses.front().statusCode : -1;
    }
    /// An active subscription with bob's notifier "n1", granted \a seconds by a NOTIFY with CSeq
    /// \a cseq.
    void activate(int seconds = 600, std::uint32_t cseq = 1)
    {
        f.deliver(withExpires(CoreFixture::answer(subscribe, 202, "n1"), seconds));
        QCOMPARE(deliver(notifyFor(subscribe, "n1", cseq,
                                   "active;expires=" + std::to_string(seconds))),
                 200);
        QCOMPARE(subscriber.dialogs.size(), std::size_t(1));
    }
    /// The refresh of an activate()d subscription, at nine tenths of its 600 s.
    Request takeRefresh()
    {
        f.advance(540s);
        auto refreshes = f.takeRequests("SUBSCRIBE");
        if (refreshes.size() != 1)
            qFatal("expected one refresh, got %zu", refreshes.size());
        return refreshes.front();
    }
    static Response withExpires(Response response, int seconds)
    {
        response.addHeader("Expires", std::to_string(seconds));
        return response;
    }

    CoreFixture f;
    Subscriber subscriber;
    std::shared_ptr<SubscribeUserAgentClient> client;
    Request subscribe;
};

} // namespace

class TestSubscription : public QObject
{
    Q_OBJECT

private slots:
    void subscribeCarriesEventExpiresAndContact()
    {
        SubscribeCase c;
        QCOMPARE(c.subscribe.header("Event").value_or(""), "presence");
        QCOMPARE(c.subscribe.header("Expires").value_or(""), "600");
        QVERIFY(c.subscribe.contacts().ok());
        QCOMPARE(c.f.core.subscriberCount(), std::size_t(1));
    }

    void notifyAfterTheAcceptCreatesAnActiveDialog()
    {
        SubscribeCase c;
        c.activate();
        const auto &dialog = c.subscriber.dialogs.front();
        QCOMPARE(dialog->state(), SubscriptionDialog::State::Active);
        QCOMPARE(dialog->expires(), 600s);
        QCOMPARE(dialog->remoteTag(), "n1");
        QCOMPARE(dialog->remoteTarget().toString(), "sip:bob@127.0.0.1:5080;notifier=n1");
        QCOMPARE(c.subscriber.notifies, std::vector<std::string>{"active;expires=600"});
        QCOMPARE(c.subscriber.finals, std::vector<int>{202});
        QCOMPARE(c.f.core.dialogCount(), std::size_t(1));
    }

    void notifyBeforeTheAcceptIsBoundedByItsExpires()
    {
        SubscribeCase c;
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 1, "pending;expires=600")), 200);
        QCOMPARE(c.subscriber.dialogs.size(), std::size_t(1));
        const auto &dialog = c.subscriber.dialogs.front();
        QCOMPARE(dialog->state(), SubscriptionDialog::State::Pending);
        c.f.deliver(SubscribeCase::withExpires(CoreFixture::answer(c.subscribe, 200, "n1"), 300));
        QCOMPARE(dialog->expires(), 300s);
        // Nine tenths of 300 s: the refresh goes out at 270 s, not at 540 s.
        c.f.advance(269s);
        QVERIFY(c.f.takeRequests("SUBSCRIBE").empty());
        c.f.advance(1s);
        QCOMPARE(c.f.takeRequests("SUBSCRIBE").size(), std::size_t(1));
    }

    void pendingThenActive()
    {
        SubscribeCase c;
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 1, "pending;expires=600")), 200);
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 2, "active;expires=500")), 200);
        QCOMPARE(c.subscriber.dialogs.front()->state(), SubscriptionDialog::State::Active);
        QCOMPARE(c.subscriber.dialogs.front()->expires(), 500s);
    }

    void refreshGoesWithinTheDialog()
    {
        SubscribeCase c;
        c.f.deliver(SubscribeCase::withExpires(CoreFixture::answer(c.subscribe, 202, "n1"), 600));
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 1, "active;expires=600", "presence",
                                     "<sip:proxy.test:5090;lr>")),
                 200);
        c.f.advance(539s);
        QVERIFY(c.f.takeRequests("SUBSCRIBE").empty());
        c.f.advance(1s);
        auto refreshes = c.f.takeRequests("SUBSCRIBE");
        QCOMPARE(refreshes.size(), std::size_t(1));
        const Request &refresh = refreshes.front();
        QCOMPARE(refresh.requestUri().toString(), "sip:bob@127.0.0.1:5080;notifier=n1");
        QCOMPARE(refresh.header("Route").value_or(""), "<sip:proxy.test:5090;lr>");
        QCOMPARE(*refresh.callId(), *c.subscribe.callId());
        QCOMPARE(refresh.to()->tag().value_or(""), "n1");
        QCOMPARE(refresh.from()->tag(), c.subscribe.from()->tag());
        QCOMPARE(refresh.cseq()->sequence, c.subscribe.cseq()->sequence + 1);
        QCOMPARE(refresh.header("Event").value_or(""), "presence");
        QCOMPARE(refresh.header("Expires").value_or(""), "600");
        QVERIFY(refresh.contacts().ok());
        // Its 2xx grants a new time: the next refresh comes nine tenths of it later.
        c.f.deliver(SubscribeCase::withExpires(CoreFixture::answer(refresh, 200, "n1"), 100));
        QCOMPARE(c.subscriber.dialogs.front()->expires(), 100s);
        c.f.advance(90s);
        QCOMPARE(c.f.takeRequests("SUBSCRIBE").size(), std::size_t(1));
    }

    void refreshAnswered481Ends()
    {
        SubscribeCase c;
        c.activate();
        c.f.respond(c.takeRefresh(), 481, "n1");
        QCOMPARE(c.subscriber.dialogs.front()->state(), SubscriptionDialog::State::Terminated);
        QCOMPARE(c.subscriber.dialogs.front()->terminationReason(), "deactivated");
        QCOMPARE(c.subscriber.terminations, 1);
        QCOMPARE(c.f.core.dialogCount(), std::size_t(0));
    }

    void refreshFailingOtherwiseRunsOut()
    {
        SubscribeCase c;
        c.activate();
        c.f.respond(c.takeRefresh(), 500, "n1");
        QCOMPARE(c.subscriber.dialogs.front()->state(), SubscriptionDialog::State::Active);
        c.f.advance(59s);
        QCOMPARE(c.subscriber.terminations, 0);
        c.f.advance(1s);
        QCOMPARE(c.subscriber.dialogs.front()->state(), SubscriptionDialog::State::Terminated);
        QCOMPARE(c.subscriber.dialogs.front()->terminationReason(), "timeout");
        QCOMPARE(c.subscriber.terminations, 1);
    }

    void terminatedNotifyEnds()
    {
        SubscribeCase c;
        c.activate();
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 2,
                                     "terminated;reason=probation;retry-after=30")),
                 200);
        const auto &dialog = c.subscriber.dialogs.front();
        QCOMPARE(dialog->state(), SubscriptionDialog::State::Terminated);
        QCOMPARE(dialog->subscriptionState().reason, "probation");
        QCOMPARE(dialog->terminationReason(), "probation");
        QCOMPARE(dialog->subscriptionState().retryAfter, std::optional<std::uint32_t>(30));
        QCOMPARE(c.subscriber.notifies.size(), std::size_t(2));
        QCOMPARE(c.subscriber.terminations, 1);
        QCOMPARE(c.f.core.dialogCount(), std::size_t(0));
        // Nothing is refreshed afterwards.
        c.f.advance(600s);
        QVERIFY(c.f.takeRequests("SUBSCRIBE").empty());
    }

    void unsubscribeEndsOnTheTerminatedNotify()
    {
        SubscribeCase c;
        c.activate();
        const auto &dialog = c.subscriber.dialogs.front();
        dialog->unsubscribe();
        auto sent = c.f.takeRequests("SUBSCRIBE");
        QCOMPARE(sent.size(), std::size_t(1));
        QCOMPARE(sent.front().header("Expires").value_or(""), "0");
        c.f.respond(sent.front(), 200, "n1");
        QCOMPARE(dialog->state(), SubscriptionDialog::State::Active);
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 2, "terminated;reason=timeout")), 200);
        QCOMPARE(dialog->state(), SubscriptionDialog::State::Terminated);
        QCOMPARE(c.subscriber.terminations, 1);
    }

    void unsubscribeEndsAfterTimerNWithoutNotify()
    {
        SubscribeCase c;
        c.activate();
        const auto &dialog = c.subscriber.dialogs.front();
        dialog->unsubscribe();
        dialog->unsubscribe(); // once
        auto sent = c.f.takeRequests("SUBSCRIBE");
        QCOMPARE(sent.size(), std::size_t(1));
        c.f.respond(sent.front(), 200, "n1");
        c.f.advance(64 * 500ms - 1ms);
        QCOMPARE(c.subscriber.terminations, 0);
        c.f.advance(1ms);
        QCOMPARE(dialog->state(), SubscriptionDialog::State::Terminated);
        QCOMPARE(dialog->terminationReason(), "unsubscribed");
        QCOMPARE(c.subscriber.terminations, 1);
    }

    void eachForkHasItsDialog()
    {
        SubscribeCase c;
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 1, "active;expires=600")), 200);
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n2", 7, "pending;expires=600")), 200);
        QCOMPARE(c.subscriber.dialogs.size(), std::size_t(2));
        QCOMPARE(c.subscriber.dialogs[1]->remoteTag(), "n2");
        QCOMPARE(c.subscriber.dialogs[1]->state(), SubscriptionDialog::State::Pending);
        QCOMPARE(c.f.core.dialogCount(), std::size_t(2));
        // The next NOTIFY of the first fork goes to its dialog.
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 2, "active;expires=300")), 200);
        QCOMPARE(c.subscriber.dialogs.size(), std::size_t(2));
        QCOMPARE(c.subscriber.dialogs[0]->expires(), 300s);
    }

    void timerNWithoutNotifyIsReported()
    {
        SubscribeCase c;
        c.f.respond(c.subscribe, 202, "n1");
        c.f.advance(64 * 500ms - 1ms);
        QCOMPARE(c.subscriber.notifyTimeouts, 0);
        c.f.advance(1ms);
        QCOMPARE(c.subscriber.notifyTimeouts, 1);
        QCOMPARE(c.f.core.subscriberCount(), std::size_t(0));
        // A NOTIFY now matches nothing.
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 1, "active;expires=600")), 481);
        QVERIFY(c.subscriber.dialogs.empty());
    }

    void notifyAfterTimerNIsNoTimeout()
    {
        SubscribeCase c;
        c.activate();
        c.f.advance(64 * 500ms);
        QCOMPARE(c.subscriber.notifyTimeouts, 0);
        QCOMPARE(c.f.core.subscriberCount(), std::size_t(0));
        QCOMPARE(c.subscriber.dialogs.front()->state(), SubscriptionDialog::State::Active);
    }

    void rejectedSubscribeMatchesNoNotify()
    {
        SubscribeCase c;
        c.f.respond(c.subscribe, 489, "n1");
        QCOMPARE(c.subscriber.finals, std::vector<int>{489});
        QCOMPARE(c.f.core.subscriberCount(), std::size_t(0));
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 1, "active;expires=600")), 481);
        QVERIFY(c.subscriber.dialogs.empty());
    }

    void notifyForAnotherEventGets481()
    {
        SubscribeCase c;
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 1, "active;expires=600", "dialog")), 481);
        QVERIFY(c.subscriber.dialogs.empty());
        c.activate(600, 10);
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 11, "active;expires=600", "dialog")), 481);
        QCOMPARE(c.subscriber.notifies.size(), std::size_t(1));
    }

    void notifyWithoutSubscriptionStateGets400()
    {
        SubscribeCase c;
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 1, "")), 400);
        QVERIFY(c.subscriber.dialogs.empty());
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 2, "unheard-of")), 400);
        c.activate(600, 10);
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 11, "")), 400);
        QCOMPARE(c.subscriber.notifies.size(), std::size_t(1));
    }

    void notifyOutOfOrderGets500()
    {
        SubscribeCase c;
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 5, "active;expires=600")), 200);
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 4, "terminated")), 500);
        QCOMPARE(c.subscriber.dialogs.front()->state(), SubscriptionDialog::State::Active);
    }

    void otherRequestsInTheDialogGet405()
    {
        SubscribeCase c;
        c.activate();
        Request info = notifyFor(c.subscribe, "n1", 2, "active");
        info.method = "INFO";
        info.setHeader("CSeq", "2 INFO");
        c.f.deliver(info);
        auto responses = c.f.takeResponses();
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(responses.front().statusCode, 405);
        QCOMPARE(responses.front().header("Allow").value_or(""), "NOTIFY");
    }

    void subscribeToUsGets489WithAllowEvents()
    {
        CoreFixture f;
        f.transport.inject(callerRequest("SUBSCRIBE", "z9hG4bK-sub1", 1, {},
                                         "Event: presence\r\nExpires: 600\r\n"),
                           {"192.0.2.7", 5999});
        auto responses = f.takeResponses();
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(responses.front().statusCode, 489);
        QCOMPARE(responses.front().header("Allow-Events").value_or(""), "refer");
    }

    void disposedDialogHearsNothingMore()
    {
        SubscribeCase c;
        c.activate();
        c.subscriber.dialogs.front()->dispose();
        QCOMPARE(c.f.core.dialogCount(), std::size_t(0));
        c.f.advance(600s);
        QVERIFY(c.f.takeRequests("SUBSCRIBE").empty());
        QCOMPARE(c.subscriber.terminations, 0);
        QCOMPARE(c.deliver(notifyFor(c.subscribe, "n1", 2, "active;expires=600")), 481);
    }
};

QTEST_GUILESS_MAIN(TestSubscription)
#include "tst_subscription.moc"
