// Covers estimateMos (ITU-T G.107 E-model with G.711's loss figures): a clean call rates 4.41
// (R = 93.2, G.107's default); loss and delay each lower the rating, delay sharply past
// 177.3 ms; known points land in G.107's bands (5 % loss: R 77.4, MOS 3.92; 400 ms one way:
// R 59.1, MOS 3.05); the scale is bounded to 1–4.5.
#include "sipcore/media/mosestimate.h"

#include <QTest>

using namespace sipcore::media;

class tst_MosEstimate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanCall() { QVERIFY(qAbs(estimateMos(0, 0) - 4.41) < 0.005); }

    void knownPoints()
    {
        QVERIFY2(qAbs(estimateMos(0, 5) - 3.92) < 0.01, QByteArray::number(estimateMos(0, 5)));
        QVERIFY2(qAbs(estimateMos(400, 0) - 3.05) < 0.01, QByteArray::number(estimateMos(400, 0)));
    }

    void lossAndDelayLowerTheRating()
    {
        double previous = 5;
        for (double loss : {0.0, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0}) {
            const double mos = estimateMos(40, loss);
            QVERIFY(mos < previous);
            previous = mos;
        }
        // Past the knee, 50 ms more costs far more than before it.
        const double before = estimateMos(100, 0) - estimateMos(150, 0);
        const double after = estimateMos(250, 0) - estimateMos(300, 0);
        QVERIFY(after > 3 * before);
    }

    void bounded()
    {
        QCOMPARE(estimateMos(5000, 100), 1.0);
        QVERIFY(estimateMos(-10, -5) <= 4.5);
        QCOMPARE(estimateMos(-10, -5), estimateMos(0, 0));
    }
};

QTEST_APPLESS_MAIN(tst_MosEstimate)
#include "tst_mosestimate.moc"
