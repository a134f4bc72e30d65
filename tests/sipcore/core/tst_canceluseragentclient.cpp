// Covers cancelling an INVITE through UserAgentClient::cancel() and CancelUserAgentClient
// (RFC 3261 §9.1), on virtual time over the in-memory transport:
//  4a  no CANCEL before a provisional response; it goes out when the first 1xx arrives; a final
//      response first means no CANCEL at all;
//  4b  the CANCEL copies Request-URI, Call-ID, From, To, CSeq number, Route and the top Via
//      (branch) of the INVITE, and carries an optional Reason (RFC 3326);
//  4c  a 487 is ACKed by the INVITE transaction with the INVITE's branch and reaches onReject;
//  4e  no final response 64·T1 after the CANCEL: the INVITE is given up with a synthetic 408;
//  4g  cancel() twice sends one CANCEL;
//  and the CancelUserAgentClient API (message, delegate, transaction, cancel refusal, dispose).
#include "support/sipfixture.h"

#include "sipcore/core/canceluseragentclient.h"
#include "sipcore/core/coreerror.h"
#include "sipcore/core/inviteuseragentclient.h"
#include "sipcore/core/sessiondialog.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;

namespace {

struct RecordingDelegate final : OutgoingInviteRequestDelegate
{
    void onTrying(const Response &r) override { codes.push_back(r.statusCode); }
    void onProgress(const Response &r) override { codes.push_back(r.statusCode); }
    void onAccept(const Response &r) override { codes.push_back(r.statusCode); }
    void onRedirect(const Response &r) override { codes.push_back(r.statusCode); }
    void onReject(const Response &r) override { codes.push_back(r.statusCode); }
    void onAcceptSession(const Response &r, const std::shared_ptr<SessionDialog> &d) override
    {
        codes.push_back(r.statusCode);
        dialog = d;
    }
    std::vector<int> codes;
    std::shared_ptr<SessionDialog> dialog;
};

struct Call
{
    explicit Call(std::vector<NameAddr> routes = {})
    {
        client = f.core.invite(makeInvite(f, std::move(routes)), &delegate);
        auto invites = f.takeRequests("INVITE");
        if (invites.size() != 1)
            qFatal("expected one INVITE");
        invite = invites.front();
    }
    CoreFixture f;
    RecordingDelegate delegate;
    std::shared_ptr<InviteUserAgentClient> client;
    Request invite;
};

} // namespace

class tst_CancelUserAgentClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noCancelBeforeProvisional()
    {
        Call c;
        auto cancel = c.client->cancel();
        QVERIFY(cancel.ok());
        c.f.advance(400ms); // before Timer A: nothing at all goes out
        QVERIFY(c.f.takeAll().empty());
        QVERIFY(!c.client->cancelClient());

        c.f.respond(c.invite, 100); // 100 Trying is provisional too (§9.1)
        auto cancels = c.f.takeRequests("CANCEL");
        QCOMPARE(cancels.size(), std::size_t(1));
        QCOMPARE(cancels.front().serialize(), cancel->serialize());
    }

    void waitingCancelGoesOutWithRinging()
    {
        Call c;
        QVERIFY(c.client->cancel().ok());
        c.f.advance(500ms); // Timer A retransmits the INVITE, still no CANCEL
        QCOMPARE(c.f.takeRequests("CANCEL").size(), std::size_t(0));
        c.f.respond(c.invite, 180);
        QCOMPARE(c.f.takeRequests("CANCEL").size(), std::size_t(1));
        QCOMPARE(c.delegate.codes, std::vector<int>{180});
    }

    void finalFirstMeansNoCancel_data()
    {
        QTest::addColumn<int>("code");
        QTest::newRow("486 Busy Here") << 486;
        QTest::newRow("200 OK") << 200;
        QTest::newRow("401 Unauthorized") << 401;
    }
    void finalFirstMeansNoCancel()
    {
        QFETCH(int, code);
        Call c;
        QVERIFY(c.client->cancel().ok());
        c.f.respond(c.invite, code);
        c.f.advance(64s);
        for (const auto &message : c.f.takeAll()) {
            if (auto *request = std::get_if<Request>(&message))
                QVERIFY2(request->method != "CANCEL", "a CANCEL went out after a final response");
        }
        QVERIFY(!c.client->cancelClient());
        QCOMPARE(c.delegate.codes, std::vector<int>{code});
    }

    void cancelCopiesTheInvite_data()
    {
        QTest::addColumn<bool>("withRoutes");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no route, no reason") << false << QString();
        QTest::newRow("route set") << true << QString();
        QTest::newRow("reason header") << false << QStringLiteral("SIP;cause=480;text=\"Gone\"");
        QTest::newRow("route set and reason")
                << true << QStringLiteral("Q.850;cause=16;text=\"Normal call clearing\"");
    }
    void cancelCopiesTheInvite()
    {
        QFETCH(bool, withRoutes);
        QFETCH(QString, reason);
        std::vector<NameAddr> routes;
        if (withRoutes) {
            routes.push_back(*NameAddr::parse("<sip:proxy1.invalid;lr>"));
            routes.push_back(*NameAddr::parse("<sip:127.0.0.1:5090;lr>"));
        }
        Call c(routes);
        c.f.respond(c.invite, 180);
        QVERIFY(c.client->cancel(reason.toStdString()).ok());
        auto cancels = c.f.takeRequests("CANCEL");
        QCOMPARE(cancels.size(), std::size_t(1));
        const Request &cancel = cancels.front();
        QCOMPARE(cancel.requestUri(), c.invite.requestUri());
        QCOMPARE(*cancel.callId(), *c.invite.callId());
        QCOMPARE(*cancel.header("From"), *c.invite.header("From"));
        QCOMPARE(*cancel.header("To"), *c.invite.header("To"));
        QVERIFY(!cancel.to()->tag()); // the INVITE's To, without the 180's tag
        QCOMPARE(cancel.cseq()->sequence, c.invite.cseq()->sequence);
        QCOMPARE(cancel.cseq()->method, std::string("CANCEL"));
        QCOMPARE(cancel.headerValues("Via").size(), std::size_t(1));
        QCOMPARE(cancel.headerValues("Via").front(), c.invite.headerValues("Via").front());
        QCOMPARE(cancel.headerValues("Route"), c.invite.headerValues("Route"));
        QCOMPARE(cancel.headerValues("Route").size(), std::size_t(withRoutes ? 2 : 0));
        if (reason.isEmpty())
            QVERIFY(!cancel.hasHeader("Reason"));
        else
            QCOMPARE(*cancel.header("Reason"), reason.toStdString());
        QVERIFY(cancel.body().empty());
        // The CANCEL goes where the INVITE went.
        QCOMPARE(c.client->cancelClient()->transaction()->destination(),
                 c.client->transaction()->destination());
    }

    void requestTerminatedIsAckedWithTheInviteBranch()
    {
        Call c;
        c.f.respond(c.invite, 180);
        QVERIFY(c.client->cancel().ok());
        auto cancel = c.f.takeRequests("CANCEL").front();
        c.f.respond(cancel, 200);
        c.f.respond(c.invite, 487);
        auto acks = c.f.takeRequests("ACK");
        QCOMPARE(acks.size(), std::size_t(1));
        QCOMPARE(acks.front().topVia()->branch(), c.invite.topVia()->branch());
        QCOMPARE(acks.front().cseq()->sequence, c.invite.cseq()->sequence);
        QCOMPARE(c.delegate.codes, (std::vector<int>{180, 487}));
        QCOMPARE(c.client->transaction()->state(), TransactionState::Completed);
        QCOMPARE(c.client->cancelClient()->transaction()->state(), TransactionState::Completed);
    }

    void noFinalResponseAfterCancelGivesUp()
    {
        Call c;
        c.f.respond(c.invite, 180);
        QVERIFY(c.client->cancel().ok());
        auto cancel = c.f.takeRequests("CANCEL").front();
        c.f.respond(cancel, 200); // the CANCEL is answered, the INVITE never is
        c.f.advance(31999ms);
        QCOMPARE(c.delegate.codes, std::vector<int>{180});
        c.f.advance(1ms); // 64·T1 after the CANCEL
        QCOMPARE(c.delegate.codes, (std::vector<int>{180, 408}));
        QCOMPARE(c.client->transaction()->state(), TransactionState::Terminated);
        QCOMPARE(c.f.core.userAgentClientCount(), std::size_t(0));
        // A late 487 reaches nobody and is not ACKed by a dead transaction.
        c.f.respond(c.invite, 487);
        QCOMPARE(c.delegate.codes.size(), std::size_t(2));
    }

    void noFinalResponseGuardUsesConfiguredT1()
    {
        CoreFixture f(TimerSettings{.t1 = 20ms});
        RecordingDelegate delegate;
        auto client = f.core.invite(makeInvite(f), &delegate);
        auto invite = f.takeRequests("INVITE").front();
        f.respond(invite, 180);
        client->cancel();
        f.advance(1279ms);
        QCOMPARE(delegate.codes, std::vector<int>{180});
        f.advance(1ms);
        QCOMPARE(delegate.codes, (std::vector<int>{180, 408}));
    }

    void cancelTwiceSendsOneCancel()
    {
        Call c;
        c.f.respond(c.invite, 180);
        auto first = c.client->cancel();
        auto second = c.client->cancel("SIP;cause=200");
        QVERIFY(first.ok() && second.ok());
        QCOMPARE(second->serialize(), first->serialize());
        QCOMPARE(c.f.takeRequests("CANCEL").size(), std::size_t(1));
    }

    void cancelAfterFinalIsRefused()
    {
        Call c;
        c.f.respond(c.invite, 486);
        auto result = c.client->cancel();
        QCOMPARE(result.error(), std::error_code(CoreError::AlreadyFinal));
        QCOMPARE(c.f.takeRequests("CANCEL").size(), std::size_t(0));
    }

    void cancelUserAgentClientApi()
    {
        Call c;
        c.f.respond(c.invite, 180);
        c.client->cancel();
        c.f.takeAll();
        // A CANCEL made by hand through the public constructor, with a delegate.
        RecordingDelegate delegate;
        Request cancel = *c.client->cancel();
        auto client = std::make_shared<CancelUserAgentClient>(c.f.core, cancel, &delegate);
        QCOMPARE(client->message().serialize(), cancel.serialize());
        QCOMPARE(client->delegate(), static_cast<OutgoingRequestDelegate *>(&delegate));
        QVERIFY(client->transaction() != nullptr);
        QCOMPARE(client->transaction()->state(), TransactionState::Trying);
        QCOMPARE(&client->loggerFactory(), &c.f.core.loggerFactory());
        QCOMPARE(client->cancel("x").error(), std::error_code(CoreError::NotCancellable));
        client->dispose();
        QCOMPARE(client->transaction()->state(), TransactionState::Terminated);
        c.f.advance(64s);
        QVERIFY(delegate.codes.empty());
    }

    void inviteTimeoutAndTransportErrorAreSynthetic()
    {
        {
            Call c;
            c.f.advance(32s); // Timer B
            QCOMPARE(c.delegate.codes, std::vector<int>{408});
        }
        {
            CoreFixture f;
            RecordingDelegate delegate;
            f.transport.failNextSends(1, std::make_error_code(std::errc::network_unreachable));
            auto client = f.core.invite(makeInvite(f), &delegate);
            f.poll();
            QCOMPARE(delegate.codes, std::vector<int>{503});
        }
    }
};

QTEST_GUILESS_MAIN(tst_CancelUserAgentClient)
#include "tst_canceluseragentclient.moc"
