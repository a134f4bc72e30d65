#include "sipcore/util/virtualtimerfactory.h"

namespace sipcore {

class VirtualTimer final : public Timer
{
public:
    explicit VirtualTimer(std::weak_ptr<VirtualTimerFactory *> factory)
        : m_factory(std::move(factory))
    {}
    ~VirtualTimer() override { cancel(); }

    void start(Duration delay, std::function<void()> onExpiry) override
    {
        cancel();
        if (auto factory = m_factory.lock())
            m_id = (*factory)->schedule((*factory)->now() + delay, std::move(onExpiry));
    }
    void cancel() override
    {
        if (auto factory = m_factory.lock(); factory && m_id)
            (*factory)->unschedule(m_id);
        m_id = 0;
    }
    bool isActive() const override
    {
        auto factory = m_factory.lock();
        return factory && m_id && (*factory)->isScheduled(m_id);
    }

private:
    std::weak_ptr<VirtualTimerFactory *> m_factory;
    std::uint64_t m_id = 0;
};

VirtualTimerFactory::VirtualTimerFactory()
    : m_now(std::chrono::steady_clock::time_point{} + std::chrono::hours(1))
    , m_self(std::make_shared<VirtualTimerFactory *>(this))
{}

VirtualTimerFactory::~VirtualTimerFactory() = default;

std::unique_ptr<Timer> VirtualTimerFactory::createTimer()
{
    return std::make_unique<VirtualTimer>(m_self);
}

std::uint64_t VirtualTimerFactory::schedule(TimePoint deadline, std::function<void()> callback)
{
    const std::uint64_t id = m_nextId++;
    m_queue.emplace(deadline, Entry{id, std::move(callback)});
    return id;
}

void VirtualTimerFactory::unschedule(std::uint64_t id)
{
    for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
        if (it->second.id == id) {
            m_queue.erase(it);
            return;
        }
    }
}

bool VirtualTimerFactory::isScheduled(std::uint64_t id) const
{
    for (const auto &[deadline, entry] : m_queue) {
        if (entry.id == id)
            return true;
    }
    return false;
}

void VirtualTimerFactory::fireDue(TimePoint limit)
{
    while (!m_queue.empty() && m_queue.begin()->first <= limit) {
        auto node = m_queue.extract(m_queue.begin());
        m_now = node.key();
        node.mapped().callback();
    }
}

void VirtualTimerFactory::advance(Duration delta)
{
    const TimePoint target = m_now + delta;
    fireDue(target);
    m_now = target;
}

bool VirtualTimerFactory::advanceToNext()
{
    if (m_queue.empty())
        return false;
    fireDue(m_queue.begin()->first);
    return true;
}

Duration VirtualTimerFactory::timeToNext() const
{
    if (m_queue.empty())
        return Duration::max();
    return std::chrono::duration_cast<Duration>(m_queue.begin()->first - m_now);
}

} // namespace sipcore
