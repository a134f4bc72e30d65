#pragma once

#include "sipcore/util/timer.h"

#include <cstdint>
#include <map>

namespace sipcore {

/// Virtual time for tests and benchmarks: nothing fires until advance() is called, and then
/// timers fire in deadline order (ties in start order) with now() set to each deadline.
/// Single-threaded: use it from one thread only.
class VirtualTimerFactory final : public TimerFactory
{
public:
    VirtualTimerFactory();
    ~VirtualTimerFactory() override;

    std::unique_ptr<Timer> createTimer() override;
    TimePoint now() const override { return m_now; }

    /// Moves time forward by \a delta, firing every timer that falls due, including timers
    /// armed by callbacks while advancing.
    void advance(Duration delta);
    /// Moves time to the next deadline and fires what is due then; false when nothing is armed.
    bool advanceToNext();
    /// Number of armed timers.
    std::size_t pendingCount() const { return m_queue.size(); }
    /// Time until the earliest armed timer fires (Duration::max() when none).
    Duration timeToNext() const;

private:
    friend class VirtualTimer;
    struct Entry
    {
        std::uint64_t id;
        std::function<void()> callback;
    };
    std::uint64_t schedule(TimePoint deadline, std::function<void()> callback);
    void unschedule(std::uint64_t id);
    bool isScheduled(std::uint64_t id) const;
    void fireDue(TimePoint limit);

    TimePoint m_now;
    std::uint64_t m_nextId = 1;
    std::multimap<TimePoint, Entry> m_queue;
    std::shared_ptr<VirtualTimerFactory *> m_self; // lets timers outlive the factory safely
};

} // namespace sipcore
