// Covers a TCP reset in the middle of an INVITE transaction (issue 4, item 5):
// `ringback --headless` calls sip:…;transport=tcp a peer of the test's own (a QTcpServer on
// 127.0.0.1) that reads the INVITE and then resets the connection (SO_LINGER {on, 0}, then
// close: an RST, not a FIN):
//  - before any response, the INVITE transaction still Calling;
//  - after a 180 Ringing, once Ringback reports the call ringing (Proceeding, early dialog).
// The call must end as failed with 503 and the phrase "Connection lost: connection reset by
// 127.0.0.1:PORT" in the headless event: only the reset produces that (Timer B would end the
// call after 64*T1 = 32 s with 408 Request Timeout, longer than the wait allows). How long
// the reset took to end the call is logged, not asserted.
#include "interop/support/headlessringback.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <optional>

#include <sys/socket.h>

using namespace std::chrono_literals;

namespace {

/// The whole first message in \a stream (headers and Content-Length body), or nothing yet.
std::optional<QByteArray> firstMessage(const QByteArray &stream)
{
    const qsizetype headerEnd = stream.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return std::nullopt;
    static const QRegularExpression contentLength(QStringLiteral("\\r\\nContent-Length: *([0-9]+)"),
                                                  QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match
            = contentLength.match(QString::fromLatin1(stream.left(headerEnd + 2)));
    const qsizetype end = headerEnd + 4 + (match.hasMatch() ? match.captured(1).toInt() : 0);
    if (stream.size() < end)
        return std::nullopt;
    return stream.left(end);
}

/// A 180 Ringing to \a invite: its Via, From, To (with our tag), Call-ID and CSeq.
QByteArray ringing(const QByteArray &invite)
{
    QByteArray response = "SIP/2.0 180 Ringing\r\n";
    for (const QByteArray &line : invite.left(invite.indexOf("\r\n\r\n")).split('\n')) {
        const QByteArray header = line.trimmed();
        const QByteArray name = header.left(header.indexOf(':')).trimmed().toLower();
        if (name == "via" || name == "from" || name == "call-id" || name == "cseq")
            response += header + "\r\n";
        else if (name == "to")
            response += header + ";tag=peer\r\n";
    }
    return response + "Content-Length: 0\r\n\r\n";
}

/// Closes \a socket with an RST: a zero linger time makes close() abort the connection.
void reset(QTcpSocket *socket)
{
    const linger abortive{.l_onoff = 1, .l_linger = 0};
    ::setsockopt(static_cast<int>(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &abortive,
                 sizeof abortive);
    socket->abort();
}

} // namespace

class tst_TcpReset : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resetEndsTheCallAtOnce_data()
    {
        QTest::addColumn<bool>("ringFirst");
        QTest::newRow("reset before any response") << false;
        QTest::newRow("reset while ringing") << true;
    }

    void resetEndsTheCallAtOnce()
    {
        QFETCH(bool, ringFirst);

        QTcpServer peer;
        QVERIFY2(peer.listen(QHostAddress::LocalHost, 0), qPrintable(peer.errorString()));
        QTcpSocket *connection = nullptr;
        QByteArray received;
        std::optional<QByteArray> invite;
        connect(&peer, &QTcpServer::newConnection, this, [&] {
            connection = peer.nextPendingConnection();
            connect(connection, &QTcpSocket::readyRead, this, [&] {
                received += connection->readAll();
                if (!invite)
                    invite = firstMessage(received);
            });
        });

        QString error;
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = {}});
        const auto reportOnFailure = qScopeGuard([&] {
            if (QTest::currentTestFailed()) {
                qWarning().noquote() << "\n---- the peer received:\n"
                                     << QString::fromUtf8(received) << '\n'
                                     << ringback.report();
            }
        });
        QVERIFY2(ringback.start(&error), qPrintable(error));
        ringback.send(QStringLiteral("call sip:service@127.0.0.1:%1;transport=tcp")
                              .arg(peer.serverPort()));
        QTRY_VERIFY2_WITH_TIMEOUT(invite, "no INVITE reached the peer", 10000);
        QVERIFY2(invite->startsWith("INVITE "), invite->constData());

        if (ringFirst) {
            connection->write(ringing(*invite));
            QVERIFY(connection->flush());
            QVERIFY2(ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("ringing"))),
                     "Ringback did not report the 180");
        }
        QElapsedTimer sinceReset;
        sinceReset.start();
        reset(connection);

        // Timer B would end the call only after 32 s.
        const auto terminated = ringback.waitForEvent(
                HeadlessRingback::callState(QStringLiteral("terminated")), 20s);
        QVERIFY2(terminated, "the call did not end on the reset");
        qInfo("the call ended %.1f ms after the reset", double(sinceReset.nsecsElapsed()) / 1e6);
        QCOMPARE(terminated->value(QLatin1String("reason")).toString(), QStringLiteral("failed"));
        QCOMPARE(terminated->value(QLatin1String("status")).toInt(), 503);
        QCOMPARE(terminated->value(QLatin1String("phrase")).toString(),
                 QStringLiteral("Connection lost: connection reset by 127.0.0.1:%1")
                         .arg(peer.serverPort()));
        QVERIFY2(ringback.quit(&error), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(tst_TcpReset)
#include "tst_tcpreset.moc"
