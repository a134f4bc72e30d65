#include "sipcore/util/asiotimerfactory.h"

#include <boost/asio/steady_timer.hpp>

namespace sipcore {

namespace {

class AsioTimer final : public Timer
{
public:
    explicit AsioTimer(const boost::asio::any_io_executor &executor)
        : m_timer(executor)
        , m_armed(std::make_shared<std::uint64_t>(0))
    {}
    ~AsioTimer() override { cancel(); }

    void start(Duration delay, std::function<void()> onExpiry) override
    {
        // A completion may already sit in the run queue when we restart or cancel; the
        // generation number makes such a stale completion a no-op.
        const std::uint64_t generation = ++*m_armed;
        m_timer.expires_after(delay);
        m_timer.async_wait([weak = std::weak_ptr<std::uint64_t>(m_armed), generation,
                            onExpiry = std::move(onExpiry)](const boost::system::error_code &ec) {
            auto armed = weak.lock();
            if (ec || !armed || *armed != generation)
                return;
            ++*armed; // no longer active
            onExpiry();
        });
        m_active = generation;
    }

    void cancel() override
    {
        ++*m_armed;
        m_timer.cancel();
    }

    bool isActive() const override { return *m_armed == m_active; }

private:
    boost::asio::steady_timer m_timer;
    std::shared_ptr<std::uint64_t> m_armed; // generation of the armed wait
    std::uint64_t m_active = ~std::uint64_t(0);
};

} // namespace

AsioTimerFactory::AsioTimerFactory(boost::asio::any_io_executor executor)
    : m_executor(std::move(executor))
{}

std::unique_ptr<Timer> AsioTimerFactory::createTimer()
{
    return std::make_unique<AsioTimer>(m_executor);
}

TimePoint AsioTimerFactory::now() const
{
    return std::chrono::steady_clock::now();
}

} // namespace sipcore
