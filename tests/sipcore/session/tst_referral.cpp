// Covers the other sides of a transfer in Session, on answered outgoing calls on virtual time
// over the in-memory transport:
//  - the transferee (RFC 3515, RFC 5589 §6): the peer's REFER is answered 202, a NOTIFY with
//    "100 Trying" follows at once, and the referral handler gets the Refer-To target (its
//    Replaces unescaped, RFC 3891 §4) and the Referred-By; the call it makes reports 180 and
//    the final response by NOTIFY (message/sipfrag, one NOTIFY at a time, the final one
//    terminating the subscription); after a 2xx the peer's BYE ends the call as Transferred;
//    the Refer-To's other URI headers go into that call's INVITE, save the ones RFC 3261
//    §19.1.5 calls dangerous or misleading, a body, and any with control characters;
//    a REFER without exactly one SIP Refer-To gets 400, a second one while the first is under
//    way 491, and one without a handler 501;
//  - the transferor of an attended transfer (RFC 5589 §7): the REFER's Refer-To is the other
//    call's remote target with a Replaces naming that call's dialog as the target sees it,
//    and once the transfer succeeded the target's BYE ends the other call as Transferred;
//  - the transfer target (RFC 3891 §3): matchDialog() tells which dialog a Replaces names,
//    and replaced() ends an established call with BYE as Transferred;
//  - a SUBSCRIBE within the call (RFC 6665): one refreshing the implicit subscription of the
//    peer's REFER gets 200 and a NOTIFY of the state at once, with Expires: 0 a terminating
//    NOTIFY after which the transfer goes on unreported; 481 for one naming another REFER or
//    when there is no such subscription; any other package 489 with Allow-Events.
#include "support/connectedcall.h"

#include "sipcore/syntax/uriheaders.h"

using namespace sipcore;
using namespace sipcore::test;
using State = Inviter::State;
using EndReason = Inviter::EndReason;
using Match = Session::DialogMatch;

namespace {

/// The referrals the handler got, each with the call it made to the target.
struct Referrals
{
    explicit Referrals(ConnectedCall &call)
        : c(call)
    {
        c.inviter->setReferralHandler(
                [this](const std::shared_ptr<Session> &referrer, Session::Referral referral) {
                    InviterOptions options;
                    options.referrer = referrer;
                    if (!referral.referredBy.empty())
                        options.extraHeaders.push_back({"Referred-By", referral.referredBy});
                    if (!referral.replaces.empty())
                        options.extraHeaders.push_back({"Replaces", referral.replaces});
                    for (const auto &[name, value] : referral.headers)
                        options.extraHeaders.push_back({name, value});
                    auto inviter = std::make_shared<Inviter>(
                            c.f.core, c.f.io.get_executor(), referral.target,
                            [this](const Inviter::Status &status) { calls.push_back(status); },
                            std::move(options));
                    inviter->invite();
                    made.push_back(inviter);
                    received.push_back(std::move(referral));
                });
    }
    ~Referrals()
    {
        for (auto &inviter : made)
            inviter->dispose();
    }

    ConnectedCall &c;
    std::vector<Session::Referral> received;
    std::vector<std::shared_ptr<Inviter>> made;
    std::vector<Inviter::Status> calls;
};

/// Bob's REFER within the call, with \a headers.
Request peerRefer(ConnectedCall &c, int cseq, std::vector<HeaderLine> headers)
{
    return c.peerRequest("REFER", cseq, std::move(headers));
}

/// What the core sent: responses, NOTIFYs and other requests apart.
struct Sent
{
    explicit Sent(CoreFixture &f)
    {
        for (auto &message : f.takeAll()) {
            if (auto *response = std::get_if<Response>(&message))
                responses.push_back(std::move(*response));
            else if (auto &request = std::get<Request>(message); request.method == "NOTIFY")
                notifies.push_back(std::move(request));
            else
                others.push_back(std::move(request));
        }
    }
    std::vector<Response> responses;
    std::vector<Request> notifies;
    std::vector<Request> others;
};

/// The sipfrag status line of \a notify, without its CRLF.
std::string sipfrag(const Request &notify)
{
    std::string body(notify.body());
    return body.substr(0, body.find("\r\n"));
}

/// A second answered call from the same core, to carol (To tag carol-tag).
struct CarolCall
{
    explicit CarolCall(ConnectedCall &c)
    {
        inviter = std::make_shared<Inviter>(
                c.f.core, c.f.io.get_executor(), *Uri::parse("sip:carol@127.0.0.1:5080"),
                [this](const Inviter::Status &status) { history.push_back(status); });
        inviter->invite();
        invite = c.f.takeRequests("INVITE").at(0);
        c.f.respond(invite, 200, "carol-tag");
        c.f.takeAll();
        if (history.back().state != State::Established)
            qFatal("carol's call did not connect");
    }
    ~CarolCall() { inviter->dispose(); }

    std::shared_ptr<Inviter> inviter;
    std::vector<Inviter::Status> history;
    Request invite;
};

} // namespace

class tst_Referral : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void referralIsCalledAndReported()
    {
        ConnectedCall c;
        Referrals r(c);
        peerRefer(c, 2,
                  {{"Refer-To", "<sip:carol@192.0.2.30>"},
                   {"Referred-By", "<sip:bob@127.0.0.1:5080>"}});
        const auto [responses, notifies, invites] = Sent(c.f);
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(responses.front().statusCode, 202);
        QCOMPARE(notifies.size(), std::size_t(1));
        const Request &trying = notifies.front();
        QCOMPARE(*trying.header("Event"), std::string_view("refer"));
        QCOMPARE(*trying.header("Subscription-State"), std::string_view("active;expires=60"));
        QCOMPARE(*trying.header("Content-Type"), std::string_view("message/sipfrag;version=2.0"));
        QCOMPARE(sipfrag(trying), std::string("SIP/2.0 100 Trying"));
        QCOMPARE(std::string(trying.to()->tag().value_or("")), std::string("peer-tag"));

        QCOMPARE(r.received.size(), std::size_t(1));
        QCOMPARE(r.received.front().target.toString(), std::string("sip:carol@192.0.2.30"));
        QCOMPARE(r.received.front().referredBy, std::string("<sip:bob@127.0.0.1:5080>"));
        QVERIFY(r.received.front().replaces.empty());
        QCOMPARE(invites.size(), std::size_t(1));
        const Request carolInvite = invites.front();
        QCOMPARE(carolInvite.requestUri().toString(), std::string("sip:carol@192.0.2.30"));
        QCOMPARE(*carolInvite.header("Referred-By"), std::string_view("<sip:bob@127.0.0.1:5080>"));

        // Carol rings while the first NOTIFY is unanswered: the next one waits for its answer.
        c.f.respond(carolInvite, 180, "carol-tag");
        QVERIFY(c.f.takeRequests("NOTIFY").empty());
        c.f.respond(trying, 200);
        auto ringing = c.f.takeRequests("NOTIFY");
        QCOMPARE(ringing.size(), std::size_t(1));
        QCOMPARE(sipfrag(ringing.front()), std::string("SIP/2.0 180 Ringing"));
        QCOMPARE(*ringing.front().header("Subscription-State"),
                 std::string_view("active;expires=60"));
        c.f.respond(ringing.front(), 200);

        // Carol answers: the final NOTIFY ends the subscription.
        c.f.respond(carolInvite, 200, "carol-tag");
        auto answered = c.f.takeRequests("NOTIFY");
        QCOMPARE(answered.size(), std::size_t(1));
        QCOMPARE(sipfrag(answered.front()), std::string("SIP/2.0 200 OK"));
        QCOMPARE(*answered.front().header("Subscription-State"),
                 std::string_view("terminated;reason=noresource"));
        c.f.respond(answered.front(), 200);
        QCOMPARE(r.calls.back().state, State::Established);
        QCOMPARE(c.last().state, State::Established);

        // Bob, the transferor, hangs up: our first call ends as transferred.
        c.peerRequest("BYE", 3);
        QCOMPARE(c.f.takeResponses().front().statusCode, 200);
        QCOMPARE(c.last().state, State::Terminated);
        QCOMPARE(c.last().endReason, EndReason::Transferred);
        QCOMPARE(r.calls.back().state, State::Established);
    }

    void failedTargetIsReportedAndTheCallStays()
    {
        ConnectedCall c;
        Referrals r(c);
        peerRefer(c, 2, {{"Refer-To", "<sip:carol@192.0.2.30>"}});
        std::vector<Request> sent;
        for (auto &message : c.f.takeAll())
            if (auto *request = std::get_if<Request>(&message))
                sent.push_back(*request);
        QCOMPARE(sent.size(), std::size_t(2));
        QCOMPARE(sent.at(0).method, std::string("NOTIFY"));
        QCOMPARE(sent.at(1).method, std::string("INVITE"));
        c.f.respond(sent.at(0), 200);
        c.f.respond(sent.at(1), 486, "carol-tag");
        auto busy = c.f.takeRequests("NOTIFY");
        QCOMPARE(busy.size(), std::size_t(1));
        QCOMPARE(sipfrag(busy.front()), std::string("SIP/2.0 486 Busy Here"));
        QCOMPARE(*busy.front().header("Subscription-State"),
                 std::string_view("terminated;reason=noresource"));
        QCOMPARE(c.last().state, State::Established);

        // The transferor takes the call back and later hangs up: an ordinary hang-up.
        c.peerRequest("BYE", 3);
        QCOMPARE(c.last().endReason, EndReason::RemoteHangup);
    }

    void referToWithReplaces()
    {
        ConnectedCall c;
        Referrals r(c);
        peerRefer(c, 2,
                  {{"Refer-To", "<sip:carol@192.0.2.30;method=INVITE?Replaces=abc%40host%3Bto-tag%"
                                "3Dt1%3Bfrom-tag%3Df1>"}});
        const auto invites = c.f.takeRequests("INVITE");
        QCOMPARE(r.received.size(), std::size_t(1));
        QCOMPARE(r.received.front().replaces, std::string("abc@host;to-tag=t1;from-tag=f1"));
        QCOMPARE(r.received.front().target.toString(), std::string("sip:carol@192.0.2.30"));
        QCOMPARE(invites.size(), std::size_t(1));
        QCOMPARE(*invites.front().header("Replaces"),
                 std::string_view("abc@host;to-tag=t1;from-tag=f1"));
        QCOMPARE(invites.front().requestUri().toString(), std::string("sip:carol@192.0.2.30"));
    }

    void referToHeadersSafeToCarry()
    {
        ConnectedCall c;
        Referrals r(c);
        peerRefer(c, 2,
                  {{"Refer-To", "<sip:carol@192.0.2.30?Subject=Transferred%20call&Call-ID=evil&"
                                "X-Account=42&route=%3Csip:evil.example%3E&P-Asserted-Identity="
                                "%3Csip:ceo%40example.com%3E&X-Injected=a%0D%0AVia:%20x&body=hi&"
                                "Priority=urgent>"}});
        const auto invites = c.f.takeRequests("INVITE");
        using Headers = std::vector<std::pair<std::string, std::string>>;
        QCOMPARE(r.received.size(), std::size_t(1));
        QCOMPARE(r.received.front().headers, (Headers{{"Subject", "Transferred call"},
                                                      {"X-Account", "42"},
                                                      {"Priority", "urgent"}}));
        QCOMPARE(invites.size(), std::size_t(1));
        const Request &invite = invites.front();
        QCOMPARE(invite.header("Subject").value_or(""), "Transferred call");
        QCOMPARE(invite.header("X-Account").value_or(""), "42");
        QCOMPARE(invite.header("Priority").value_or(""), "urgent");
        QVERIFY(*invite.callId() != "evil");
        QVERIFY(!invite.hasHeader("Route"));
        QVERIFY(!invite.hasHeader("P-Asserted-Identity"));
        QVERIFY(!invite.hasHeader("X-Injected"));
        QCOMPARE(invite.headerValues("Via").size(), std::size_t(1));
        QCOMPARE(invite.header("Content-Type").value_or(""),
                 "application/sdp"); // not the URI's body
    }

    void refusedRefers_data()
    {
        QTest::addColumn<QStringList>("referTo");
        QTest::addColumn<int>("status");
        QTest::newRow("no Refer-To") << QStringList() << 400;
        QTest::newRow("two Refer-To")
                << QStringList{"<sip:carol@192.0.2.30>", "<sip:dave@192.0.2.31>"} << 400;
        QTest::newRow("tel URI") << QStringList{"<tel:+15551234>"} << 400;
        QTest::newRow("not a URI") << QStringList{"<carol>"} << 400;
    }

    void refusedRefers()
    {
        QFETCH(QStringList, referTo);
        QFETCH(int, status);
        ConnectedCall c;
        Referrals r(c);
        std::vector<HeaderLine> headers;
        for (const QString &value : referTo)
            headers.push_back({"Refer-To", value.toStdString()});
        peerRefer(c, 2, headers);
        const auto responses = c.f.takeResponses();
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(responses.front().statusCode, status);
        QVERIFY(responses.front().reasonPhrase.find("Refer-To") != std::string::npos);
        QVERIFY(r.received.empty());
        QCOMPARE(c.last().state, State::Established);
    }

    void secondReferWhileTheFirstIsUnderWay()
    {
        ConnectedCall c;
        Referrals r(c);
        peerRefer(c, 2, {{"Refer-To", "<sip:carol@192.0.2.30>"}});
        c.f.takeAll();
        peerRefer(c, 3, {{"Refer-To", "<sip:dave@192.0.2.31>"}});
        const auto responses = c.f.takeResponses();
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(responses.front().statusCode, 491);
        QCOMPARE(r.received.size(), std::size_t(1));
    }

    void referWithoutHandlerIsNotImplemented()
    {
        ConnectedCall c;
        peerRefer(c, 2, {{"Refer-To", "<sip:carol@192.0.2.30>"}});
        const auto responses = c.f.takeResponses();
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(responses.front().statusCode, 501);
    }

    void attendedTransferRefersWithReplaces()
    {
        ConnectedCall c;
        CarolCall carol(c);
        const Request &carolInvite = carol.invite;
        c.inviter->transfer(std::static_pointer_cast<Session>(carol.inviter));
        const auto refers = c.f.takeRequests("REFER");
        QCOMPARE(refers.size(), std::size_t(1));
        const auto referTo = NameAddr::parse(*refers.front().header("Refer-To"));
        QVERIFY(referTo.ok());
        // The other call's remote target, with Replaces naming that dialog as carol sees it.
        QCOMPARE(referTo->uri.host, std::string("127.0.0.1"));
        QCOMPARE(referTo->uri.user, std::string("bob"));
        const std::string ourTag(carolInvite.from()->tag().value_or(""));
        const std::string expected = std::string(*carolInvite.header("Call-ID"))
                                     + ";to-tag=carol-tag;from-tag=" + ourTag;
        QCOMPARE(uriheaders::find(referTo->uri.headers, "Replaces").value_or(""), expected);
        QCOMPARE(c.last().transfer, Inviter::TransferState::Requested);

        c.f.respond(refers.front(), 202);
        c.peerRequest("NOTIFY", 2,
                      {{"Event", "refer"}, {"Subscription-State", "terminated;reason=noresource"}},
                      "message/sipfrag;version=2.0", "SIP/2.0 200 OK\r\n");
        const auto byes = c.f.takeRequests("BYE");
        QCOMPARE(byes.size(), std::size_t(1));
        c.f.respond(byes.front(), 200);
        QCOMPARE(c.last().endReason, EndReason::Transferred);

        // Carol's phone ends its call with us once the new call replaced it (RFC 3891 §3).
        deliverPeerRequest(c.f, carolInvite, "carol-tag", "BYE", 1);
        QCOMPARE(carol.history.back().state, State::Terminated);
        QCOMPARE(carol.history.back().endReason, EndReason::Transferred);
    }

    void attendedTransferOrderOfByeAndNotify_data()
    {
        QTest::addColumn<QString>("sipfrag");
        QTest::addColumn<bool>("byeFirst");
        QTest::addColumn<int>("endReason");
        QTest::newRow("target's BYE before the NOTIFY")
                << "SIP/2.0 200 OK" << true << int(EndReason::Transferred);
        QTest::newRow("failed, then the target hangs up")
                << "SIP/2.0 486 Busy Here" << false << int(EndReason::RemoteHangup);
    }

    void attendedTransferOrderOfByeAndNotify()
    {
        QFETCH(QString, sipfrag);
        QFETCH(bool, byeFirst);
        QFETCH(int, endReason);
        ConnectedCall c;
        CarolCall carol(c);
        const Request &carolInvite = carol.invite;
        c.inviter->transfer(std::static_pointer_cast<Session>(carol.inviter));
        c.f.respond(c.f.takeRequests("REFER").at(0), 202);
        if (byeFirst)
            deliverPeerRequest(c.f, carolInvite, "carol-tag", "BYE", 1);
        c.peerRequest("NOTIFY", 2,
                      {{"Event", "refer"}, {"Subscription-State", "terminated;reason=noresource"}},
                      "message/sipfrag;version=2.0", sipfrag.toStdString() + "\r\n");
        if (!byeFirst)
            deliverPeerRequest(c.f, carolInvite, "carol-tag", "BYE", 1);
        QCOMPARE(carol.history.back().state, State::Terminated);
        QCOMPARE(int(carol.history.back().endReason), endReason);
    }

    void attendedTransferNeedsAnEstablishedOtherCall()
    {
        ConnectedCall c;
        auto carol = std::make_shared<Inviter>(c.f.core, c.f.io.get_executor(),
                                               *Uri::parse("sip:carol@127.0.0.1:5080"),
                                               [](const Inviter::Status &) {});
        carol->invite(); // still ringing
        c.f.takeAll();
        c.inviter->transfer(std::static_pointer_cast<Session>(carol));
        QVERIFY(c.f.takeRequests("REFER").empty());
        QCOMPARE(c.last().transfer, Inviter::TransferState::None);
        carol->dispose();
    }

    void matchDialogAndReplaced()
    {
        ConnectedCall c;
        const std::string callId(*c.invite.header("Call-ID"));
        const std::string ourTag(c.invite.from()->tag().value_or(""));
        QCOMPARE(c.inviter->matchDialog(callId, ourTag, "peer-tag"), Match::Confirmed);
        QCOMPARE(c.inviter->matchDialog(callId, "peer-tag", ourTag), Match::None);
        QCOMPARE(c.inviter->matchDialog("other", ourTag, "peer-tag"), Match::None);

        // An early dialog of a call still ringing.
        auto ringing = std::make_shared<Inviter>(c.f.core, c.f.io.get_executor(),
                                                 *Uri::parse("sip:carol@127.0.0.1:5080"),
                                                 [](const Inviter::Status &) {});
        ringing->invite();
        const Request invite = c.f.takeRequests("INVITE").at(0);
        c.f.respond(invite, 180, "carol-tag");
        QCOMPARE(ringing->matchDialog(std::string(*invite.header("Call-ID")),
                                      std::string(invite.from()->tag().value_or("")), "carol-tag"),
                 Match::Early);
        ringing->dispose();

        c.inviter->replaced();
        const auto byes = c.f.takeRequests("BYE");
        QCOMPARE(byes.size(), std::size_t(1));
        QCOMPARE(c.inviter->matchDialog(callId, ourTag, "peer-tag"), Match::Ended);
        c.f.respond(byes.front(), 200);
        QCOMPARE(c.last().state, State::Terminated);
        QCOMPARE(c.last().endReason, EndReason::Transferred);
    }

    void referSubscriptionIsRefreshedAndEnded()
    {
        ConnectedCall c;
        Referrals r(c);
        peerRefer(c, 2, {{"Refer-To", "<sip:carol@192.0.2.30>"}});
        const Sent referred(c.f);
        QCOMPARE(referred.notifies.size(), std::size_t(1));
        QCOMPARE(referred.others.size(), std::size_t(1));
        const Request carolInvite = referred.others.front();
        QCOMPARE(carolInvite.method, "INVITE");
        c.f.respond(referred.notifies.front(), 200);

        // A refresh: 200 with the time granted (at most 60 s), then the state at once.
        c.peerRequest("SUBSCRIBE", 3, {{"Event", "refer"}, {"Expires", "30"}});
        const Sent refreshed(c.f);
        QCOMPARE(refreshed.responses.size(), std::size_t(1));
        QCOMPARE(refreshed.responses.front().statusCode, 200);
        QCOMPARE(refreshed.responses.front().header("Expires").value_or(""), "30");
        QCOMPARE(refreshed.notifies.size(), std::size_t(1));
        QCOMPARE(sipfrag(refreshed.notifies.front()), std::string("SIP/2.0 100 Trying"));
        QCOMPARE(refreshed.notifies.front().header("Subscription-State").value_or(""),
                 "active;expires=30");
        c.f.respond(refreshed.notifies.front(), 200);

        // One naming another REFER's subscription matches none.
        c.peerRequest("SUBSCRIBE", 4, {{"Event", "refer;id=99"}, {"Expires", "60"}});
        const Sent unknown(c.f);
        QCOMPARE(unknown.responses.front().statusCode, 481);
        QVERIFY(unknown.notifies.empty());

        // Carol rings, then the referrer unsubscribes (id = the REFER's CSeq): the last NOTIFY
        // carries the latest state and terminates.
        c.f.respond(carolInvite, 180, "carol-tag");
        const Sent ringing(c.f);
        QCOMPARE(ringing.notifies.size(), std::size_t(1));
        c.peerRequest("SUBSCRIBE", 5, {{"Event", "refer;id=2"}, {"Expires", "0"}});
        const Sent ended(c.f);
        QCOMPARE(ended.responses.front().statusCode, 200);
        QCOMPARE(ended.responses.front().header("Expires").value_or(""), "0");
        QVERIFY(ended.notifies.empty()); // one NOTIFY at a time: after the 180's answer
        c.f.respond(ringing.notifies.front(), 200);
        const auto last = c.f.takeRequests("NOTIFY");
        QCOMPARE(last.size(), std::size_t(1));
        QCOMPARE(sipfrag(last.front()), std::string("SIP/2.0 180 Ringing"));
        QCOMPARE(last.front().header("Subscription-State").value_or(""),
                 "terminated;reason=timeout");
        c.f.respond(last.front(), 200);

        // The referral is still under way: a second REFER has to wait.
        peerRefer(c, 6, {{"Refer-To", "<sip:dave@192.0.2.40>"}});
        QCOMPARE(Sent(c.f).responses.front().statusCode, 491);

        // Carol answers: the transfer goes on, unreported; the subscription is gone.
        c.f.respond(carolInvite, 200, "carol-tag");
        QVERIFY(c.f.takeRequests("NOTIFY").empty());
        QCOMPARE(r.calls.back().state, State::Established);
        c.peerRequest("SUBSCRIBE", 7, {{"Event", "refer"}, {"Expires", "60"}});
        QCOMPARE(Sent(c.f).responses.front().statusCode, 481);
    }

    void subscribeWithinTheCall_data()
    {
        QTest::addColumn<QString>("package");
        QTest::addColumn<int>("status");
        QTest::newRow("refer") << "refer" << 481;
        QTest::newRow("presence") << "presence" << 489;
    }
    void subscribeWithinTheCall()
    {
        QFETCH(QString, package);
        QFETCH(int, status);
        ConnectedCall c;
        c.peerRequest("SUBSCRIBE", 2, {{"Event", package.toStdString()}, {"Expires", "60"}});
        const auto responses = c.f.takeResponses();
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(responses.front().statusCode, status);
        if (status == 489)
            QCOMPARE(responses.front().header("Allow-Events").value_or(""), "refer");
        QCOMPARE(c.last().state, Session::State::Established);
    }
};

QTEST_GUILESS_MAIN(tst_Referral)
#include "tst_referral.moc"
