// Covers forking and re-INVITEs in SessionDialog on the in-memory transport and virtual time:
//  - each provisional response with a new To tag makes an early dialog (RFC 3261 §12.1.2);
//    the 2xx of a fork confirms its dialog with the 2xx's Contact and Record-Route; a second
//    fork's 2xx is ACKed and BYEd; a non-2xx final ends the early dialogs;
//  - our re-INVITE carries our Contact and the next CSeq; its 2xx refreshes the remote target
//    and is ACKed with the re-INVITE's CSeq (again for a retransmission); a second one while
//    the first is open is refused;
//  - glare (§14.1): a 491 to our re-INVITE is retried with a new CSeq after 2.1-4 s when we
//    chose the Call-ID and within 2 s when the peer did, and the delegate hears only the
//    outcome of the retry;
//  - the peer's re-INVITE (§14.2) refreshes the remote target and reaches the session
//    delegate, whose 2xx carries our Contact and is re-sent until its ACK; while ours is open
//    it gets 491, while the peer's earlier one is it gets 500 with Retry-After;
//  - UPDATE (RFC 3311): ours carries our Contact, the next CSeq and the offer, and its 2xx
//    refreshes the remote target; a second offer waits for the first's answer; the peer's
//    refreshes the remote target and gets 200 with our Contact (488 for an offer by default);
//    the peer's offer gets 491 while one of ours (UPDATE or re-INVITE) is open and 500 with
//    Retry-After while its re-INVITE is.
#include "support/callerrequest.h"
#include "support/sipfixture.h"

#include "sipcore/core/coreerror.h"
#include "sipcore/core/inviteuseragentclient.h"
#include "sipcore/core/inviteuseragentserver.h"
#include "sipcore/core/sessiondialog.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;

namespace {

/// What the layer above an INVITE or re-INVITE hears.
struct Caller final : OutgoingInviteRequestDelegate
{
    void onProgress(const Response &response) override { progress.push_back(response.statusCode); }
    void onAcceptSession(const Response &, const std::shared_ptr<SessionDialog> &dialog) override
    {
        dialogs.push_back(dialog);
    }
    void onAccept(const Response &response) override { accepted.push_back(response.statusCode); }
    void onReject(const Response &response) override { rejected.push_back(response.statusCode); }

    std::vector<int> progress;
    std::vector<std::shared_ptr<SessionDialog>> dialogs;
    std::vector<int> accepted;
    std::vector<int> rejected;
};

/// Keeps the re-INVITEs the peer sends and answers them only when told.
struct Listener final : SessionDelegate
{
    void onInvite(const std::shared_ptr<InviteUserAgentServer> &server) override
    {
        invites.push_back(server);
    }
    void onAck(const Request &) override { ++acks; }

    std::vector<std::shared_ptr<InviteUserAgentServer>> invites;
    int acks = 0;
};

/// A response from bob to \a request with To tag \a tag and, for 1xx-2xx, a Contact at \a
/// contactHost.
Response fromBob(const Request &request,
                 int code,
                 std::string_view tag,
                 std::string_view contactHost = "127.0.0.1:5080",
                 std::string_view recordRoute = {})
{
    Response response = makeResponse(request, code, tag);
    if (code < 300)
        response.addHeader("Contact", "<sip:bob@" + std::string(contactHost) + ">");
    if (!recordRoute.empty())
        response.addHeader("Record-Route", std::string(recordRoute));
    return response;
}

const std::string Sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                        "m=audio 9 RTP/AVP 0\r\n";

DialogRequestOptions offer()
{
    DialogRequestOptions options;
    options.body = Sdp;
    options.contentType = "application/sdp";
    return options;
}

/// An outgoing call answered by bob: the confirmed UAC dialog and the INVITE.
struct Call
{
    Call()
    {
        client = f.core.invite(makeInvite(f), &caller);
        invite = f.takeRequests("INVITE").at(0);
        f.deliver(fromBob(invite, 200, "bob-1"));
        dialog = caller.dialogs.at(0);
        dialog->setDelegate(&listener);
        dialog->ack();
        f.takeAll();
    }

    /// Sends a re-INVITE and returns it as sent.
    Request reinvite()
    {
        const std::error_code error = dialog->reinvite({}, &reinviteDelegate);
        if (error)
            qFatal("re-INVITE refused: %s", error.message().c_str());
        return f.takeRequests("INVITE").at(0);
    }

    CoreFixture f;
    Caller caller;
    Caller reinviteDelegate;
    Listener listener;
    std::shared_ptr<InviteUserAgentClient> client;
    Request invite;
    std::shared_ptr<SessionDialog> dialog;
};

/// An incoming call from alice that we answered and she ACKed: the UAS dialog.
struct AnsweredCall final : UserAgentCoreDelegate
{
    AnsweredCall()
    {
        f.core.setDelegate(this);
        send(callerRequest("INVITE", "z9hG4bKa-1", 1));
        f.takeAll();
        dialog->setDelegate(&listener);
        send(callerRequest("ACK", "z9hG4bKa-ack1", 1, dialog->localTag()));
        f.takeAll();
    }
    void onInvite(const std::shared_ptr<InviteUserAgentServer> &server) override
    {
        server->reply(180);
        dialog = *server->accept();
        server_ = server;
    }
    void send(const std::string &text) { f.transport.inject(text, Endpoint{"192.0.2.7", 5999}); }

    CoreFixture f;
    Listener listener;
    std::shared_ptr<InviteUserAgentServer> server_;
    std::shared_ptr<SessionDialog> dialog;
};

} // namespace

class tst_Reinvite : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachForkHasItsEarlyDialog()
    {
        CoreFixture f;
        Caller caller;
        auto client = f.core.invite(makeInvite(f), &caller);
        const Request invite = f.takeRequests("INVITE").at(0);
        f.deliver(fromBob(invite, 100, {}));
        QVERIFY(client->earlyDialogs().empty()); // 100 has no To tag and makes no dialog
        f.deliver(fromBob(invite, 180, "fork-a", "192.0.2.1:5060"));
        f.deliver(fromBob(invite, 180, "fork-b", "192.0.2.2:5060"));
        f.deliver(fromBob(invite, 183, "fork-a", "192.0.2.1:5060"));
        QCOMPARE(caller.progress, (std::vector<int>{180, 180, 183}));
        const auto early = client->earlyDialogs();
        QCOMPARE(early.size(), std::size_t(2));
        QCOMPARE(f.core.dialogCount(), std::size_t(2));
        for (const auto &dialog : early) {
            QVERIFY(dialog->isEarly());
            QCOMPARE(dialog->remoteTarget().host,
                     std::string(dialog->remoteTag() == "fork-a" ? "192.0.2.1" : "192.0.2.2"));
            QCOMPARE(dialog->reinvite({}, nullptr), make_error_code(CoreError::DialogNotConfirmed));
        }

        // Fork a answers from elsewhere, through a proxy: its early dialog is confirmed with
        // the 2xx's target and route set.
        f.deliver(fromBob(invite, 200, "fork-a", "192.0.2.11:5060", "<sip:proxy.example;lr>"));
        QCOMPARE(caller.dialogs.size(), std::size_t(1));
        const auto dialog = caller.dialogs.front();
        QVERIFY(std::find(early.begin(), early.end(), dialog) != early.end());
        QVERIFY(!dialog->isEarly());
        QCOMPARE(dialog->remoteTag(), std::string("fork-a"));
        QCOMPARE(dialog->remoteTarget().host, std::string("192.0.2.11"));
        QCOMPARE(dialog->routeSet().size(), std::size_t(1));
        QCOMPARE(dialog->routeSet().front().uri.host, std::string("proxy.example"));
        QCOMPARE(client->earlyDialogs().size(), std::size_t(1)); // fork b may still answer
        QCOMPARE(f.core.dialogCount(), std::size_t(2));
        client->dispose(); // the INVITE is done with: fork b's early dialog goes with it
        QCOMPARE(f.core.dialogCount(), std::size_t(1));
    }

    void laterForkIsAckedAndByed()
    {
        CoreFixture f;
        Caller caller;
        auto client = f.core.invite(makeInvite(f), &caller);
        const Request invite = f.takeRequests("INVITE").at(0);
        f.deliver(fromBob(invite, 180, "fork-a"));
        f.deliver(fromBob(invite, 180, "fork-b", "192.0.2.2:5060"));
        f.deliver(fromBob(invite, 200, "fork-a"));
        caller.dialogs.at(0)->ack();
        f.takeAll();

        f.deliver(fromBob(invite, 200, "fork-b", "192.0.2.2:5060"));
        QCOMPARE(caller.dialogs.size(), std::size_t(1));
        std::vector<Request> sent;
        for (auto &message : f.takeAll())
            sent.push_back(std::get<Request>(message));
        QCOMPARE(sent.size(), std::size_t(2));
        QCOMPARE(sent[0].method, std::string("ACK"));
        QCOMPARE(sent[1].method, std::string("BYE"));
        for (const Request &request : sent) {
            QCOMPARE(std::string(request.to()->tag().value_or("")), std::string("fork-b"));
            QCOMPARE(request.requestUri().host, std::string("192.0.2.2"));
        }
        QCOMPARE(sent[0].cseq()->sequence, invite.cseq()->sequence);
        QCOMPARE(sent[1].cseq()->sequence, invite.cseq()->sequence + 1);
        // The kept dialog is untouched.
        QVERIFY(!caller.dialogs.at(0)->isTerminated());
    }

    void finalFailureEndsEarlyDialogs()
    {
        CoreFixture f;
        Caller caller;
        auto client = f.core.invite(makeInvite(f), &caller);
        const Request invite = f.takeRequests("INVITE").at(0);
        f.deliver(fromBob(invite, 180, "fork-a"));
        f.deliver(fromBob(invite, 180, "fork-b"));
        QCOMPARE(f.core.dialogCount(), std::size_t(2));
        f.deliver(fromBob(invite, 486, "fork-a"));
        QCOMPARE(caller.rejected, std::vector<int>{486});
        QVERIFY(client->earlyDialogs().empty());
        QCOMPARE(f.core.dialogCount(), std::size_t(0));
    }

    void reinviteRefreshesTarget()
    {
        Call c;
        const Request reinvite = c.reinvite();
        QCOMPARE(reinvite.cseq()->sequence, c.invite.cseq()->sequence + 1);
        QCOMPARE(reinvite.requestUri().toString(), std::string("sip:bob@127.0.0.1:5080"));
        QCOMPARE(std::string(reinvite.to()->tag().value_or("")), std::string("bob-1"));
        QCOMPARE(reinvite.contacts()->front().uri.toString(),
                 c.invite.contacts()->front().uri.toString());
        QVERIFY(c.dialog->isInviteInProgress());
        QCOMPARE(c.dialog->reinvite({}, nullptr), make_error_code(CoreError::InviteInProgress));

        const Response ok = fromBob(reinvite, 200, "bob-1", "192.0.2.20:5070");
        c.f.deliver(ok);
        QCOMPARE(c.reinviteDelegate.accepted, std::vector<int>{200});
        QCOMPARE(c.dialog->remoteTarget().toString(), std::string("sip:bob@192.0.2.20:5070"));
        QVERIFY(!c.dialog->isInviteInProgress());
        auto sent = c.f.transport.takeSent();
        QVERIFY(sent);
        const Request ack = sentRequest(*sent);
        QCOMPARE(ack.method, std::string("ACK"));
        QCOMPARE(ack.cseq()->sequence, reinvite.cseq()->sequence);
        QCOMPARE(ack.requestUri().toString(), std::string("sip:bob@192.0.2.20:5070"));

        c.f.deliver(ok); // a retransmitted 2xx: the same ACK, nothing for the delegate
        auto again = c.f.transport.takeSent();
        QVERIFY(again);
        QCOMPARE(again->bytes, sent->bytes);
        QCOMPARE(c.reinviteDelegate.accepted.size(), std::size_t(1));

        // The next request goes to the new target with the next CSeq.
        const Request bye = c.dialog->createRequest("BYE");
        QCOMPARE(bye.requestUri().host, std::string("192.0.2.20"));
        QCOMPARE(bye.cseq()->sequence, reinvite.cseq()->sequence + 1);
    }

    void rejectedReinviteKeepsTheDialog()
    {
        Call c;
        const Request reinvite = c.reinvite();
        c.f.deliver(fromBob(reinvite, 488, "bob-1"));
        QCOMPARE(c.reinviteDelegate.rejected, std::vector<int>{488});
        QCOMPARE(c.dialog->remoteTarget().toString(), std::string("sip:bob@127.0.0.1:5080"));
        QVERIFY(!c.dialog->isTerminated());
        QVERIFY(!c.dialog->isInviteInProgress());
        QVERIFY(!c.dialog->reinvite({}, &c.reinviteDelegate)); // a new one may go
    }

    void glareIsRetriedAfterBackOff_data()
    {
        QTest::addColumn<bool>("callIdOwner");
        QTest::newRow("our Call-ID: 2.1-4 s") << true;
        QTest::newRow("the peer's Call-ID: up to 2 s") << false;
    }

    void glareIsRetriedAfterBackOff()
    {
        QFETCH(bool, callIdOwner);
        // Run it often enough to meet both ends of the random range.
        for (int round = 0; round < 20; ++round) {
            std::unique_ptr<Call> outgoing;
            std::unique_ptr<AnsweredCall> incoming;
            CoreFixture *f = nullptr;
            std::shared_ptr<SessionDialog> dialog;
            Caller delegate;
            if (callIdOwner) {
                outgoing = std::make_unique<Call>();
                f = &outgoing->f;
                dialog = outgoing->dialog;
            } else {
                incoming = std::make_unique<AnsweredCall>();
                f = &incoming->f;
                dialog = incoming->dialog;
            }
            QVERIFY(!dialog->reinvite({}, &delegate));
            const Request first = f->takeRequests("INVITE").at(0);
            const std::string tag(first.to()->tag().value_or(""));
            f->deliver(makeResponse(first, 491, tag));
            QVERIFY(delegate.rejected.empty());
            QVERIFY(dialog->isInviteInProgress());
            const auto acks = f->takeRequests("ACK"); // the transaction's, for the 491
            QCOMPARE(acks.size(), std::size_t(1));
            QCOMPARE(acks.front().cseq()->sequence, first.cseq()->sequence);

            // Step through time 10 ms at a time until the retry goes out.
            const auto earliest = callIdOwner ? 2100ms : 0ms;
            const auto latest = callIdOwner ? 4000ms : 2000ms;
            std::vector<Request> retried;
            auto waited = 0ms;
            f->poll();
            retried = f->takeRequests("INVITE");
            while (retried.empty() && waited <= latest) {
                f->advance(10ms);
                waited += 10ms;
                retried = f->takeRequests("INVITE");
            }
            QCOMPARE(retried.size(), std::size_t(1));
            QVERIFY2(waited >= earliest && waited <= latest,
                     qPrintable(QString::number(waited.count()) + " ms"));
            QCOMPARE(retried.front().cseq()->sequence, first.cseq()->sequence + 1);
            f->deliver(fromBob(retried.front(), 200, tag));
            QCOMPARE(delegate.accepted, std::vector<int>{200});
            dialog->dispose();
        }
    }

    void peersReinviteIsAnswered()
    {
        AnsweredCall c;
        const std::string tag = c.dialog->localTag();
        c.send(callerRequest("INVITE", "z9hG4bKa-2", 2, tag));
        QCOMPARE(c.listener.invites.size(), std::size_t(1));
        QVERIFY(c.dialog->isInviteInProgress());
        QVERIFY(c.listener.invites.front()->accept().ok());
        auto answers = c.f.takeResponses();
        QCOMPARE(answers.size(), std::size_t(1));
        QCOMPARE(answers.front().statusCode, 200);
        QCOMPARE(answers.front().contacts()->front().uri.toString(),
                 std::string("sip:ringback@127.0.0.1:5062"));
        QVERIFY(c.dialog->isWaitingForAck());

        c.f.advance(c.f.core.configuration().timers.t1); // re-sent until the ACK
        QCOMPARE(c.f.takeResponses().size(), std::size_t(1));
        c.send(callerRequest("ACK", "z9hG4bKa-ack2", 2, tag));
        c.f.poll();
        QCOMPARE(c.listener.acks, 2); // the INVITE's and the re-INVITE's
        QVERIFY(!c.dialog->isInviteInProgress());
        c.f.advance(10s);
        QCOMPARE(c.f.takeResponses().size(), std::size_t(0));
    }

    void peersReinviteRefreshesTarget()
    {
        AnsweredCall c;
        std::string invite = callerRequest("INVITE", "z9hG4bKa-2", 2, c.dialog->localTag());
        const std::string old = "Contact: <sip:alice@192.0.2.7:5999>";
        invite.replace(invite.find(old), old.size(), "Contact: <sip:alice@192.0.2.99:6000>");
        c.send(invite);
        QCOMPARE(c.listener.invites.size(), std::size_t(1));
        QCOMPARE(c.dialog->remoteTarget().toString(), std::string("sip:alice@192.0.2.99:6000"));
    }

    void peersReinviteWhileOursIsOpenGets491()
    {
        AnsweredCall c;
        QVERIFY(!c.dialog->reinvite({}, nullptr));
        c.f.takeAll();
        c.send(callerRequest("INVITE", "z9hG4bKa-2", 2, c.dialog->localTag()));
        const auto answers = c.f.takeResponses();
        QCOMPARE(answers.size(), std::size_t(1));
        QCOMPARE(answers.front().statusCode, 491);
        QVERIFY(c.listener.invites.empty());
    }

    void peersSecondReinviteGets500WithRetryAfter()
    {
        AnsweredCall c;
        const std::string tag = c.dialog->localTag();
        c.send(callerRequest("INVITE", "z9hG4bKa-2", 2, tag));
        QCOMPARE(c.listener.invites.size(), std::size_t(1));
        c.f.takeAll();
        c.send(callerRequest("INVITE", "z9hG4bKa-3", 3, tag));
        const auto answers = c.f.takeResponses();
        QCOMPARE(answers.size(), std::size_t(1));
        QCOMPARE(answers.front().statusCode, 500);
        const auto retryAfter = answers.front().header("Retry-After");
        QVERIFY(retryAfter);
        const int seconds = std::stoi(std::string(*retryAfter));
        QVERIFY(seconds >= 0 && seconds <= 10);
        QCOMPARE(c.listener.invites.size(), std::size_t(1));
        // And ours may not start while the peer's is open.
        QCOMPARE(c.dialog->reinvite({}, nullptr), make_error_code(CoreError::InviteInProgress));
    }

    void updateCarriesOfferAndRefreshesTarget()
    {
        Call c;
        auto client = c.dialog->update(offer(), &c.reinviteDelegate);
        QVERIFY(client.ok());
        const Request update = c.f.takeRequests("UPDATE").at(0);
        QCOMPARE(update.cseq()->sequence, c.invite.cseq()->sequence + 1);
        QCOMPARE(update.contacts()->front().uri.toString(),
                 c.invite.contacts()->front().uri.toString());
        QCOMPARE(update.body(), Sdp);
        QCOMPARE(std::string(*update.header("Content-Type")), std::string("application/sdp"));
        QCOMPARE(c.dialog->update(offer(), nullptr).error(),
                 make_error_code(CoreError::InviteInProgress));

        c.f.deliver(fromBob(update, 200, "bob-1", "192.0.2.21:5070"));
        QCOMPARE(c.reinviteDelegate.accepted, std::vector<int>{200});
        QCOMPARE(c.dialog->remoteTarget().toString(), std::string("sip:bob@192.0.2.21:5070"));
        QVERIFY(c.dialog->update(offer(), nullptr).ok()); // answered: the next one may go
        QCOMPARE(c.f.takeRequests("UPDATE").at(0).requestUri().host, std::string("192.0.2.21"));
    }

    void peersUpdateGetsDefaultAnswers()
    {
        AnsweredCall c;
        const std::string tag = c.dialog->localTag();
        std::string update = callerRequest("UPDATE", "z9hG4bKa-u2", 2, tag);
        const std::string old = "Contact: <sip:alice@192.0.2.7:5999>";
        update.replace(update.find(old), old.size(), "Contact: <sip:alice@192.0.2.70:6000>");
        c.send(update);
        auto answers = c.f.takeResponses();
        QCOMPARE(answers.size(), std::size_t(1));
        QCOMPARE(answers[0].statusCode, 200);
        QCOMPARE(std::string(*answers[0].header("Contact")), c.dialog->localContact());
        QCOMPARE(c.dialog->remoteTarget().toString(), std::string("sip:alice@192.0.2.70:6000"));

        c.send(callerRequest("UPDATE", "z9hG4bKa-u3", 3, tag, {}, Sdp));
        answers = c.f.takeResponses();
        QCOMPARE(answers.size(), std::size_t(1));
        QCOMPARE(answers[0].statusCode, 488); // the default delegate takes no offers
    }

    void peersUpdateOfferMeetsOurs()
    {
        AnsweredCall c;
        const std::string tag = c.dialog->localTag();
        QVERIFY(c.dialog->update(offer(), nullptr).ok());
        c.f.takeAll();
        c.send(callerRequest("UPDATE", "z9hG4bKa-u2", 2, tag, {}, Sdp));
        auto answers = c.f.takeResponses();
        QCOMPARE(answers.at(0).statusCode, 491);
        c.send(callerRequest("UPDATE", "z9hG4bKa-u3", 3, tag)); // no offer: no glare
        answers = c.f.takeResponses();
        QCOMPARE(answers.at(0).statusCode, 200);
    }

    void peersUpdateOfferDuringReinvite()
    {
        // Ours with an offer is open: 491.
        AnsweredCall ours;
        QVERIFY(!ours.dialog->reinvite(offer(), nullptr));
        ours.f.takeAll();
        ours.send(callerRequest("UPDATE", "z9hG4bKa-u2", 2, ours.dialog->localTag(), {}, Sdp));
        QCOMPARE(ours.f.takeResponses().at(0).statusCode, 491);

        // The peer's is unanswered: 500 with Retry-After.
        AnsweredCall theirs;
        const std::string tag = theirs.dialog->localTag();
        theirs.send(callerRequest("INVITE", "z9hG4bKa-2", 2, tag, {}, Sdp));
        QCOMPARE(theirs.listener.invites.size(), std::size_t(1));
        theirs.f.takeAll();
        theirs.send(callerRequest("UPDATE", "z9hG4bKa-u3", 3, tag, {}, Sdp));
        const auto answers = theirs.f.takeResponses();
        QCOMPARE(answers.at(0).statusCode, 500);
        QVERIFY(answers.at(0).header("Retry-After"));
    }
};

QTEST_GUILESS_MAIN(tst_Reinvite)
#include "tst_reinvite.moc"
