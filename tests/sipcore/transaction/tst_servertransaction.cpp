// Covers transaction matching: ServerTransaction::idFor and matches() (RFC 3261 §17.2.3) for
// RFC 3261 branches (branch, sent-by and method; ACK with its INVITE; CANCEL apart from its
// INVITE but finding it; host case) and for RFC 2543 requests without the magic cookie
// (Request-URI, From tag, Call-ID, CSeq, top Via, To tag; an ACK matched by the To tag of our
// response); ClientTransaction::idFor (§17.1.3: branch and CSeq method); and every
// TransactionError's message.
#include "support/recordingserveruser.h"
#include "support/sipfixture.h"

#include "sipcore/transaction/clienttransaction.h"
#include "sipcore/transaction/inviteservertransaction.h"
#include "sipcore/transaction/transactionerror.h"

using namespace sipcore;
using namespace sipcore::test;

namespace {

std::string withVia(std::string_view method, std::string_view via, std::string_view toTag = {})
{
    const Request request = peerRequest(method, "z9hG4bK-x", toTag);
    std::string text = request.serialize();
    const std::string old = "SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-x";
    text.replace(text.find(old), old.size(), via);
    return text;
}

Request parse(const std::string &text)
{
    auto parsed = MessageParser::parseDatagram(text);
    if (!parsed || !std::holds_alternative<Request>(*parsed))
        qFatal("does not parse:\n%s", text.c_str());
    return std::get<Request>(std::move(*parsed));
}

} // namespace

class tst_ServerTransaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc3261Ids_data()
    {
        QTest::addColumn<QString>("firstMethod");
        QTest::addColumn<QString>("firstVia");
        QTest::addColumn<QString>("secondMethod");
        QTest::addColumn<QString>("secondVia");
        QTest::addColumn<bool>("same");
        const QString via = "SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-a";
        QTest::newRow("retransmission") << "INVITE" << via << "INVITE" << via << true;
        QTest::newRow("ACK joins its INVITE") << "INVITE" << via << "ACK" << via << true;
        QTest::newRow("CANCEL is a transaction of its own")
                << "INVITE" << via << "CANCEL" << via << false;
        QTest::newRow("other branch") << "INVITE" << via << "INVITE"
                                      << "SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-b" << false;
        QTest::newRow("other sent-by host")
                << "OPTIONS" << via << "OPTIONS"
                << "SIP/2.0/UDP 127.0.0.2:5080;branch=z9hG4bK-a" << false;
        QTest::newRow("other sent-by port")
                << "OPTIONS" << via << "OPTIONS"
                << "SIP/2.0/UDP 127.0.0.1:5081;branch=z9hG4bK-a" << false;
        QTest::newRow("host name case does not matter")
                << "BYE"
                << "SIP/2.0/UDP Client.Example.com:5080;branch=z9hG4bK-a"
                << "BYE"
                << "SIP/2.0/UDP client.example.COM:5080;branch=z9hG4bK-a" << true;
        QTest::newRow("parameters other than the branch do not matter")
                << "BYE" << via << "BYE" << via + ";received=192.0.2.1;rport=5080" << true;
    }
    void rfc3261Ids()
    {
        QFETCH(QString, firstMethod);
        QFETCH(QString, firstVia);
        QFETCH(QString, secondMethod);
        QFETCH(QString, secondVia);
        QFETCH(bool, same);
        const Request first = parse(withVia(firstMethod.toStdString(), firstVia.toStdString()));
        const Request second = parse(withVia(secondMethod.toStdString(), secondVia.toStdString()));
        QVERIFY(!ServerTransaction::idFor(first).empty());
        QCOMPARE(ServerTransaction::idFor(first) == ServerTransaction::idFor(second), same);
    }

    void cancelFindsItsInvite()
    {
        const Request invite = peerRequest("INVITE", "z9hG4bK-c");
        const Request cancel = peerRequest("CANCEL", "z9hG4bK-c");
        QCOMPARE(ServerTransaction::idFor(cancel, "INVITE"), ServerTransaction::idFor(invite));
        const Request other = peerRequest("CANCEL", "z9hG4bK-d");
        QVERIFY(ServerTransaction::idFor(other, "INVITE") != ServerTransaction::idFor(invite));
    }

    void noIdWithoutViaOrCSeq()
    {
        Request request = peerRequest("OPTIONS");
        request.removeHeader("Via");
        QCOMPARE(ServerTransaction::idFor(request), std::string());
        Request noCSeq = peerRequest("OPTIONS");
        noCSeq.removeHeader("CSeq");
        QCOMPARE(ServerTransaction::idFor(noCSeq), std::string());
    }

    void rfc2543Ids_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<bool>("same");
        QTest::newRow("retransmission") << "" << true;
        QTest::newRow("other Request-URI") << "uri" << false;
        QTest::newRow("other From tag") << "from" << false;
        QTest::newRow("other Call-ID") << "callid" << false;
        QTest::newRow("other CSeq number") << "cseq" << false;
        QTest::newRow("other top Via") << "via" << false;
    }
    void rfc2543Ids()
    {
        QFETCH(QString, change);
        const std::string via = "SIP/2.0/UDP 127.0.0.1:5080;branch=old-style-1";
        const std::string base = withVia("OPTIONS", via);
        std::string text = base;
        auto swap = [&text](std::string_view from, std::string_view to) {
            text.replace(text.find(from), from.size(), to);
        };
        if (change == "uri")
            swap("OPTIONS sip:ringback@", "OPTIONS sip:other@");
        else if (change == "from")
            swap("tag=alice-tag", "tag=alice-tag-2");
        else if (change == "callid")
            swap("Call-ID: server", "Call-ID: x-server");
        else if (change == "cseq")
            swap("CSeq: 7", "CSeq: 8");
        else if (change == "via")
            swap("branch=old-style-1", "branch=old-style-2");
        QFETCH(bool, same);
        const std::string first = ServerTransaction::idFor(parse(base));
        QVERIFY(first.starts_with("2543 "));
        QCOMPARE(first == ServerTransaction::idFor(parse(text)), same);
    }

    void rfc2543NonInviteKeysOnTheToTag()
    {
        const std::string via = "SIP/2.0/UDP 127.0.0.1:5080";
        QVERIFY(ServerTransaction::idFor(parse(withVia("BYE", via, "a")))
                != ServerTransaction::idFor(parse(withVia("BYE", via, "b"))));
        QCOMPARE(ServerTransaction::idFor(parse(withVia("BYE", via, "a"))),
                 ServerTransaction::idFor(parse(withVia("BYE", via, "a"))));
    }

    void rfc2543AckMatchesByTheTagOfOurResponse()
    {
        CoreFixture f;
        RecordingServerUser user;
        const std::string via = "SIP/2.0/UDP 127.0.0.1:5080";
        auto transaction = std::make_shared<InviteServerTransaction>(
                parse(withVia("INVITE", via)), Endpoint{"127.0.0.1", 5080},
                f.core.transactionContext(), &user);
        transaction->start();
        const Request ack = parse(withVia("ACK", via, "uas-tag"));
        const Request strayAck = parse(withVia("ACK", via, "someone-else"));
        QCOMPARE(ServerTransaction::idFor(ack), transaction->id());
        QVERIFY(transaction->matches(parse(withVia("INVITE", via)))); // a retransmission
        QVERIFY(!transaction->matches(parse(withVia("INVITE", via, "x"))));
        transaction->respond(makeResponse(transaction->request(), 486, "uas-tag"));
        QCOMPARE(transaction->responseToTag(), std::string("uas-tag"));
        QVERIFY(transaction->matches(ack));
        QVERIFY(!transaction->matches(strayAck));
        // A CANCEL carries the INVITE's To (no tag) and finds it.
        const Request cancel = parse(withVia("CANCEL", via));
        QCOMPARE(ServerTransaction::idFor(cancel, "INVITE"), transaction->id());
        QVERIFY(transaction->matches(cancel));
        transaction->dispose();
    }

    void rfc3261AlwaysMatchesItsId()
    {
        CoreFixture f;
        RecordingServerUser user;
        auto transaction = std::make_shared<InviteServerTransaction>(
                peerRequest("INVITE", "z9hG4bK-m"), Endpoint{"127.0.0.1", 5080},
                f.core.transactionContext(), &user);
        QVERIFY(transaction->matches(peerRequest("ACK", "z9hG4bK-m", "any-tag")));
        transaction->dispose();
    }

    void clientIds()
    {
        // §17.1.3: the branch of the top Via and the CSeq method; an ACK's is the INVITE's.
        QCOMPARE(ClientTransaction::idFor("z9hG4bK-1", "INVITE"),
                 ClientTransaction::idFor("z9hG4bK-1", "ACK"));
        QVERIFY(ClientTransaction::idFor("z9hG4bK-1", "INVITE")
                != ClientTransaction::idFor("z9hG4bK-1", "CANCEL"));
        QVERIFY(ClientTransaction::idFor("z9hG4bK-1", "BYE")
                != ClientTransaction::idFor("z9hG4bK-2", "BYE"));
    }

    void errorMessages()
    {
        for (auto error : {TransactionError::Terminated, TransactionError::AlreadyFinal}) {
            const std::error_code ec = error;
            QCOMPARE(ec.category().name(), "sipcore.transaction");
            QVERIFY(ec.message() != "unknown transaction error");
        }
        QCOMPARE(std::error_code(static_cast<TransactionError>(99)).message(),
                 std::string("unknown transaction error"));
    }
};

QTEST_GUILESS_MAIN(tst_ServerTransaction)
#include "tst_servertransaction.moc"
