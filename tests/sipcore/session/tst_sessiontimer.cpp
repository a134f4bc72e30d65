// Covers session timers (RFC 4028) in Session, Inviter and Invitation on virtual time over the
// in-memory transport:
//  - our INVITE asks for Session-Expires 1800 with Min-SE 90; the 2xx decides: refresher=uac
//    makes us refresh at half the interval, by UPDATE without a body when the peer allows
//    UPDATE (else by re-INVITE with our offer), each refresh's 2xx starting the next round;
//    refresher=uas leaves it to the peer, whose refresh we answer with the interval and
//    Require: timer, and without which we send BYE at the interval less min(32 s, a third)
//    (Failed, 408); no Session-Expires, no timer; a refresh answered 481 ends the call;
//  - a 422 is answered once with a new INVITE (same Call-ID and From tag, next CSeq) asking
//    for the Min-SE it names; a second 422 ends the call;
//  - as callee: an INVITE asking for less than 90 s gets 422 with Min-SE 90; the 2xx names the
//  caller as refresher (Require: timer) when it supports
//    timer, else us, and we then refresh.
#include "support/callerrequest.h"
#include "support/connectedcall.h"

#include "sipcore/core/inviteuseragentserver.h"
#include "sipcore/session/invitation.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;
using State = Session::State;
using EndReason = Session::EndReason;

namespace {

const std::vector<HeaderLine> WeRefreshByUpdate{{"Session-Expires", "120;refresher=uac"},
                                                {"Allow", "INVITE, ACK, BYE, UPDATE"}};

/// The requests with \a method sent since the last call, after \a delta of virtual time.
std::vector<Request> after(CoreFixture &f, Duration delta, std::string_view method)
{
    f.advance(delta);
    return f.takeRequests(method);
}

/// An incoming call from alice, answered and ACKed, whose INVITE carried \a extra.
struct AnsweredCall final : UserAgentCoreDelegate
{
    explicit AnsweredCall(std::string_view extra)
    {
        f.core.setDelegate(this);
        f.transport.inject(callerRequest("INVITE", "z9hG4bKa-1", 1, {}, extra),
                           Endpoint{"192.0.2.7", 5999});
        f.poll();
        f.takeAll();
        invitation->accept();
        f.poll();
        const auto responses = f.takeResponses();
        if (responses.size() != 1 || responses[0].statusCode != 200)
            qFatal("the call was not answered");
        ok = responses[0];
        f.transport.inject(
                callerRequest("ACK", "z9hG4bKa-ack", 1, std::string(ok.to()->tag().value_or(""))),
                Endpoint{"192.0.2.7", 5999});
        f.poll();
    }
    ~AnsweredCall() override { invitation->dispose(); }
    void onInvite(const std::shared_ptr<InviteUserAgentServer> &server) override
    {
        invitation = std::make_shared<Invitation>(f.core, f.io.get_executor(), server, 60s);
    }

    CoreFixture f;
    std::shared_ptr<Invitation> invitation;
    Response ok;
};

} // namespace

class tst_SessionTimer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void inviteAsksForTimer()
    {
        ConnectedCall c;
        QCOMPARE(std::string(*c.invite.header("Session-Expires")), std::string("1800"));
        QCOMPARE(std::string(*c.invite.header("Min-SE")), std::string("90"));
    }

    void weRefreshByUpdate()
    {
        ConnectedCall c(WeRefreshByUpdate);
        QVERIFY(after(c.f, 59s, "UPDATE").empty());
        auto updates = after(c.f, 1s, "UPDATE");
        QCOMPARE(updates.size(), std::size_t(1));
        QCOMPARE(std::string(*updates[0].header("Session-Expires")),
                 std::string("120;refresher=uac"));
        QCOMPARE(std::string(*updates[0].header("Min-SE")), std::string("90"));
        QCOMPARE(std::string(*updates[0].header("Supported")), std::string("timer"));
        QVERIFY(updates[0].body().empty());

        // Its 2xx starts the next round.
        Response ok = c.f.answer(updates[0], 200);
        ok.addHeader("Session-Expires", "120;refresher=uac");
        c.f.deliver(ok);
        QVERIFY(after(c.f, 59s, "UPDATE").empty());
        QCOMPARE(after(c.f, 1s, "UPDATE").size(), std::size_t(1));
        QCOMPARE(c.last().state, State::Established);
    }

    void weRefreshByReinviteWithoutUpdate()
    {
        ConnectedCall c(std::vector<HeaderLine>{{"Session-Expires", "120;refresher=uac"}});
        const auto reinvites = after(c.f, 60s, "INVITE");
        QCOMPARE(reinvites.size(), std::size_t(1));
        QCOMPARE(std::string(*reinvites[0].header("Session-Expires")),
                 std::string("120;refresher=uac"));
        QVERIFY(reinvites[0].body().find("m=audio") != std::string::npos);
        Response ok = c.f.answer(reinvites[0], 200);
        ok.addHeader("Session-Expires", "120;refresher=uac");
        c.f.deliver(ok);
        QCOMPARE(c.f.takeRequests("ACK").size(), std::size_t(1));
        QCOMPARE(after(c.f, 60s, "INVITE").size(), std::size_t(1));
        QVERIFY(!c.last().held);
    }

    void peerRefreshesOrWeHangUp()
    {
        ConnectedCall c(std::vector<HeaderLine>{{"Session-Expires", "120;refresher=uas"}});
        QVERIFY(after(c.f, 50s, "UPDATE").empty());
        // The peer refreshes, naming itself (the UAC of its UPDATE) as refresher.
        c.peerRequest("UPDATE", 2,
                      {{"Contact", "<sip:bob@127.0.0.1:5080>"},
                       {"Session-Expires", "120;refresher=uac"}});
        const auto answers = c.f.takeResponses();
        QCOMPARE(answers.size(), std::size_t(1));
        QCOMPARE(answers[0].statusCode, 200);
        QCOMPARE(std::string(*answers[0].header("Session-Expires")),
                 std::string("120;refresher=uac"));
        QCOMPARE(std::string(*answers[0].header("Require")), std::string("timer"));

        // Then nothing: BYE at 120 - min(32, 40) = 88 s after that refresh.
        QVERIFY(after(c.f, 87s, "BYE").empty());
        QCOMPARE(after(c.f, 1s, "BYE").size(), std::size_t(1));
        QCOMPARE(c.last().state, State::Terminating);
        QCOMPARE(c.last().endReason, EndReason::Failed);
        QCOMPARE(c.last().statusCode, 408);
    }

    void noSessionExpiresNoTimer()
    {
        ConnectedCall c;
        c.f.advance(2h);
        QVERIFY(c.f.takeAll().empty());
        QCOMPARE(c.last().state, State::Established);
    }

    void refreshAnswered481EndsTheCall()
    {
        ConnectedCall c(WeRefreshByUpdate);
        const auto updates = after(c.f, 60s, "UPDATE");
        QCOMPARE(updates.size(), std::size_t(1));
        c.f.respond(updates[0], 481);
        QCOMPARE(c.f.takeRequests("BYE").size(), std::size_t(1));
        QCOMPARE(c.last().endReason, EndReason::Failed);
    }

    void tooSmallIsAskedAgainOnce()
    {
        CoreFixture f;
        std::vector<Session::Status> history;
        auto inviter = std::make_shared<Inviter>(
                f.core, f.io.get_executor(), *Uri::parse("sip:bob@127.0.0.1:5080"),
                [&history](const Session::Status &status) { history.push_back(status); });
        inviter->invite();
        const Request first = f.takeRequests("INVITE").at(0);
        Response tooSmall = f.answer(first, 422);
        tooSmall.addHeader("Min-SE", "3600");
        f.deliver(tooSmall);
        const auto again = f.takeRequests("INVITE");
        QCOMPARE(again.size(), std::size_t(1));
        QCOMPARE(*again[0].callId(), *first.callId());
        QCOMPARE(again[0].from()->tag(), first.from()->tag());
        QCOMPARE(again[0].cseq()->sequence, first.cseq()->sequence + 1);
        QCOMPARE(std::string(*again[0].header("Session-Expires")), std::string("3600"));
        QCOMPARE(std::string(*again[0].header("Min-SE")), std::string("3600"));
        QCOMPARE(history.back().state, State::Establishing);

        Response stillTooSmall = f.answer(again[0], 422);
        stillTooSmall.addHeader("Min-SE", "7200");
        f.deliver(stillTooSmall);
        QVERIFY(f.takeRequests("INVITE").empty());
        QCOMPARE(history.back().state, State::Terminated);
        QCOMPARE(history.back().endReason, EndReason::Rejected);
        QCOMPARE(history.back().statusCode, 422);
        inviter->dispose();
    }

    void tooShortIntervalGets422()
    {
        CoreFixture f;
        f.transport.inject(callerRequest("INVITE", "z9hG4bKa-1", 1, {}, "Session-Expires: 60\r\n"),
                           Endpoint{"192.0.2.7", 5999});
        const auto responses = f.takeResponses();
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(responses[0].statusCode, 422);
        QCOMPARE(std::string(*responses[0].header("Min-SE")), std::string("90"));
    }

    void calleeNamesTheCallerWhenItSupportsTimer()
    {
        AnsweredCall c("Session-Expires: 90\r\nSupported: timer\r\n");
        QCOMPARE(std::string(*c.ok.header("Session-Expires")), std::string("90;refresher=uac"));
        QCOMPARE(std::string(*c.ok.header("Require")), std::string("timer"));
        // Nothing from the caller: BYE at 90 - min(32, 30) = 60 s.
        QVERIFY(after(c.f, 59s, "BYE").empty());
        QCOMPARE(after(c.f, 1s, "BYE").size(), std::size_t(1));
    }

    void calleeRefreshesOtherwise()
    {
        AnsweredCall c("Session-Expires: 300\r\nAllow: INVITE, ACK, BYE, UPDATE\r\n");
        QCOMPARE(std::string(*c.ok.header("Session-Expires")), std::string("300;refresher=uas"));
        QVERIFY(!c.ok.header("Require"));
        QVERIFY(after(c.f, 149s, "UPDATE").empty());
        const auto updates = after(c.f, 1s, "UPDATE");
        QCOMPARE(updates.size(), std::size_t(1));
        QCOMPARE(std::string(*updates[0].header("Session-Expires")),
                 std::string("300;refresher=uac"));
        QCOMPARE(updates[0].requestUri().host, std::string("192.0.2.7"));
    }
};

QTEST_GUILESS_MAIN(tst_SessionTimer)
#include "tst_sessiontimer.moc"
