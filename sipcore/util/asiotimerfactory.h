#pragma once

#include "sipcore/util/timer.h"

#include <boost/asio/any_io_executor.hpp>

namespace sipcore {

/// Real timers on an Asio executor (steady clock).
class AsioTimerFactory final : public TimerFactory
{
public:
    explicit AsioTimerFactory(boost::asio::any_io_executor executor);
    std::unique_ptr<Timer> createTimer() override;
    TimePoint now() const override;

private:
    boost::asio::any_io_executor m_executor;
};

} // namespace sipcore
