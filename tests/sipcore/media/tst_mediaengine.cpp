// Covers the MediaEngine's pacing hook (sourceReadyHandler) where no clock is involved: with no
// call the source is not read however often the handler rings, and a handler kept past the
// engine's end does nothing (under the sanitizer run, no use after free). That the hook takes
// the wait out of the capture path is shown by bench_audiodelay (docs/BENCHMARKS.md).
#include "sipcore/media/mediaengine.h"

#include <QTest>

#include <boost/asio/post.hpp>

#include <atomic>
#include <future>
#include <memory>

using namespace sipcore::media;

namespace {

/// A microphone that counts how often the engine reads it.
class CountingSource final : public AudioSource
{
public:
    explicit CountingSource(std::shared_ptr<std::atomic<int>> reads)
        : m_reads(std::move(reads))
    {}
    void read(std::span<std::int16_t> frame) override
    {
        std::fill(frame.begin(), frame.end(), std::int16_t(0));
        ++*m_reads;
    }

private:
    std::shared_ptr<std::atomic<int>> m_reads;
};

/// Returns once everything posted to \a engine's thread before it has run.
void drain(MediaEngine &engine)
{
    std::promise<void> done;
    boost::asio::post(engine.executor(), [&done] { done.set_value(); });
    done.get_future().wait();
}

} // namespace

class tst_MediaEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readyWithoutACallReadsNothing()
    {
        auto reads = std::make_shared<std::atomic<int>>(0);
        MediaEngineOptions options;
        options.source = std::make_unique<CountingSource>(reads);
        MediaEngine engine(std::move(options));
        const auto ready = engine.sourceReadyHandler();
        for (int i = 0; i < 100; ++i)
            ready();
        drain(engine);
        QCOMPARE(reads->load(), 0);
    }

    void readyAfterTheEngineIsGoneDoesNothing()
    {
        auto reads = std::make_shared<std::atomic<int>>(0);
        std::function<void()> ready;
        {
            MediaEngineOptions options;
            options.source = std::make_unique<CountingSource>(reads);
            MediaEngine engine(std::move(options));
            ready = engine.sourceReadyHandler();
        }
        ready(); // would post to a stopped io_context that is gone
        ready();
        QCOMPARE(reads->load(), 0);
    }
};

QTEST_APPLESS_MAIN(tst_MediaEngine)
#include "tst_mediaengine.moc"
