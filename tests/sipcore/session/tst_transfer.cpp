// Covers blind transfer (RFC 3515, RFC 5589 §6) and DTMF by INFO in Session, on an answered
// outgoing call on virtual time over the in-memory transport:
//  - transfer() sends a REFER with Refer-To, Referred-By (our identity, no tag) and our
//    Contact; Status::transfer goes requested -> accepted (202) -> accepted again with each
//    provisional sipfrag -> succeeded with a 2xx sipfrag, after which the call ends with BYE
//    (Transferred); a refused REFER or a failed target leaves the call up (failed, with the
//    status code);
//  - NOTIFYs are answered: 200 for refer progress, 489 for another event, 481 for refer
//    without a REFER of ours, 400 for a sipfrag without a status line;
//  - sendDtmf() sends one INFO (application/dtmf-relay) per valid digit, each after the last
//    was answered; INFOs from the peer with application/dtmf-relay or application/dtmf add
//    to Status::receivedDigits, an empty one is answered 200, another body 415 with Accept.
#include "support/connectedcall.h"

using namespace sipcore;
using namespace sipcore::test;
using State = Inviter::State;
using EndReason = Inviter::EndReason;
using Transfer = Inviter::TransferState;

namespace {

const HeaderLine ReferEvent{"Event", "refer"};

/// A NOTIFY for our REFER whose sipfrag is \a statusLine.
Request notifyRefer(ConnectedCall &c, int cseq, std::string statusLine, bool final)
{
    return c.peerRequest(
            "NOTIFY", cseq,
            {ReferEvent,
             {"Subscription-State", final ? "terminated;reason=noresource" : "active;expires=60"}},
            "message/sipfrag;version=2.0", std::move(statusLine) + "\r\n");
}

/// The transfer of \a c to carol, answered 202: the REFER.
Request acceptedTransfer(ConnectedCall &c)
{
    c.inviter->transfer(*Uri::parse("sip:carol@192.0.2.30"));
    const auto refers = c.f.takeRequests("REFER");
    if (refers.size() != 1)
        qFatal("expected one REFER");
    c.f.respond(refers.front(), 202);
    return refers.front();
}

} // namespace

class tst_Transfer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void blindTransferSucceeds()
    {
        ConnectedCall c;
        c.inviter->transfer(*Uri::parse("sip:carol@192.0.2.30"));
        const auto refers = c.f.takeRequests("REFER");
        QCOMPARE(refers.size(), std::size_t(1));
        const Request &refer = refers.front();
        QCOMPARE(*refer.header("Refer-To"), std::string_view("<sip:carol@192.0.2.30>"));
        const auto referredBy = NameAddr::parse(*refer.header("Referred-By"));
        QVERIFY(referredBy.ok());
        QCOMPARE(referredBy->uri.toString(), c.invite.from()->uri.toString());
        QVERIFY(!referredBy->tag());
        QCOMPARE(refer.contacts()->front().uri.toString(),
                 c.invite.contacts()->front().uri.toString());
        QCOMPARE(std::string(refer.to()->tag().value_or("")), std::string("peer-tag"));
        QCOMPARE(c.last().transfer, Transfer::Requested);

        c.f.respond(refer, 202);
        QCOMPARE(c.last().transfer, Transfer::Accepted);

        notifyRefer(c, 1, "SIP/2.0 100 Trying", false);
        auto answers = c.f.takeResponses();
        QCOMPARE(answers.size(), std::size_t(1));
        QCOMPARE(answers.front().statusCode, 200);
        QCOMPARE(c.last().transferStatusCode, 100);
        QCOMPARE(c.last().state, State::Established);

        notifyRefer(c, 2, "SIP/2.0 200 OK", true);
        std::vector<std::string> sent;
        std::vector<Request> byes;
        for (auto &message : c.f.takeAll()) {
            if (auto *response = std::get_if<Response>(&message)) {
                sent.push_back(std::to_string(response->statusCode));
            } else {
                sent.push_back(std::get<Request>(message).method);
                byes.push_back(std::get<Request>(message));
            }
        }
        QCOMPARE(sent, (std::vector<std::string>{"200", "BYE"}));
        QCOMPARE(c.last().transfer, Transfer::Succeeded);
        QCOMPARE(c.last().transferStatusCode, 200);
        c.f.respond(byes.front(), 200);
        QCOMPARE(c.last().state, State::Terminated);
        QCOMPARE(c.last().endReason, EndReason::Transferred);
    }

    void refusedReferLeavesTheCall()
    {
        ConnectedCall c;
        c.inviter->transfer(*Uri::parse("sip:carol@192.0.2.30"));
        c.f.respond(c.f.takeRequests("REFER").at(0), 603);
        QCOMPARE(c.last().transfer, Transfer::Failed);
        QCOMPARE(c.last().transferStatusCode, 603);
        QCOMPARE(c.last().state, State::Established);
        // A new transfer may be asked for.
        c.inviter->transfer(*Uri::parse("sip:dave@192.0.2.31"));
        QCOMPARE(c.f.takeRequests("REFER").size(), std::size_t(1));
    }

    void failedTargetLeavesTheCall()
    {
        ConnectedCall c;
        acceptedTransfer(c);
        notifyRefer(c, 1, "SIP/2.0 486 Busy Here", true);
        QCOMPARE(c.f.takeResponses().front().statusCode, 200);
        QCOMPARE(c.last().transfer, Transfer::Failed);
        QCOMPARE(c.last().transferStatusCode, 486);
        QCOMPARE(c.last().state, State::Established);
        QCOMPARE(c.f.takeRequests("BYE").size(), std::size_t(0));
    }

    void notifiesThatAreNotOurs_data()
    {
        QTest::addColumn<bool>("transferFirst");
        QTest::addColumn<QString>("event");
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("another event") << true << "presence"
                                       << "SIP/2.0 200 OK" << 489;
        QTest::newRow("refer without a REFER") << false << "refer"
                                               << "SIP/2.0 200 OK" << 481;
        QTest::newRow("sipfrag without a status line")
                << true << "refer"
                << "INVITE sip:carol@192.0.2.30 SIP/2.0" << 400;
    }

    void notifiesThatAreNotOurs()
    {
        QFETCH(bool, transferFirst);
        QFETCH(QString, event);
        QFETCH(QString, body);
        QFETCH(int, status);
        ConnectedCall c;
        if (transferFirst)
            acceptedTransfer(c);
        const Transfer before = c.last().transfer;
        c.peerRequest("NOTIFY", 1,
                      {{"Event", event.toStdString()}, {"Subscription-State", "active"}},
                      "message/sipfrag", body.toStdString() + "\r\n");
        const auto answers = c.f.takeResponses();
        QCOMPARE(answers.size(), std::size_t(1));
        QCOMPARE(answers.front().statusCode, status);
        QCOMPARE(c.last().transfer, before);
        QCOMPARE(c.last().state, State::Established);
    }

    void dtmfGoesOneInfoAtATime()
    {
        ConnectedCall c;
        c.inviter->sendDtmf("1x#");
        auto infos = c.f.takeRequests("INFO");
        QCOMPARE(infos.size(), std::size_t(1)); // the next waits for this one's answer
        QCOMPARE(*infos.front().header("Content-Type"), std::string_view("application/dtmf-relay"));
        QCOMPARE(infos.front().body(), std::string_view("Signal=1\r\nDuration=160\r\n"));
        c.f.respond(infos.front(), 200);
        infos = c.f.takeRequests("INFO");
        QCOMPARE(infos.size(), std::size_t(1));
        QCOMPARE(infos.front().body(), std::string_view("Signal=#\r\nDuration=160\r\n"));
        c.f.respond(infos.front(), 200);
        QCOMPARE(c.f.takeRequests("INFO").size(), std::size_t(0)); // "x" is no digit
    }

    void dtmfFromThePeer()
    {
        ConnectedCall c;
        c.peerRequest("INFO", 1, {}, "application/dtmf-relay", "Signal= 5\r\nDuration=100\r\n");
        QCOMPARE(c.f.takeResponses().front().statusCode, 200);
        QCOMPARE(c.last().receivedDigits, std::string("5"));
        c.peerRequest("INFO", 2, {}, "application/dtmf", "#\r\n");
        QCOMPARE(c.f.takeResponses().front().statusCode, 200);
        QCOMPARE(c.last().receivedDigits, std::string("5#"));
        c.peerRequest("INFO", 3); // empty: answered, nothing heard
        QCOMPARE(c.f.takeResponses().front().statusCode, 200);
        c.peerRequest("INFO", 4, {}, "text/plain", "hello");
        const auto refused = c.f.takeResponses();
        QCOMPARE(refused.front().statusCode, 415);
        QVERIFY(refused.front().header("Accept")->find("application/dtmf-relay")
                != std::string_view::npos);
        QCOMPARE(c.last().receivedDigits, std::string("5#"));
    }
};

QTEST_GUILESS_MAIN(tst_Transfer)
#include "tst_transfer.moc"
