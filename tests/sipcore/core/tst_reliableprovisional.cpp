// Covers reliable provisional responses (RFC 3262) in the core, on the in-memory transport and
// virtual time:
//  - UAC: each reliable provisional response is PRACKed once, in RSeq order, within its early
//    dialog (RAck, the next CSeq, the response's Contact as Request-URI); a retransmission or
//    one out of order does not reach the delegate; each fork has its own RSeq space; the 2xx
//    is still ACKed with the INVITE's CSeq; an unreliable one gets no PRACK;
//  - UAS: when the INVITE requires 100rel, or supports it and the response has a body, a
//    provisional response carries Require, RSeq and Contact, makes the early dialog, and is
//    re-sent after T1, 2·T1, … until its PRACK (200; a PRACK naming another RSeq gets 481);
//    a second one waits for the first one's PRACK, and so does a 2xx (with a body or
//    without); 64·T1 without the PRACK gives 500 and onPrackTimeout; a BYE
//    in the early dialog gives 200 and 487; a CANCEL stops the re-sending;
//  - UPDATE in the early dialog a reliable response made (RFC 3311 §5.1): ours follows the
//    PRACK's CSeq; the peer's offer gets 500 while the INVITE's offer has no answer, and one
//    without an offer gets 200 with our Contact.
#include "support/callerrequest.h"
#include "support/sipfixture.h"

#include "sipcore/core/inviteuseragentclient.h"
#include "sipcore/core/inviteuseragentserver.h"
#include "sipcore/core/sessiondialog.h"
#include "sipcore/syntax/syntaxerror.h"
#include "sipcore/transaction/transactionerror.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;

namespace {

const std::string Offer = "v=0\r\no=alice 1 1 IN IP4 192.0.2.7\r\ns=-\r\nc=IN IP4 192.0.2.7\r\n"
                          "t=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
const std::string Answer = "v=0\r\no=bob 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
                           "t=0 0\r\nm=audio 5000 RTP/AVP 0\r\n";

UserAgentCoreConfiguration withReliability()
{
    UserAgentCoreConfiguration configuration;
    configuration.supported = {"100rel"};
    return configuration;
}

/// The RSeq of \a response; fails the test without one.
std::uint32_t rseqOf(const Response &response)
{
    const auto value = response.singleValue(HeaderId::RSeq, SyntaxError::DuplicateHeader);
    if (!value.ok() || !(*value)->as<std::uint32_t>())
        qFatal("no RSeq in a %d", response.statusCode);
    return *(*value)->as<std::uint32_t>();
}

/// What the layer above an INVITE hears.
struct Caller final : OutgoingInviteRequestDelegate
{
    void onProgress(const Response &response) override { progress.push_back(response.statusCode); }
    void onAcceptSession(const Response &, const std::shared_ptr<SessionDialog> &dialog) override
    {
        dialogs.push_back(dialog);
    }

    std::vector<int> progress;
    std::vector<std::shared_ptr<SessionDialog>> dialogs;
};

/// bob's reliable provisional response \a code to \a invite from fork \a tag with \a rseq.
Response reliable(const Request &invite,
                  int code,
                  std::string_view tag,
                  std::uint32_t rseq,
                  std::string_view contactHost = "127.0.0.1:5080")
{
    Response response = makeResponse(invite, code, tag);
    response.addHeader("Contact", "<sip:bob@" + std::string(contactHost) + ">");
    response.addHeader("Require", "100rel");
    response.addHeader("RSeq", std::to_string(rseq));
    return response;
}

/// An outgoing INVITE from a core that supports 100rel.
struct OutgoingCall
{
    OutgoingCall()
    {
        client = f.core.invite(makeInvite(f), &caller);
        invite = f.takeRequests("INVITE").at(0);
    }

    CoreFixture f{withReliability()};
    Caller caller;
    std::shared_ptr<InviteUserAgentClient> client;
    Request invite;
};

/// An incoming INVITE (CSeq 1, with \a extra header lines and \a sdp) at a core that supports
/// 100rel: the server, and what its delegate heard.
struct IncomingCall final : UserAgentCoreDelegate, IncomingRequestDelegate
{
    explicit IncomingCall(std::string_view extra = "Require: 100rel\r\n", std::string_view sdp = {})
    {
        f.core.setDelegate(this);
        send(callerRequest("INVITE", "z9hG4bKa-1", 1, {}, extra, sdp));
        f.takeAll();
    }
    void onInvite(const std::shared_ptr<InviteUserAgentServer> &invite) override
    {
        server = invite;
        server->setDelegate(this);
    }
    void onCancel(const Request &) override { ++cancels; }
    void onPrackTimeout() override { ++prackTimeouts; }

    void send(const std::string &text)
    {
        f.transport.inject(text, Endpoint{"192.0.2.7", 5999});
        f.poll();
    }
    /// alice's PRACK with CSeq \a cseq for RSeq \a rseq of the INVITE.
    void prack(std::uint32_t rseq, int cseq)
    {
        send(callerRequest("PRACK", "z9hG4bKa-p" + std::to_string(cseq), cseq, server->toTag(),
                           "RAck: " + std::to_string(rseq) + " 1 INVITE\r\n"));
    }
    /// The responses sent since the last call with status \a code.
    std::vector<Response> take(int code)
    {
        std::vector<Response> out;
        for (Response &response : f.takeResponses())
            if (response.statusCode == code)
                out.push_back(std::move(response));
        return out;
    }

    CoreFixture f{withReliability()};
    std::shared_ptr<InviteUserAgentServer> server;
    int cancels = 0;
    int prackTimeouts = 0;
};

} // namespace

class tst_ReliableProvisional : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void uacPracksEachReliableResponseOnceInOrder()
    {
        OutgoingCall c;
        QVERIFY(c.invite.header("Supported")->find("100rel") != std::string_view::npos);
        const Response ringing = reliable(c.invite, 180, "bob-1", 7, "192.0.2.30:5070");
        c.f.deliver(ringing);
        QCOMPARE(c.caller.progress, std::vector<int>{180});
        auto pracks = c.f.takeRequests("PRACK");
        QCOMPARE(pracks.size(), std::size_t(1));
        QCOMPARE(std::string(*pracks[0].header("RAck")), std::string("7 1 INVITE"));
        QCOMPARE(pracks[0].cseq()->sequence, std::uint32_t(2));
        QCOMPARE(pracks[0].requestUri().host, std::string("192.0.2.30"));
        QCOMPARE(std::string(pracks[0].to()->tag().value_or("")), std::string("bob-1"));
        QCOMPARE(*pracks[0].callId(), *c.invite.callId());

        // A retransmission is not news, and its PRACK's own transaction does the re-sending.
        c.f.deliver(ringing);
        QCOMPARE(c.caller.progress.size(), std::size_t(1));
        QVERIFY(c.f.takeRequests("PRACK").empty());

        // RSeq 9 skips 8: dropped; 8 is the next one.
        c.f.deliver(reliable(c.invite, 183, "bob-1", 9, "192.0.2.30:5070"));
        QCOMPARE(c.caller.progress.size(), std::size_t(1));
        QVERIFY(c.f.takeRequests("PRACK").empty());
        c.f.deliver(reliable(c.invite, 183, "bob-1", 8, "192.0.2.30:5070"));
        QCOMPARE(c.caller.progress, (std::vector<int>{180, 183}));
        pracks = c.f.takeRequests("PRACK");
        QCOMPARE(pracks.size(), std::size_t(1));
        QCOMPARE(std::string(*pracks[0].header("RAck")), std::string("8 1 INVITE"));
        QCOMPARE(pracks[0].cseq()->sequence, std::uint32_t(3));

        // The 2xx: its ACK has the INVITE's CSeq, the next request the dialog's next one.
        c.f.respond(c.invite, 200, "bob-1");
        QCOMPARE(c.caller.dialogs.size(), std::size_t(1));
        c.caller.dialogs[0]->ack();
        const auto acks = c.f.takeRequests("ACK");
        QCOMPARE(acks.size(), std::size_t(1));
        QCOMPARE(acks[0].cseq()->sequence, std::uint32_t(1));
        c.caller.dialogs[0]->bye(nullptr);
        QCOMPARE(c.f.takeRequests("BYE").at(0).cseq()->sequence, std::uint32_t(4));
    }

    void uacForksHaveTheirOwnRseqSpaces()
    {
        OutgoingCall c;
        c.f.deliver(reliable(c.invite, 180, "fork-a", 5, "192.0.2.1:5060"));
        c.f.deliver(reliable(c.invite, 180, "fork-b", 5, "192.0.2.2:5060"));
        c.f.deliver(makeResponse(c.invite, 180, "fork-c")); // unreliable: no PRACK
        QCOMPARE(c.caller.progress, (std::vector<int>{180, 180, 180}));
        const auto pracks = c.f.takeRequests("PRACK");
        QCOMPARE(pracks.size(), std::size_t(2));
        for (const Request &prack : pracks) {
            QCOMPARE(std::string(*prack.header("RAck")), std::string("5 1 INVITE"));
            const std::string tag(prack.to()->tag().value_or(""));
            QCOMPARE(prack.requestUri().host,
                     std::string(tag == "fork-a" ? "192.0.2.1" : "192.0.2.2"));
        }
        QVERIFY(pracks[0].to()->tag() != pracks[1].to()->tag());
    }

    void uasResendsUntilPrack()
    {
        IncomingCall c;
        QVERIFY(!c.server->reply(180));
        auto sent = c.take(180);
        QCOMPARE(sent.size(), std::size_t(1));
        QCOMPARE(std::string(*sent[0].header("Require")), std::string("100rel"));
        QVERIFY(sent[0].header("Contact"));
        const std::uint32_t rseq = rseqOf(sent[0]);
        QVERIFY(rseq >= 1 && rseq < 0x80000000u);
        QVERIFY(c.server->isAwaitingPrack());
        QVERIFY(c.server->dialog() && c.server->dialog()->isEarly());
        QCOMPARE(c.f.core.dialogCount(), std::size_t(1));

        // Re-sent after T1, then 2·T1 later.
        c.f.advance(499ms);
        QVERIFY(c.take(180).empty());
        c.f.advance(1ms);
        QCOMPARE(c.take(180).size(), std::size_t(1));
        c.f.advance(999ms);
        QVERIFY(c.take(180).empty());
        c.f.advance(1ms);
        sent = c.take(180);
        QCOMPARE(sent.size(), std::size_t(1));
        QCOMPARE(rseqOf(sent[0]), rseq);

        c.prack(rseq + 1, 2); // names no response of ours
        QCOMPARE(c.take(481).size(), std::size_t(1));
        QVERIFY(c.server->isAwaitingPrack());
        c.prack(rseq, 3);
        QCOMPARE(c.take(200).size(), std::size_t(1));
        QVERIFY(!c.server->isAwaitingPrack());
        c.f.advance(10s);
        QVERIFY(c.take(180).empty());
        c.prack(rseq, 4); // a second PRACK for it: nothing awaits one
        QCOMPARE(c.take(481).size(), std::size_t(1));
    }

    void uasSecondReliableWaitsForFirstPrack()
    {
        IncomingCall c;
        QVERIFY(!c.server->reply(180));
        QVERIFY(!c.server->reply(183));
        auto sent = c.f.takeResponses();
        QCOMPARE(sent.size(), std::size_t(1));
        QCOMPARE(sent[0].statusCode, 180);
        const std::uint32_t rseq = rseqOf(sent[0]);
        c.prack(rseq, 2);
        sent = c.f.takeResponses();
        QCOMPARE(sent.size(), std::size_t(2));
        QCOMPARE(sent[0].statusCode, 200);
        QCOMPARE(sent[1].statusCode, 183);
        QCOMPARE(rseqOf(sent[1]), rseq + 1);
        QVERIFY(c.server->isAwaitingPrack());
    }

    void uasAcceptWaitsForPrackOfAnswer()
    {
        IncomingCall c("Require: 100rel\r\n", Offer);
        ResponseOptions early;
        early.body = Answer;
        early.contentType = "application/sdp";
        QVERIFY(!c.server->reply(183, early));
        const std::uint32_t rseq = rseqOf(c.take(183).at(0));
        auto accepted = c.server->accept();
        QVERIFY(accepted.ok());
        QCOMPARE(*accepted, c.server->dialog());
        QVERIFY(c.f.takeResponses().empty()); // the 2xx waits for the PRACK
        QCOMPARE(c.server->accept().error(), make_error_code(TransactionError::AlreadyFinal));

        c.prack(rseq, 2);
        const auto sent = c.f.takeResponses();
        QCOMPARE(sent.size(), std::size_t(2));
        QCOMPARE(sent[0].cseq()->method, std::string("PRACK"));
        QCOMPARE(sent[1].statusCode, 200);
        QCOMPARE(sent[1].cseq()->method, std::string("INVITE"));
        const auto &dialog = c.server->dialog();
        QVERIFY(!dialog->isEarly());
        QVERIFY(dialog->isWaitingForAck());
        c.send(callerRequest("ACK", "z9hG4bKa-ack", 1, c.server->toTag()));
        QVERIFY(!dialog->isWaitingForAck());
    }

    void uasAcceptWaitsForPrackWithoutBodyToo()
    {
        IncomingCall c;
        QVERIFY(!c.server->reply(180));
        const std::uint32_t rseq = rseqOf(c.take(180).at(0));
        QVERIFY(c.server->accept().ok());
        QVERIFY(c.take(200).empty());
        c.prack(rseq, 2);
        const auto sent = c.take(200);
        QCOMPARE(sent.size(), std::size_t(2));
        QCOMPARE(sent[0].cseq()->method, std::string("PRACK"));
        QCOMPARE(sent[1].cseq()->method, std::string("INVITE"));
        c.send(callerRequest("ACK", "z9hG4bKa-ack", 1, c.server->toTag()));
        c.f.advance(10s);
        QVERIFY(c.take(180).empty());
        QVERIFY(c.take(200).empty());
    }

    void uasSupportedOnlyMakesBodiesReliable()
    {
        IncomingCall c("Supported: 100rel\r\n", Offer);
        QVERIFY(!c.server->reply(180));
        const Response ringing = c.take(180).at(0);
        QVERIFY(!ringing.header("RSeq"));
        QVERIFY(!ringing.header("Require"));
        QVERIFY(ringing.header("Contact"));
        QVERIFY(!c.server->dialog());
        ResponseOptions early;
        early.body = Answer;
        early.contentType = "application/sdp";
        QVERIFY(!c.server->reply(183, early));
        QVERIFY(c.take(183).at(0).header("RSeq"));
        QVERIFY(c.server->isAwaitingPrack());
    }

    void uasNoPrackGives500()
    {
        IncomingCall c;
        QVERIFY(!c.server->reply(180));
        c.f.takeAll();
        // Re-sent at 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s; 500 at 64·T1 = 32 s.
        c.f.advance(31999ms);
        QCOMPARE(c.take(180).size(), std::size_t(6));
        QCOMPARE(c.prackTimeouts, 0);
        c.f.advance(1ms);
        const auto failed = c.take(500);
        QCOMPARE(failed.size(), std::size_t(1));
        QCOMPARE(failed[0].reasonPhrase, std::string("No PRACK"));
        QCOMPARE(c.prackTimeouts, 1);
        QCOMPARE(c.f.core.dialogCount(), std::size_t(0));
    }

    void uasByeInEarlyDialogEndsInvite()
    {
        IncomingCall c;
        QVERIFY(!c.server->reply(180));
        c.f.takeAll();
        c.send(callerRequest("BYE", "z9hG4bKa-bye", 2, c.server->toTag()));
        const auto sent = c.f.takeResponses();
        QCOMPARE(sent.size(), std::size_t(2));
        QCOMPARE(sent[0].statusCode, 200);
        QCOMPARE(sent[0].cseq()->method, std::string("BYE"));
        QCOMPARE(sent[1].statusCode, 487);
        QCOMPARE(sent[1].cseq()->method, std::string("INVITE"));
        QCOMPARE(c.cancels, 1);
        QCOMPARE(c.f.core.dialogCount(), std::size_t(0));
        c.f.advance(10s);
        QVERIFY(c.take(180).empty());
    }

    void uasCancelStopsResending()
    {
        IncomingCall c;
        QVERIFY(!c.server->reply(180));
        c.f.takeAll();
        c.send(callerRequest("CANCEL", "z9hG4bKa-1", 1));
        QCOMPARE(c.take(487).size(), std::size_t(1));
        QCOMPARE(c.cancels, 1);
        QVERIFY(!c.server->isAwaitingPrack());
        QCOMPARE(c.f.core.dialogCount(), std::size_t(0));
        c.f.advance(10s);
        QVERIFY(c.take(180).empty());
    }

    void uacSendsUpdateInEarlyDialog()
    {
        OutgoingCall c;
        c.f.deliver(reliable(c.invite, 180, "bob-1", 1, "192.0.2.30:5070"));
        c.f.takeAll();
        const auto early = c.client->earlyDialogs();
        QCOMPARE(early.size(), std::size_t(1));
        QVERIFY(early[0]->update({}, nullptr).ok());
        const Request update = c.f.takeRequests("UPDATE").at(0);
        QCOMPARE(update.cseq()->sequence, std::uint32_t(3)); // INVITE 1, PRACK 2
        QCOMPARE(update.requestUri().host, std::string("192.0.2.30"));
        QVERIFY(update.header("Contact"));
    }

    void uasEarlyDialogTakesUpdate()
    {
        IncomingCall c("Require: 100rel\r\n", Offer);
        QVERIFY(!c.server->reply(180));
        const std::string tag = c.server->toTag();
        c.f.takeAll();
        c.send(callerRequest("UPDATE", "z9hG4bKa-u2", 2, tag, {}, Offer));
        const auto refused = c.take(500); // the INVITE's offer has no answer yet
        QCOMPARE(refused.size(), std::size_t(1));
        QVERIFY(refused[0].header("Retry-After"));
        c.send(callerRequest("UPDATE", "z9hG4bKa-u3", 3, tag));
        const auto accepted = c.take(200);
        QCOMPARE(accepted.size(), std::size_t(1));
        QCOMPARE(std::string(*accepted[0].header("Contact")), c.server->dialog()->localContact());
    }
};

QTEST_GUILESS_MAIN(tst_ReliableProvisional)
#include "tst_reliableprovisional.moc"
