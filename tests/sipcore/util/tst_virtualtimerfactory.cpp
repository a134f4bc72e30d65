// Covers VirtualTimerFactory: deadline order, ties in start order, cancel and restart,
// timers armed from callbacks, and timers outliving the factory.
#include "sipcore/util/virtualtimerfactory.h"

#include <QTest>

using namespace sipcore;
using namespace std::chrono_literals;

class tst_VirtualTimerFactory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firesInDeadlineOrder()
    {
        VirtualTimerFactory factory;
        std::vector<int> fired;
        auto a = factory.createTimer();
        auto b = factory.createTimer();
        auto c = factory.createTimer();
        a->start(300ms, [&] { fired.push_back(1); });
        b->start(100ms, [&] { fired.push_back(2); });
        c->start(100ms, [&] { fired.push_back(3); });
        factory.advance(99ms);
        QVERIFY(fired.empty());
        factory.advance(1ms);
        QCOMPARE(fired, (std::vector<int>{2, 3}));
        QVERIFY(a->isActive());
        QVERIFY(!b->isActive());
        factory.advance(1s);
        QCOMPARE(fired, (std::vector<int>{2, 3, 1}));
    }

    void cancelAndRestart()
    {
        VirtualTimerFactory factory;
        int fired = 0;
        auto t = factory.createTimer();
        t->start(10ms, [&] { ++fired; });
        t->cancel();
        factory.advance(20ms);
        QCOMPARE(fired, 0);
        t->start(10ms, [&] { ++fired; });
        t->start(50ms, [&] { fired += 10; }); // restart replaces the first arming
        factory.advance(20ms);
        QCOMPARE(fired, 0);
        factory.advance(30ms);
        QCOMPARE(fired, 10);
    }

    void callbackArmsAnotherTimerWithinTheSameAdvance()
    {
        VirtualTimerFactory factory;
        const auto start = factory.now();
        auto t = factory.createTimer();
        std::vector<Duration> at;
        std::function<void()> tick = [&] {
            at.push_back(std::chrono::duration_cast<Duration>(factory.now() - start));
            if (at.size() < 3)
                t->start(100ms, tick);
        };
        t->start(100ms, tick);
        factory.advance(1s);
        QCOMPARE(at, (std::vector<Duration>{100ms, 200ms, 300ms}));
        QCOMPARE(factory.now() - start, std::chrono::steady_clock::duration(1s));
    }

    void timerOutlivesFactory()
    {
        std::unique_ptr<Timer> t;
        {
            VirtualTimerFactory factory;
            t = factory.createTimer();
            t->start(1s, [] {});
        }
        QVERIFY(!t->isActive());
        t->cancel(); // must not touch the dead factory
    }
};

QTEST_GUILESS_MAIN(tst_VirtualTimerFactory)
#include "tst_virtualtimerfactory.moc"
