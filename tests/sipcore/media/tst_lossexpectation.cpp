// Covers LossExpectation: 10 % before the peer's first report; afterwards the highest loss of
// its last three reports, in percent rounded up (1/256 is 1 %), so that one clean report after
// a lossy one keeps FEC on and three clean ones turn it off; a lossy report turns it on again.
#include "sipcore/media/lossexpectation.h"

#include <QTest>

using namespace sipcore::media;

class tst_LossExpectation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void beforeAnyReport() { QCOMPARE(LossExpectation().percent(), 10u); }

    void highestOfTheLastThree()
    {
        LossExpectation loss;
        loss.report(0);
        QCOMPARE(loss.percent(), 0u);
        loss.report(1); // 1/256, 0.4 %
        QCOMPARE(loss.percent(), 1u);
        loss.report(64); // 25 %
        QCOMPARE(loss.percent(), 25u);
        loss.report(0);
        QCOMPARE(loss.percent(), 25u);
        loss.report(0);
        QCOMPARE(loss.percent(), 25u);
        loss.report(0); // the 25 % report is now the fourth last
        QCOMPARE(loss.percent(), 0u);
        loss.report(26); // 10.2 %
        QCOMPARE(loss.percent(), 11u);
        loss.report(255);
        QCOMPARE(loss.percent(), 100u);
    }
};

QTEST_APPLESS_MAIN(tst_LossExpectation)
#include "tst_lossexpectation.moc"
