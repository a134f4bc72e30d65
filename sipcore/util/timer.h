#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace sipcore {

using Duration = std::chrono::milliseconds;
using TimePoint = std::chrono::steady_clock::time_point;

/// A one-shot timer. Contract: after cancel() or destruction the callback never runs, even if
/// the deadline had already passed; start() on an active timer restarts it. Callbacks run on
/// the thread that drives the factory (the core thread, or the test's thread for virtual time).
class Timer
{
public:
    virtual ~Timer() = default;
    /// Arms the timer to call \a onExpiry once after \a delay.
    virtual void start(Duration delay, std::function<void()> onExpiry) = 0;
    /// Disarms the timer; harmless when it is not armed.
    virtual void cancel() = 0;
    /// True between start() and expiry or cancel().
    virtual bool isActive() const = 0;
};

/// Makes timers and tells the time: the single source of time for transactions, dialogs and
/// everything else that waits, so tests can run on virtual time (VirtualTimerFactory).
class TimerFactory
{
public:
    virtual ~TimerFactory() = default;
    virtual std::unique_ptr<Timer> createTimer() = 0;
    virtual TimePoint now() const = 0;
};

} // namespace sipcore
