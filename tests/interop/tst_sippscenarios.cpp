// Covers the callee scenarios under scenarios/ themselves, so that Ringback passing them means
// something: each plays against scripted callers (SIPp UACs) instead of Ringback.
//  - a well-behaved caller passes every scenario (it is not failing for its own reasons);
//  - each misbehaviour a case forbids fails its scenario, for that reason (the error file
//    names it): a CANCEL before any 1xx or after a final response, a CANCEL that differs from
//    the INVITE (branch, CSeq, To, Request-URI, From), an ACK with the wrong branch or
//    without the callee's tag, an ACK/BYE out of order or to the wrong target, a message that
//    never comes, an INVITE re-sent after a 401/407, a second CANCEL;
//  - a CANCEL retransmission (same branch and CSeq) passes 4g, as it must;
//  - an INVITE re-sent with a new Call-ID passes the scenario but shows up as a discarded
//    message, which the Ringback tests treat as a failure.
#include "interop/support/scriptedcaller.h"
#include "interop/support/sippprocess.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace std::chrono_literals;

namespace {

enum class Verdict {
    Passes,          ///< exit code 0, nothing discarded
    Fails,           ///< exit code != 0, and the error file names the reason
    DiscardsMessage, ///< exit code 0, but SIPp dropped a message outside the call
};

using Request = ScriptedCaller::Request;

/// The callee scenarios answer misbehaviour at once, or when a receive times out; this is
/// how long a missing message takes to fail a row here.
constexpr std::chrono::milliseconds ReceiveTimeout = 2s;

// The requests of a well-behaved caller: the CANCEL and the ACK of a non-2xx final response
// reuse the INVITE's branch and CSeq number; the ACK of a 2xx and the BYE go to the callee's
// Contact (sip:callee@…) in new transactions.
const Request Invite{};
const Request Cancel{.method = QStringLiteral("CANCEL")};
const Request AckNon2xx{.method = QStringLiteral("ACK"), .toTag = true};
const Request Ack2xx{.method = QStringLiteral("ACK"),
                     .branch = QStringLiteral("ack"),
                     .toTag = true,
                     .requestUser = QStringLiteral("callee")};
const Request Bye{.method = QStringLiteral("BYE"),
                  .branch = QStringLiteral("bye"),
                  .sequenceNumber = 2,
                  .toTag = true,
                  .requestUser = QStringLiteral("callee")};

Request with(Request request, const std::function<void(Request &)> &change)
{
    change(request);
    return request;
}

/// INVITE, CANCEL once ringing, ACK for the 487.
ScriptedCaller cancelAfterRinging()
{
    return ScriptedCaller().send(Invite).await(180).send(Cancel).await(487).send(AckNon2xx);
}

} // namespace

Q_DECLARE_METATYPE(Verdict)

class tst_SippScenarios : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = SippProcess::missingMessage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
    }

    void callee_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<ScriptedCaller>("caller");
        QTest::addColumn<Verdict>("verdict");
        QTest::addColumn<QString>("reason"); // in the error file, for Verdict::Fails

        const QString none;
        const QString unexpected = QStringLiteral("unexpected");
        const QString timeout = QStringLiteral("timeout");

        QTest::newRow("ringing callee: cancel once ringing")
                << QStringLiteral("ringing_callee.xml") << cancelAfterRinging() << Verdict::Passes
                << none;
        QTest::newRow("ringing callee: no ACK for the 487")
                << QStringLiteral("ringing_callee.xml")
                << ScriptedCaller().send(Invite).await(180).send(Cancel).await(487)
                << Verdict::Fails << timeout;

        QTest::newRow("4a-1: cancel once ringing")
                << QStringLiteral("4a1_hangup_after_180.xml") << cancelAfterRinging()
                << Verdict::Passes << none;
        QTest::newRow("4a-1: CANCEL after the 100, before the 180")
                << QStringLiteral("4a1_hangup_after_180.xml")
                << ScriptedCaller().send(Invite).await(100).send(Cancel) << Verdict::Fails
                << unexpected;

        QTest::newRow("4a-2: CANCEL only once the 180 came")
                << QStringLiteral("4a2_hangup_before_1xx.xml") << cancelAfterRinging()
                << Verdict::Passes << none;
        QTest::newRow("4a-2: CANCEL before any 1xx")
                << QStringLiteral("4a2_hangup_before_1xx.xml")
                << ScriptedCaller().send(Invite).send(Cancel) << Verdict::Fails << unexpected;

        QTest::newRow("4a-3: the 486 ACKed, no CANCEL")
                << QStringLiteral("4a3_final_before_1xx.xml")
                << ScriptedCaller().send(Invite).await(486).send(AckNon2xx) << Verdict::Passes
                << none;
        QTest::newRow("4a-3: CANCEL before any response")
                << QStringLiteral("4a3_final_before_1xx.xml")
                << ScriptedCaller().send(Invite).send(Cancel) << Verdict::Fails << unexpected;
        QTest::newRow("4a-3: CANCEL after the final response")
                << QStringLiteral("4a3_final_before_1xx.xml")
                << ScriptedCaller().send(Invite).await(486).send(AckNon2xx).send(Cancel)
                << Verdict::Fails << QStringLiteral("4a-3: a CANCEL came");
        QTest::newRow("4a-3: ACK with a new branch")
                << QStringLiteral("4a3_final_before_1xx.xml")
                << ScriptedCaller().send(Invite).await(486).send(
                           with(AckNon2xx, [](Request &r) { r.branch = QStringLiteral("new"); }))
                << Verdict::Fails << QStringLiteral("ack_branch");

        const auto cancelling = [](const Request &cancel) {
            return ScriptedCaller().send(Invite).await(180).send(cancel).await(487).send(AckNon2xx);
        };
        QTest::newRow("4b: the CANCEL copies the INVITE")
                << QStringLiteral("4b_cancel_copies_invite.xml") << cancelling(Cancel)
                << Verdict::Passes << none;
        QTest::newRow("4b: CANCEL with a new branch")
                << QStringLiteral("4b_cancel_copies_invite.xml")
                << cancelling(with(Cancel, [](Request &r) { r.branch = QStringLiteral("new"); }))
                << Verdict::Fails << QStringLiteral("cancel_branch");
        QTest::newRow("4b: CANCEL with another CSeq number")
                << QStringLiteral("4b_cancel_copies_invite.xml")
                << cancelling(with(Cancel, [](Request &r) { r.sequenceNumber = 2; }))
                << Verdict::Fails << QStringLiteral("cancel_cseq");
        QTest::newRow("4b: CANCEL whose To has a tag")
                << QStringLiteral("4b_cancel_copies_invite.xml")
                << cancelling(with(Cancel, [](Request &r) { r.toTag = true; })) << Verdict::Fails
                << QStringLiteral("cancel_to");
        QTest::newRow("4b: CANCEL to another Request-URI")
                << QStringLiteral("4b_cancel_copies_invite.xml")
                << cancelling(with(Cancel, [](Request &r) { r.requestUser = QStringLiteral("x"); }))
                << Verdict::Fails << QStringLiteral("cancel_request_uri");
        QTest::newRow("4b: CANCEL with another From tag")
                << QStringLiteral("4b_cancel_copies_invite.xml")
                << cancelling(with(Cancel, [](Request &r) { r.fromTag = QStringLiteral("x"); }))
                << Verdict::Fails << QStringLiteral("cancel_from");

        const auto acking = [](const Request &ack) {
            return ScriptedCaller().send(Invite).await(180).send(Cancel).await(487).send(ack);
        };
        QTest::newRow("4c: ACK for the 487 in the INVITE transaction")
                << QStringLiteral("4c_ack_for_487.xml") << acking(AckNon2xx) << Verdict::Passes
                << none;
        QTest::newRow("4c: ACK with a new branch")
                << QStringLiteral("4c_ack_for_487.xml")
                << acking(with(AckNon2xx, [](Request &r) { r.branch = QStringLiteral("new"); }))
                << Verdict::Fails << QStringLiteral("ack_branch");
        QTest::newRow("4c: ACK without the callee's tag")
                << QStringLiteral("4c_ack_for_487.xml")
                << acking(with(AckNon2xx, [](Request &r) { r.toTag = false; })) << Verdict::Fails
                << QStringLiteral("Failed regexp match");
        QTest::newRow("4c: BYE after the ACK")
                << QStringLiteral("4c_ack_for_487.xml") << acking(AckNon2xx).send(Bye)
                << Verdict::Fails << unexpected;

        // 4d-1 answers the INVITE with 200 right after the CANCEL, and the CANCEL last.
        const auto crossing = [] {
            return ScriptedCaller().send(Invite).await(180).send(Cancel);
        };
        QTest::newRow("4d-1: ACK, then BYE")
                << QStringLiteral("4d1_ok_crosses_cancel.xml")
                << crossing().await(200).send(Ack2xx).send(Bye) << Verdict::Passes << none;
        QTest::newRow("4d-1: BYE before the ACK")
                << QStringLiteral("4d1_ok_crosses_cancel.xml")
                << crossing().await(200).send(Bye).send(Ack2xx) << Verdict::Fails << unexpected;
        QTest::newRow("4d-1: ACK with the INVITE's branch")
                << QStringLiteral("4d1_ok_crosses_cancel.xml")
                << crossing()
                           .await(200)
                           .send(with(Ack2xx, [](Request &r) { r.branch = Invite.branch; }))
                           .send(Bye)
                << Verdict::Fails << QStringLiteral("ack_branch");
        QTest::newRow("4d-1: ACK to the INVITE's Request-URI")
                << QStringLiteral("4d1_ok_crosses_cancel.xml")
                << crossing()
                           .await(200)
                           .send(with(Ack2xx,
                                      [](Request &r) { r.requestUser = Invite.requestUser; }))
                           .send(Bye)
                << Verdict::Fails << QStringLiteral("Failed regexp match");
        QTest::newRow("4d-1: no BYE")
                << QStringLiteral("4d1_ok_crosses_cancel.xml") << crossing().await(200).send(Ack2xx)
                << Verdict::Fails << timeout;
        // 4d-2 answers the CANCEL first, then the INVITE.
        QTest::newRow("4d-2: ACK, then BYE")
                << QStringLiteral("4d2_ok_after_200_for_cancel.xml")
                << crossing().await(200).await(200).send(Ack2xx).send(Bye) << Verdict::Passes
                << none;
        QTest::newRow("4d-2: BYE with the INVITE's CSeq number")
                << QStringLiteral("4d2_ok_after_200_for_cancel.xml")
                << crossing().await(200).await(200).send(Ack2xx).send(
                           with(Bye, [](Request &r) { r.sequenceNumber = 1; }))
                << Verdict::Fails << QStringLiteral("bye_cseq_number");

        QTest::newRow("4e: nothing after the CANCEL")
                << QStringLiteral("4e_no_final_response.xml")
                << ScriptedCaller().send(Invite).await(180).send(Cancel).await(200)
                << Verdict::Passes << none;
        QTest::newRow("4e: ACK although no final response came")
                << QStringLiteral("4e_no_final_response.xml")
                << ScriptedCaller().send(Invite).await(180).send(Cancel).await(200).send(AckNon2xx)
                << Verdict::Fails << QStringLiteral("4e: an ACK came");

        for (const int code : {401, 407}) {
            const QString scenario = QStringLiteral("4f_%1_after_cancel.xml").arg(code);
            const auto challenged = [code] {
                return ScriptedCaller().send(Invite).await(180).send(Cancel).await(code);
            };
            const Request retry = with(Invite, [](Request &r) {
                r.branch = QStringLiteral("retry");
                r.sequenceNumber = 2;
            });
            QTest::addRow("4f-%d: the %d ACKed, no new INVITE", code, code)
                    << scenario << challenged().send(AckNon2xx) << Verdict::Passes << none;
            QTest::addRow("4f-%d: INVITE re-sent in the call", code)
                    << scenario << challenged().send(AckNon2xx).send(retry) << Verdict::Fails
                    << QStringLiteral("4f: the INVITE was re-sent");
            QTest::addRow("4f-%d: INVITE re-sent with a new Call-ID", code)
                    << scenario
                    << challenged().send(AckNon2xx).send(
                               with(retry,
                                    [](Request &r) { r.callIdSuffix = QStringLiteral("-retry"); }))
                    << Verdict::DiscardsMessage << none;
            QTest::addRow("4f-%d: ACK with a new branch", code)
                    << scenario
                    << challenged().send(with(AckNon2xx,
                                              [](Request &r) { r.branch = QStringLiteral("new"); }))
                    << Verdict::Fails << QStringLiteral("ack_branch");
        }

        QTest::newRow("4g: one CANCEL") << QStringLiteral("4g_hangup_twice.xml")
                                        << cancelAfterRinging() << Verdict::Passes << none;
        QTest::newRow("4g: the CANCEL retransmitted") << QStringLiteral("4g_hangup_twice.xml")
                                                      << ScriptedCaller()
                                                                 .send(Invite)
                                                                 .await(180)
                                                                 .send(Cancel)
                                                                 .send(Cancel)
                                                                 .await(487)
                                                                 .send(AckNon2xx)
                                                      << Verdict::Passes << none;
        const Request secondCancel = with(Cancel, [](Request &r) {
            r.branch = QStringLiteral("second");
            r.sequenceNumber = 2;
        });
        QTest::newRow("4g: a second CANCEL right after the first")
                << QStringLiteral("4g_hangup_twice.xml")
                << ScriptedCaller()
                           .send(Invite)
                           .await(180)
                           .send(Cancel)
                           .send(secondCancel)
                           .await(487)
                           .send(AckNon2xx)
                << Verdict::Fails << unexpected;
        QTest::newRow("4g: a second CANCEL after the ACK")
                << QStringLiteral("4g_hangup_twice.xml") << cancelAfterRinging().send(secondCancel)
                << Verdict::Fails << QStringLiteral("4g: a second CANCEL");
    }

    void callee()
    {
        QFETCH(QString, scenario);
        QFETCH(ScriptedCaller, caller);
        QFETCH(Verdict, verdict);
        QFETCH(QString, reason);

        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        const QString callerScenario = directory.filePath(QStringLiteral("caller.xml"));
        QString error;
        QVERIFY2(caller.write(callerScenario, &error), qPrintable(error));

        SippProcess callee({.scenario = SippProcess::scenarioPath(scenario),
                            .receiveTimeout = ReceiveTimeout});
        QVERIFY2(callee.start(&error), qPrintable(error));
        // -nd: the caller ignores the responses it does not wait for, and never aborts.
        SippProcess sippCaller({.scenario = callerScenario,
                                .remote = QStringLiteral("127.0.0.1:%1").arg(callee.port()),
                                .extraArguments = {QStringLiteral("-nd")}});
        const auto reportOnFailure = qScopeGuard([&] {
            if (QTest::currentTestFailed())
                qWarning().noquote() << '\n' << callee.report() << sippCaller.report();
        });
        QVERIFY2(sippCaller.start(&error), qPrintable(error));

        QVERIFY2(callee.waitForFinished(), "the callee scenario still runs");
        switch (verdict) {
        case Verdict::Passes:
            QCOMPARE(callee.exitCode(), 0);
            QVERIFY(callee.discardedMessages().isEmpty());
            break;
        case Verdict::Fails:
            QVERIFY2(callee.exitCode() != 0, "the callee scenario passed a misbehaving caller");
            QVERIFY2(callee.errors().contains(reason),
                     qPrintable(QStringLiteral("the callee scenario failed, but its error file "
                                               "does not say \"%1\"")
                                        .arg(reason)));
            break;
        case Verdict::DiscardsMessage:
            QCOMPARE(callee.exitCode(), 0);
            QVERIFY2(!callee.discardedMessages().isEmpty(), "SIPp discarded no message");
            break;
        }
    }
};

QTEST_GUILESS_MAIN(tst_SippScenarios)
#include "tst_sippscenarios.moc"
