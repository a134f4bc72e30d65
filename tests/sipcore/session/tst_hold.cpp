// Covers hold and resume in Session (RFC 3264 §8.4, RFC 3261 §14) on an answered outgoing
// call, on virtual time over the in-memory transport:
//  - hold(true) sends a re-INVITE with our offer (same SDP session id), and Status::held
//    follows only the peer's 2xx, which is ACKed; hold(false) takes it back the same way;
//  - a change asked for while a re-INVITE is under way goes out after it;
//  - a refused re-INVITE (488) leaves the call as it was; 481 ends it with BYE (§12.2.1.2);
//  - the peer's re-INVITE offering sendonly puts us on hold (Status::remoteHeld), a
//    sendrecv one takes us off; each is answered 200 with SDP and our Contact; a hold asked
//    for while the peer's re-INVITE waits for its ACK goes out after the ACK;
//  - the same offers by UPDATE (RFC 3311) are answered the same way in its 200, and an UPDATE
//    without an offer gets 200 without a body.
#include "support/connectedcall.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;
using State = Inviter::State;
using EndReason = Inviter::EndReason;

namespace {

/// The o= line's session id of \a sdp.
std::string sessionIdOf(std::string_view sdp)
{
    const auto o = sdp.find("o=ringback ");
    const auto start = o + std::string_view("o=ringback ").size();
    return std::string(sdp.substr(start, sdp.find(' ', start) - start));
}

} // namespace

class tst_Hold : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void holdAndResumeFollowThePeersAnswer()
    {
        ConnectedCall c;
        auto reinvites = c.hold(true);
        QCOMPARE(reinvites.size(), std::size_t(1));
        const Request hold = reinvites.front(); // a copy: reinvites is reassigned below
        QCOMPARE(hold.cseq()->sequence, c.invite.cseq()->sequence + 1);
        QCOMPARE(*hold.header("Content-Type"), std::string_view("application/sdp"));
        QCOMPARE(sessionIdOf(hold.body()), sessionIdOf(c.invite.body()));
        QVERIFY(hold.body().find("m=audio ") != std::string::npos);
        QVERIFY(!c.last().held); // not before the peer agrees

        c.f.respond(hold, 200);
        QVERIFY(c.last().held);
        QCOMPARE(c.last().state, State::Established);
        const auto acks = c.f.takeRequests("ACK");
        QCOMPARE(acks.size(), std::size_t(1));
        QCOMPARE(acks.front().cseq()->sequence, hold.cseq()->sequence);

        QVERIFY(c.hold(true).empty()); // held already: nothing to send
        reinvites = c.hold(false);
        QCOMPARE(reinvites.size(), std::size_t(1));
        QCOMPARE(reinvites.front().cseq()->sequence, hold.cseq()->sequence + 1);
        c.f.respond(reinvites.front(), 200);
        QVERIFY(!c.last().held);
    }

    void changeDuringReinviteFollowsIt()
    {
        ConnectedCall c;
        auto first = c.hold(true);
        QCOMPARE(first.size(), std::size_t(1));
        QVERIFY(c.hold(false).empty()); // one INVITE at a time (§14.1)
        c.f.respond(first.front(), 200);
        auto requests = c.f.takeAll();
        std::vector<std::string> methods;
        for (const auto &message : requests)
            methods.push_back(std::get<Request>(message).method);
        QCOMPARE(methods, (std::vector<std::string>{"ACK", "INVITE"}));
        c.f.respond(std::get<Request>(requests[1]), 200);
        QVERIFY(!c.last().held);
    }

    void refusedHoldLeavesTheCall()
    {
        ConnectedCall c;
        auto reinvites = c.hold(true);
        c.f.respond(reinvites.front(), 488);
        QVERIFY(!c.last().held);
        QCOMPARE(c.last().state, State::Established);
        QCOMPARE(c.last().statusCode, 488);
        QCOMPARE(c.hold(true).size(), std::size_t(1)); // may be asked again
    }

    void goneDialogEndsTheCall()
    {
        ConnectedCall c;
        auto reinvites = c.hold(true);
        c.f.respond(reinvites.front(), 481);
        const auto byes = c.f.takeRequests("BYE");
        QCOMPARE(byes.size(), std::size_t(1));
        c.f.respond(byes.front(), 481);
        QCOMPARE(c.last().state, State::Terminated);
        QCOMPARE(c.last().endReason, EndReason::Failed);
    }

    void peerPutsUsOnHoldAndBack()
    {
        ConnectedCall c;
        c.peerReinvite(2, "sendonly");
        QVERIFY(c.last().remoteHeld);
        auto answers = c.f.takeResponses();
        QCOMPARE(answers.size(), std::size_t(1));
        QCOMPARE(answers.front().statusCode, 200);
        QCOMPARE(*answers.front().header("Content-Type"), std::string_view("application/sdp"));
        QCOMPARE(answers.front().contacts()->front().uri.toString(),
                 c.invite.contacts()->front().uri.toString());
        // §6.1: we receive what the peer only sends.
        QVERIFY(answers.front().body().find("a=recvonly") != std::string::npos);
        QCOMPARE(sessionIdOf(answers.front().body()), sessionIdOf(c.invite.body()));
        c.peerAck(2);

        c.peerReinvite(3, "sendrecv");
        QVERIFY(!c.last().remoteHeld);
        QCOMPARE(c.f.takeResponses().front().statusCode, 200);
        QCOMPARE(c.last().state, State::Established);
    }

    void peerPutsUsOnHoldByUpdate()
    {
        ConnectedCall c;
        c.peerOffer("UPDATE", 2, "sendonly");
        QVERIFY(c.last().remoteHeld);
        auto answers = c.f.takeResponses();
        QCOMPARE(answers.size(), std::size_t(1));
        QCOMPARE(answers.front().statusCode, 200);
        QVERIFY(answers.front().body().find("a=recvonly") != std::string::npos);
        QCOMPARE(answers.front().contacts()->front().uri.toString(),
                 c.invite.contacts()->front().uri.toString());

        c.peerOffer("UPDATE", 3, "sendrecv");
        QVERIFY(!c.last().remoteHeld);
        QCOMPARE(c.f.takeResponses().front().statusCode, 200);

        c.peerRequest("UPDATE", 4, {{"Contact", "<sip:bob@127.0.0.1:5080>"}});
        answers = c.f.takeResponses();
        QCOMPARE(answers.front().statusCode, 200);
        QVERIFY(answers.front().body().empty());
        QCOMPARE(c.last().state, State::Established);
    }

    void holdWaitsForThePeersReinvite()
    {
        ConnectedCall c;
        c.peerReinvite(2, "sendrecv");
        c.f.takeAll();
        QVERIFY(c.hold(true).empty()); // the peer's 2xx has no ACK yet
        c.peerAck(2);
        const auto reinvites = c.f.takeRequests("INVITE");
        QCOMPARE(reinvites.size(), std::size_t(1));
        c.f.respond(reinvites.front(), 200);
        QVERIFY(c.last().held);
    }
};

QTEST_GUILESS_MAIN(tst_Hold)
#include "tst_hold.moc"
