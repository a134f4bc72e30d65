// Covers PresenceDocument: the PIDF (RFC 3863) we publish reads back as written, note text
// escaped; documents as other clients write them (a prefixed namespace, extra elements from
// RPID, several tuples) give the first tuple's basic status and the first note; text that is
// not well-formed XML or whose root is not a PIDF presence gives nothing.
#include "presencedocument.h"

#include <QTest>

class TestPresenceDocument : public QObject
{
    Q_OBJECT

private slots:
    void builtDocumentReadsBack()
    {
        const QString xml
                = PresenceDocument::build(QStringLiteral("sip:alice@example.com"), true,
                                          QStringLiteral("In a meeting <until 3 & later>"));
        QVERIFY(xml.contains(QLatin1String("entity=\"sip:alice@example.com\"")));
        QVERIFY(xml.contains(QLatin1String("urn:ietf:params:xml:ns:pidf")));
        const auto document = PresenceDocument::parse(xml);
        QVERIFY(document);
        QCOMPARE(document->basic, QStringLiteral("open"));
        QCOMPARE(document->note, QStringLiteral("In a meeting <until 3 & later>"));
        const auto closed = PresenceDocument::parse(
                PresenceDocument::build(QStringLiteral("sip:a@b"), false, {}));
        QVERIFY(closed);
        QCOMPARE(closed->basic, QStringLiteral("closed"));
        QVERIFY(closed->note.isEmpty());
    }

    void othersDocumentsGiveTheFirstTuple()
    {
        const QString xml = QStringLiteral(
                "<?xml version='1.0' encoding='UTF-8'?>"
                "<p:presence xmlns:p='urn:ietf:params:xml:ns:pidf' "
                "xmlns:rpid='urn:ietf:params:xml:ns:pidf:rpid' entity='sip:bob@example.com'>"
                "<p:tuple id='a'><p:status><p:basic> closed </p:basic></p:status></p:tuple>"
                "<rpid:person><rpid:activities><rpid:away/></rpid:activities></rpid:person>"
                "<p:tuple id='b'><p:status><p:basic>open</p:basic></p:status>"
                "<p:note>second</p:note></p:tuple>"
                "<p:note>Gone fishing</p:note></p:presence>");
        const auto document = PresenceDocument::parse(xml);
        QVERIFY(document);
        QCOMPARE(document->basic, QStringLiteral("closed"));
        QCOMPARE(document->note, QStringLiteral("second"));
    }

    void notPidfGivesNothing_data()
    {
        QTest::addColumn<QString>("xml");
        QTest::newRow("empty") << QString();
        QTest::newRow("not xml") << QStringLiteral("open");
        QTest::newRow("unclosed") << QStringLiteral(
                "<presence xmlns='urn:ietf:params:xml:ns:pidf'><tuple>");
        QTest::newRow("other root")
                << QStringLiteral("<dialog-info xmlns='urn:ietf:params:xml:ns:dialog-info'/>");
        QTest::newRow("no namespace") << QStringLiteral("<presence><tuple/></presence>");
    }
    void notPidfGivesNothing()
    {
        QFETCH(QString, xml);
        QVERIFY(!PresenceDocument::parse(xml));
    }
};

QTEST_GUILESS_MAIN(TestPresenceDocument)
#include "tst_presencedocument.moc"
